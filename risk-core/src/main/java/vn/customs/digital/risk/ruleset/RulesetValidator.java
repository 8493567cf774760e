package vn.customs.digital.risk.ruleset;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import vn.customs.digital.risk.Channel;

/**
 * Checks a ruleset and lists every problem with its path, so that a risk manager fixes a document
 * in one round instead of one error per upload.
 */
public final class RulesetValidator {

  /**
   * Upper bound of an indicator weight. Thresholds in the default ruleset are around 40 and 70; a
   * weight in the thousands is a slip of a key, not a judgement.
   */
  public static final double MAX_WEIGHT = 1000.0;

  private static final Pattern TAX_CODE = Pattern.compile("\\d{10}(-\\d{3})?");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern HS_PREFIX = Pattern.compile("\\d{2}|\\d{4}|\\d{6}|\\d{8}");

  private final List<RulesetProblem> problems = new ArrayList<>();

  private RulesetValidator() {}

  /** Every problem of the ruleset, in document order; empty when it is usable. */
  public static List<RulesetProblem> problems(Ruleset ruleset) {
    RulesetValidator v = new RulesetValidator();
    v.check(ruleset);
    return List.copyOf(v.problems);
  }

  /** Throws with every problem listed unless the ruleset is usable. */
  public static void validate(Ruleset ruleset) {
    List<RulesetProblem> found = problems(ruleset);
    if (!found.isEmpty()) {
      throw new RulesetValidationException(ruleset.label(), found);
    }
  }

  private void problem(String path, String message) {
    problems.add(new RulesetProblem(path, message));
  }

  private void check(Ruleset r) {
    if (isBlank(r.id())) {
      problem("id", "is required");
    }
    if (isBlank(r.version())) {
      problem("version", "is required");
    }
    if (r.validFrom() == null) {
      problem("validFrom", "is required (yyyy-mm-dd)");
    }
    if (r.priorityEnterpriseGreen() == null) {
      problem("priorityEnterpriseGreen", "is required (true or false)");
    }
    checkThresholds(r.thresholds());
    checkRandom(r.random());

    Map<String, String> idPaths = new HashMap<>();
    for (int i = 0; i < r.indicators().size(); i++) {
      String path = "indicators[" + i + "]";
      IndicatorDefinition d = r.indicators().get(i);
      if (d == null) {
        problem(path, "is empty");
        continue;
      }
      checkId(d.id(), path, idPaths);
      checkIndicator(d, path);
    }
    for (int i = 0; i < r.interventions().size(); i++) {
      String path = "interventions[" + i + "]";
      InterventionRule rule = r.interventions().get(i);
      if (rule == null) {
        problem(path, "is empty");
        continue;
      }
      checkId(rule.id(), path, idPaths);
      checkIntervention(rule, path, r.validFrom());
    }
  }

  private void checkThresholds(ScoreThresholds t) {
    if (t == null) {
      problem("thresholds", "is required (yellow and red scores)");
      return;
    }
    boolean yellowOk = checkScore(t.yellow(), "thresholds.yellow");
    boolean redOk = checkScore(t.red(), "thresholds.red");
    if (yellowOk && redOk && t.yellow() >= t.red()) {
      problem(
          "thresholds",
          "yellow ("
              + t.yellow()
              + ") must be below red ("
              + t.red()
              + "), otherwise the YELLOW band is empty or inverted");
    }
  }

  private boolean checkScore(Double value, String path) {
    if (value == null) {
      problem(path, "is required");
      return false;
    }
    if (!Double.isFinite(value) || value < 0) {
      problem(path, "must be a finite number >= 0, got " + value);
      return false;
    }
    return true;
  }

  private void checkRandom(RandomRates rates) {
    if (rates == null) {
      problem("random", "is required (redRate, yellowRate, priorityEnterpriseFactor)");
      return;
    }
    boolean redOk = checkFraction(rates.redRate(), "random.redRate");
    boolean yellowOk = checkFraction(rates.yellowRate(), "random.yellowRate");
    checkFraction(rates.priorityEnterpriseFactor(), "random.priorityEnterpriseFactor");
    if (redOk && yellowOk && rates.redRate() + rates.yellowRate() > 1.0) {
      problem(
          "random",
          "redRate + yellowRate must not exceed 1, got "
              + rates.redRate()
              + " + "
              + rates.yellowRate());
    }
  }

