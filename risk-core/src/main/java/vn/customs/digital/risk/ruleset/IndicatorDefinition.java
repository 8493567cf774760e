package vn.customs.digital.risk.ruleset;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.customs.digital.risk.DocumentKind;
import vn.customs.digital.risk.TransportMode;
import vn.customs.digital.risk.ViolationSeverity;

/**
 * A layer-1 indicator as written in a ruleset document. Parameters are optional fields so that one
 * document shape covers every type; {@link IndicatorType} says which ones a type reads, and the
 * validator rejects missing and stray ones.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndicatorDefinition(
    String id,
    IndicatorType type,
    Double weight,
    String description,
    List<String> hsPrefixes,
    List<String> origins,
    BigDecimal ratioBelow,
    DocumentKind document,
    Integer ageBelowMonths,
    ViolationSeverity minSeverity,
    Integer windowMonths,
    Integer countAtLeast,
    BigDecimal amountAboveVnd,
    Integer declarationsBelow,
    List<TransportMode> transportModes,
    List<String> officeCodes,
    List<String> gateCodes,
    BigDecimal amountAtLeastVnd) {

  /** The parameters that are set, by their document name. */
  Map<String, Object> parametersSet() {
    Map<String, Object> set = new LinkedHashMap<>();
    put(set, "hsPrefixes", hsPrefixes);
    put(set, "origins", origins);
    put(set, "ratioBelow", ratioBelow);
    put(set, "document", document);
    put(set, "ageBelowMonths", ageBelowMonths);
    put(set, "minSeverity", minSeverity);
    put(set, "windowMonths", windowMonths);
    put(set, "countAtLeast", countAtLeast);
    put(set, "amountAboveVnd", amountAboveVnd);
    put(set, "declarationsBelow", declarationsBelow);
    put(set, "transportModes", transportModes);
    put(set, "officeCodes", officeCodes);
    put(set, "gateCodes", gateCodes);
    put(set, "amountAtLeastVnd", amountAtLeastVnd);
    return set;
  }

  private static void put(Map<String, Object> map, String name, Object value) {
    if (value != null) {
      map.put(name, value);
    }
  }
}
