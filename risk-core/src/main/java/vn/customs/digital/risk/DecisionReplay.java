package vn.customs.digital.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import vn.customs.digital.risk.ruleset.Ruleset;

/**
 * Recomputes a stored decision from the stored facts, profile, ruleset version and key, and says
 * whether it matches: the check behind {@code ops/risk replay}.
 *
 * <p>A replay proves the decision follows from the stored inputs. It cannot notice a change to an
 * input that does not change the decision (say, the quantity of a line no rule looks at); the
 * integrity of the stored inputs themselves is the hash-chained audit log's job.
 */
public final class DecisionReplay {

  private DecisionReplay() {}

  /**
   * @param matches whether the recomputed decision equals the stored one
   * @param differences one line per top-level field that differs, empty when they match
   */
  public record Outcome(
      boolean matches,
      ChannelDecision stored,
      ChannelDecision recomputed,
      List<String> differences) {
    public Outcome {
      differences = List.copyOf(differences);
    }
  }

  public static Outcome replay(
      ChannelDecision stored,
      DeclarationFacts facts,
      TraderProfile profile,
      Ruleset ruleset,
      RandomKey key) {
    return replay(stored, facts, profile, ChannelSelector.of(ruleset), key);
  }

  public static Outcome replay(
      ChannelDecision stored,
      DeclarationFacts facts,
      TraderProfile profile,
      ChannelSelector selector,
      RandomKey key) {
    ChannelDecision recomputed = selector.decide(facts, profile, key);
    if (recomputed.equals(stored)) {
      return new Outcome(true, stored, recomputed, List.of());
    }
    Map<String, Object> was = stored.toMap();
    Map<String, Object> now = recomputed.toMap();
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, Object> e : now.entrySet()) {
      Object before = was.get(e.getKey());
      if (!Objects.equals(before, e.getValue())) {
        differences.add(e.getKey() + ": stored " + before + ", recomputed " + e.getValue());
      }
    }
    return new Outcome(false, stored, recomputed, differences);
  }
}