  private boolean checkFraction(Double value, String path) {
    if (value == null) {
      problem(path, "is required");
      return false;
    }
    if (!(value >= 0.0 && value <= 1.0)) {
      problem(path, "must be within [0, 1], got " + value);
      return false;
    }
    return true;
  }

  private void checkId(String id, String path, Map<String, String> idPaths) {
    if (isBlank(id)) {
      problem(path + ".id", "is required");
      return;
    }
    String first = idPaths.putIfAbsent(id, path);
    if (first != null) {
      problem(path + ".id", "duplicate rule id '" + id + "', already used at " + first);
    }
  }

  private void checkIndicator(IndicatorDefinition d, String path) {
    Double w = d.weight();
    if (w == null) {
      problem(path + ".weight", "is required");
    } else if (!Double.isFinite(w) || w < 0 || w > MAX_WEIGHT) {
      problem(path + ".weight", "must be a finite number within [0, " + MAX_WEIGHT + "], got " + w);
    }
    IndicatorType type = d.type();
    if (type == null) {
      problem(path + ".type", "is required, one of " + List.of(IndicatorType.values()));
      return;
    }
    Map<String, Object> set = d.parametersSet();
    for (String name : type.requiredParameters()) {
      if (!set.containsKey(name)) {
        problem(path + "." + name, "is required for indicator type " + type);
      }
    }
    for (String name : set.keySet()) {
      if (!type.requiredParameters().contains(name) && !type.optionalParameters().contains(name)) {
        problem(path + "." + name, "does not apply to indicator type " + type);
      }
    }
    if (type == IndicatorType.ENTRY_POINT && d.officeCodes() == null && d.gateCodes() == null) {
      problem(path, "ENTRY_POINT needs officeCodes or gateCodes");
    }
    checkHsPrefixes(d.hsPrefixes(), path + ".hsPrefixes");
    checkCountries(d.origins(), path + ".origins");
    checkNonEmpty(d.transportModes(), path + ".transportModes");
    checkNonEmpty(d.officeCodes(), path + ".officeCodes");
    checkNonEmpty(d.gateCodes(), path + ".gateCodes");
    if (d.ratioBelow() != null
        && (d.ratioBelow().signum() <= 0 || d.ratioBelow().compareTo(BigDecimal.ONE) > 0)) {
      problem(path + ".ratioBelow", "must be within (0, 1], got " + d.ratioBelow());
    }
    checkPositive(d.ageBelowMonths(), path + ".ageBelowMonths");
    checkPositive(d.countAtLeast(), path + ".countAtLeast");
    checkPositive(d.declarationsBelow(), path + ".declarationsBelow");
    if (d.windowMonths() != null && d.windowMonths() != 12 && d.windowMonths() != 24) {
      problem(
          path + ".windowMonths",
          "must be 12 or 24 (the windows a trader profile keeps), got " + d.windowMonths());
    }
    if (d.amountAboveVnd() != null && d.amountAboveVnd().signum() < 0) {
      problem(path + ".amountAboveVnd", "must not be negative, got " + d.amountAboveVnd());
    }
    if (d.amountAtLeastVnd() != null && d.amountAtLeastVnd().signum() <= 0) {
      problem(path + ".amountAtLeastVnd", "must be positive, got " + d.amountAtLeastVnd());
    }
  }

