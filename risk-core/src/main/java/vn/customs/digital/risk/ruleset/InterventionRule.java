package vn.customs.digital.risk.ruleset;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.customs.digital.risk.Channel;
import vn.customs.digital.risk.DeclarationType;
import vn.customs.digital.risk.TransportMode;

/**
 * A layer-2 intervention as written in a ruleset document.
 *
 * <p>Criteria combine with AND across fields and OR within a field: a targeting rule with {@code
 * hsPrefixes: [8471]} and {@code origins: [CN, HK]} fires on an item of heading 8471 originating in
 * China or Hong Kong. Item criteria ({@code hsPrefixes}, {@code origins}) must hold on the same
 * item.
 *
 * @param channel the channel forced (TARGETING, WATCH_LIST) or the floor (QUARANTINE,
 *     SPECIALISED_INSPECTION, default YELLOW); PROHIBITED is always RED
 * @param taxCodes declarant or consignee tax codes (WATCH_LIST, TARGETING)
 * @param validFrom first day a targeting rule is in force (default: the ruleset's validFrom)
 * @param validUntil last day a targeting rule is in force, inclusive; required for TARGETING so
 *     that no officer's rule outlives its purpose unnoticed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InterventionRule(
    String id,
    InterventionKind kind,
    String description,
    Channel channel,
    List<String> hsPrefixes,
    List<String> origins,
    List<String> taxCodes,
    List<String> officeCodes,
    List<String> gateCodes,
    List<TransportMode> transportModes,
    List<DeclarationType> declarationTypes,
    LocalDate validFrom,
    LocalDate validUntil) {

  /** The channel the rule demands when it fires. */
  public Channel effectiveChannel() {
    return switch (kind) {
      case PROHIBITED -> Channel.RED;
      case QUARANTINE, SPECIALISED_INSPECTION -> channel == null ? Channel.YELLOW : channel;
      case TARGETING, WATCH_LIST -> channel;
    };
  }

  /** Whether a targeting rule is in force on a day; other kinds are always in force. */
  public boolean inForceOn(LocalDate day, LocalDate rulesetValidFrom) {
    if (kind != InterventionKind.TARGETING) {
      return true;
    }
    LocalDate from = validFrom == null ? rulesetValidFrom : validFrom;
    return !day.isBefore(from) && !day.isAfter(validUntil);
  }

  /** The optional fields that are set, by their document name (id, kind and description aside). */
  Map<String, Object> fieldsSet() {
    Map<String, Object> set = new LinkedHashMap<>();
    put(set, "channel", channel);
    put(set, "hsPrefixes", hsPrefixes);
    put(set, "origins", origins);
    put(set, "taxCodes", taxCodes);
    put(set, "officeCodes", officeCodes);
    put(set, "gateCodes", gateCodes);
    put(set, "transportModes", transportModes);
    put(set, "declarationTypes", declarationTypes);
    put(set, "validFrom", validFrom);
    put(set, "validUntil", validUntil);
    return set;
  }

  private static void put(Map<String, Object> map, String name, Object value) {
    if (value != null) {
      map.put(name, value);
    }
  }
}
