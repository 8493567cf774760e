package vn.customs.digital.risk.ruleset;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A versioned ruleset document: what the risk manager uploads, what the api stores, and what a
 * replay loads again. Build it with {@link RulesetLoader}, which validates it; a ruleset built in
 * code is validated when a {@code ChannelSelector} is made from it.
 *
 * @param id ruleset family, e.g. {@code vn-customs-default}
 * @param version version within the family, e.g. {@code 2026.1}; id and version identify the
 *     document a decision was made with
 * @param validFrom first day the ruleset may be activated
 * @param priorityEnterpriseGreen whether a priority (AEO) enterprise's declaration is GREEN
 *     whatever its score, unless an intervention says otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ruleset(
    String id,
    String version,
    LocalDate validFrom,
    String description,
    ScoreThresholds thresholds,
    RandomRates random,
    Boolean priorityEnterpriseGreen,
    List<IndicatorDefinition> indicators,
    List<InterventionRule> interventions) {

  public Ruleset {
    // Unmodifiable views rather than List.copyOf: a document may hold null entries, which the
    // validator reports with their position instead of failing here without one.
    indicators =
        indicators == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(indicators));
    interventions =
        interventions == null
            ? List.of()
            : Collections.unmodifiableList(new ArrayList<>(interventions));
  }

  /** {@code id@version}, as shown in logs and decision records. */
  public String label() {
    return id + "@" + version;
  }
}