  private void checkIntervention(InterventionRule rule, String path, LocalDate rulesetValidFrom) {
    InterventionKind kind = rule.kind();
    if (kind == null) {
      problem(path + ".kind", "is required, one of " + List.of(InterventionKind.values()));
      return;
    }
    Map<String, Object> set = rule.fieldsSet();
    Set<String> allowed =
        switch (kind) {
          case PROHIBITED -> Set.of("hsPrefixes", "origins", "channel");
          case QUARANTINE, SPECIALISED_INSPECTION -> Set.of("hsPrefixes", "origins", "channel");
          case WATCH_LIST -> Set.of("taxCodes", "channel");
          case TARGETING -> set.keySet();
        };
    for (String name : set.keySet()) {
      if (!allowed.contains(name)) {
        problem(path + "." + name, "does not apply to intervention kind " + kind);
      }
    }
    switch (kind) {
      case PROHIBITED -> {
        requireField(set, "hsPrefixes", path, kind);
        if (rule.channel() != null && rule.channel() != Channel.RED) {
          problem(path + ".channel", "prohibited goods are always RED, got " + rule.channel());
        }
      }
      case QUARANTINE, SPECIALISED_INSPECTION -> {
        requireField(set, "hsPrefixes", path, kind);
        checkNotGreen(rule.channel(), path);
      }
      case WATCH_LIST -> {
        requireField(set, "taxCodes", path, kind);
        requireField(set, "channel", path, kind);
        checkNotGreen(rule.channel(), path);
      }
      case TARGETING -> {
        requireField(set, "channel", path, kind);
        requireField(set, "validUntil", path, kind);
        checkNotGreen(rule.channel(), path);
        boolean hasCriterion =
            set.keySet().stream()
                .anyMatch(
                    k -> !k.equals("channel") && !k.equals("validFrom") && !k.equals("validUntil"));
        if (!hasCriterion) {
          problem(
              path,
              "a targeting rule needs at least one criterion (hsPrefixes, origins, taxCodes, "
                  + "officeCodes, gateCodes, transportModes, declarationTypes); one matching everything is not targeting");
        }
        checkValidity(rule, path, rulesetValidFrom);
      }
    }
    checkHsPrefixes(rule.hsPrefixes(), path + ".hsPrefixes");
    checkCountries(rule.origins(), path + ".origins");
    checkNonEmpty(rule.officeCodes(), path + ".officeCodes");
    checkNonEmpty(rule.gateCodes(), path + ".gateCodes");
    checkNonEmpty(rule.transportModes(), path + ".transportModes");
    checkNonEmpty(rule.declarationTypes(), path + ".declarationTypes");
    if (checkNonEmpty(rule.taxCodes(), path + ".taxCodes")) {
      for (int i = 0; i < rule.taxCodes().size(); i++) {
        if (!TAX_CODE.matcher(rule.taxCodes().get(i)).matches()) {
          problem(
              path + ".taxCodes[" + i + "]",
              "must be a 10-digit tax code, optionally with a 3-digit branch suffix (0101234567-001), got '"
                  + rule.taxCodes().get(i)
                  + "'");
        }
      }
    }
  }

  private void checkValidity(InterventionRule rule, String path, LocalDate rulesetValidFrom) {
    if (rule.validUntil() == null) {
      return;
    }
    if (rule.validFrom() != null && rule.validFrom().isAfter(rule.validUntil())) {
      problem(
          path + ".validUntil",
          "is before validFrom (" + rule.validFrom() + " > " + rule.validUntil() + ")");
    }
    if (rulesetValidFrom != null && rule.validUntil().isBefore(rulesetValidFrom)) {
      problem(
          path + ".validUntil",
          "the rule expired on "
              + rule.validUntil()
              + ", before the ruleset's validFrom "
              + rulesetValidFrom
              + ": remove it from this version");
    }
  }

  private void requireField(
      Map<String, Object> set, String name, String path, InterventionKind kind) {
    if (!set.containsKey(name)) {
      problem(path + "." + name, "is required for intervention kind " + kind);
    }
  }

  private void checkNotGreen(Channel channel, String path) {
    if (channel == Channel.GREEN) {
      problem(
          path + ".channel",
          "an intervention demands YELLOW or RED; GREEN is the absence of an intervention");
    }
  }

  private void checkHsPrefixes(List<String> prefixes, String path) {
    if (!checkNonEmpty(prefixes, path)) {
      return;
    }
    for (int i = 0; i < prefixes.size(); i++) {
      if (!HS_PREFIX.matcher(prefixes.get(i)).matches()) {
        problem(
            path + "[" + i + "]",
            "must be an HS chapter, heading, subheading or tariff line (2, 4, 6 or 8 digits), got '"
                + prefixes.get(i)
                + "'");
      }
    }
  }

  private void checkCountries(List<String> countries, String path) {
    if (!checkNonEmpty(countries, path)) {
      return;
    }
    for (int i = 0; i < countries.size(); i++) {
      if (!COUNTRY.matcher(countries.get(i)).matches()) {
        problem(
            path + "[" + i + "]",
            "must be an ISO 3166-1 alpha-2 code in upper case, got '" + countries.get(i) + "'");
      }
    }
  }

  /**
   * True when the list is present, non-empty and has no empty entry (absent lists are checked
   * elsewhere).
   */
  private boolean checkNonEmpty(List<?> list, String path) {
    if (list == null) {
      return false;
    }
    if (list.isEmpty()) {
      problem(path, "must not be empty (leave it out instead)");
      return false;
    }
    boolean ok = true;
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        problem(path + "[" + i + "]", "is empty or not a known value");
        ok = false;
      }
    }
    return ok;
  }

  private void checkPositive(Integer value, String path) {
    if (value != null && value <= 0) {
      problem(path, "must be positive, got " + value);
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
