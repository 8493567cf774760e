package vn.customs.digital.risk.ruleset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.risk.ChannelSelector;

@DisplayName("Ruleset loading and validation")
class RulesetValidationTest {

  /** A valid document; each test breaks one thing in it. */
  private static final String VALID =
      """
            id: test
            version: "7"
            validFrom: 2026-01-01
            thresholds: {yellow: 40, red: 70}
            random: {redRate: 0.02, yellowRate: 0.05, priorityEnterpriseFactor: 0.25}
            priorityEnterpriseGreen: true
            indicators:
              - {id: hs-cars, type: HS_PREFIX, weight: 20, hsPrefixes: ["8703"]}
              - {id: new-trader, type: NEW_TRADER, weight: 20, ageBelowMonths: 6}
            interventions:
              - {id: prohibited-weapons, kind: PROHIBITED, hsPrefixes: ["93"]}
              - {id: target-1, kind: TARGETING, channel: RED, hsPrefixes: ["8471"], validFrom: 2026-01-01, validUntil: 2026-06-30}
            """;

  private static List<RulesetProblem> problemsOf(String yaml) {
    RulesetValidationException e =
        catchThrowableOfType(RulesetValidationException.class, () -> RulesetLoader.fromYaml(yaml));
    assertThat(e).as("the document should have been rejected").isNotNull();
    return e.problems();
  }

  @Test
  @DisplayName("loads a valid document into the records it describes")
  void loadsValidDocument() {
    Ruleset r = RulesetLoader.fromYaml(VALID);

    assertThat(r.label()).isEqualTo("test@7");
    assertThat(r.thresholds()).isEqualTo(new ScoreThresholds(40.0, 70.0));
    assertThat(r.indicators())
        .extracting(IndicatorDefinition::type)
        .containsExactly(IndicatorType.HS_PREFIX, IndicatorType.NEW_TRADER);
    assertThat(r.interventions().get(1).validUntil()).hasToString("2026-06-30");
  }

  @Test
  @DisplayName("reads the same ruleset back from its JSON and YAML forms, and from a stream")
  void roundTrips() {
    Ruleset r = RulesetLoader.fromYaml(VALID);

    assertThat(RulesetLoader.fromJson(RulesetLoader.toJson(r))).isEqualTo(r);
    assertThat(RulesetLoader.fromYaml(RulesetLoader.toYaml(r))).isEqualTo(r);
    assertThat(
            RulesetLoader.load(
                new ByteArrayInputStream(RulesetLoader.toJson(r).getBytes(StandardCharsets.UTF_8)),
                RulesetFormat.JSON))
        .isEqualTo(r);
  }

  @Test
  @DisplayName("rejects an unknown indicator type, naming it and the known ones")
  void unknownIndicatorType() {
    assertThat(problemsOf(VALID.replace("type: NEW_TRADER", "type: NEW_TRADERS")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("indicators[1].type");
              assertThat(p.message())
                  .contains("unknown indicator type 'NEW_TRADERS'", "NEW_TRADER", "HS_PREFIX");
            });
  }

  @Test
  @DisplayName("rejects a negative, non-numeric or too large weight")
  void badWeights() {
    assertThat(problemsOf(VALID.replace("weight: 20, hsPrefixes", "weight: -5, hsPrefixes")))
        .containsExactly(
            new RulesetProblem(
                "indicators[0].weight", "must be a finite number within [0, 1000.0], got -5.0"));
    assertThat(
            problemsOf(VALID.replace("weight: 20, ageBelowMonths", "weight: 5000, ageBelowMonths")))
        .extracting(RulesetProblem::path)
        .containsExactly("indicators[1].weight");
    // YAML's .nan is not read as a number by Jackson's YAML reader; it is still reported with its
    // path.
    assertThat(problemsOf(VALID.replace("weight: 20, hsPrefixes", "weight: .nan, hsPrefixes")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("indicators[0].weight");
              assertThat(p.message()).contains(".nan");
            });
  }

  @Test
  @DisplayName("rejects a NaN weight in a JSON document too")
  void nanWeightInJson() {
    String json =
        RulesetLoader.toJson(RulesetLoader.fromYaml(VALID))
            .replaceFirst("\"weight\" : 20.0", "\"weight\" : NaN");

    assertThatThrownBy(() -> RulesetLoader.fromJson(json))
        .isInstanceOf(RulesetValidationException.class)
        .hasMessageContaining(
            "indicators[0].weight: must be a finite number within [0, 1000.0], got NaN");
  }

  @Test
  @DisplayName("rejects inverted or overlapping thresholds")
  void thresholds() {
    assertThat(problemsOf(VALID.replace("{yellow: 40, red: 70}", "{yellow: 70, red: 70}")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("thresholds");
              assertThat(p.message()).contains("yellow (70.0) must be below red (70.0)");
            });
    assertThat(problemsOf(VALID.replace("{yellow: 40, red: 70}", "{yellow: 80, red: 70}")))
        .extracting(RulesetProblem::path)
        .containsExactly("thresholds");
    assertThat(problemsOf(VALID.replace("{yellow: 40, red: 70}", "{red: 70}")))
        .containsExactly(new RulesetProblem("thresholds.yellow", "is required"));
  }

  @Test
  @DisplayName("rejects random rates outside [0, 1] or summing to more than 1")
  void rates() {
    assertThat(problemsOf(VALID.replace("redRate: 0.02", "redRate: 1.5")))
        .containsExactly(new RulesetProblem("random.redRate", "must be within [0, 1], got 1.5"));
    assertThat(
            problemsOf(
                VALID.replace("priorityEnterpriseFactor: 0.25", "priorityEnterpriseFactor: -0.1")))
        .extracting(RulesetProblem::path)
        .containsExactly("random.priorityEnterpriseFactor");
    assertThat(
            problemsOf(
                VALID.replace("redRate: 0.02, yellowRate: 0.05", "redRate: 0.6, yellowRate: 0.5")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("random");
              assertThat(p.message()).contains("must not exceed 1");
            });
  }

  @Test
  @DisplayName("rejects a targeting rule that expired before the ruleset's validFrom")
  void expiredTargetingRule() {
    assertThat(
            problemsOf(
                VALID.replace(
                    "validFrom: 2026-01-01, validUntil: 2026-06-30",
                    "validFrom: 2025-06-01, validUntil: 2025-12-31")))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.path()).isEqualTo("interventions[1].validUntil");
              assertThat(p.message())
                  .contains("expired on 2025-12-31", "before the ruleset's validFrom 2026-01-01");
            });
  }

  @Test
  @DisplayName("rejects a targeting rule without an expiry date, or ending before it starts")
  void targetingValidity() {
    assertThat(problemsOf(VALID.replace(", validUntil: 2026-06-30", "")))
        .containsExactly(
            new RulesetProblem(
                "interventions[1].validUntil", "is required for intervention kind TARGETING"));
    assertThat(
            problemsOf(
                VALID.replace(
                    "validFrom: 2026-01-01, validUntil", "validFrom: 2026-07-01, validUntil")))
        .extracting(RulesetProblem::path)
        .containsExactly("interventions[1].validUntil");
  }

  @Test
  @DisplayName("rejects duplicate rule ids across indicators and interventions")
  void duplicateIds() {
    assertThat(problemsOf(VALID.replace("id: prohibited-weapons", "id: hs-cars")))
        .containsExactly(
            new RulesetProblem(
                "interventions[0].id",
                "duplicate rule id 'hs-cars', already used at indicators[0]"));
  }

  @Test
  @DisplayName("rejects unknown fields, missing parameters and parameters a type does not read")
  void parameters() {
    assertThat(problemsOf(VALID.replace("hsPrefixes: [\"8703\"]", "hsPrefix: [\"8703\"]")))
        .containsExactly(
            new RulesetProblem("indicators[0].hsPrefix", "unknown field 'hsPrefix'"),
            new RulesetProblem(
                "indicators[0].hsPrefixes", "is required for indicator type HS_PREFIX"));
    assertThat(
            problemsOf(
                VALID.replace("ageBelowMonths: 6", "ageBelowMonths: 6, hsPrefixes: [\"01\"]")))
        .containsExactly(
            new RulesetProblem(
                "indicators[1].hsPrefixes", "does not apply to indicator type NEW_TRADER"));
  }

  @Test
  @DisplayName(
      "requires a positive countAtLeast for amendments after release and late payments, and no window")
  void outcomeIndicators() {
    String outcomes =
        VALID.replace(
            "interventions:\n",
            """
                  - {id: amended, type: AMENDMENTS_AFTER_RELEASE, weight: 10, countAtLeast: 2}
                  - {id: late, type: LATE_PAYMENTS, weight: 10, countAtLeast: 1}
                interventions:
                """);

    assertThat(RulesetLoader.fromYaml(outcomes).indicators())
        .extracting(IndicatorDefinition::type)
        .endsWith(IndicatorType.AMENDMENTS_AFTER_RELEASE, IndicatorType.LATE_PAYMENTS);
    assertThat(
            problemsOf(
                outcomes
                    .replace("countAtLeast: 2}", "}")
                    .replace("countAtLeast: 1}", "countAtLeast: 0}")))
        .containsExactly(
            new RulesetProblem(
                "indicators[2].countAtLeast",
                "is required for indicator type AMENDMENTS_AFTER_RELEASE"),
            new RulesetProblem("indicators[3].countAtLeast", "must be positive, got 0"));
    assertThat(
            problemsOf(outcomes.replace("countAtLeast: 1}", "countAtLeast: 1, windowMonths: 24}")))
        .containsExactly(
            new RulesetProblem(
                "indicators[3].windowMonths", "does not apply to indicator type LATE_PAYMENTS"));
  }

  @Test
  @DisplayName("rejects malformed HS prefixes, country codes, tax codes and dates")
  void malformedValues() {
    List<RulesetProblem> problems =
        problemsOf(
            VALID
                    .replace("hsPrefixes: [\"93\"]", "hsPrefixes: [\"9\", \"93x\"], origins: [cn]")
                    .replace("validUntil: 2026-06-30", "validUntil: 2026-06-31")
                + "  - {id: watch, kind: WATCH_LIST, channel: GREEN, taxCodes: [\"12345\"]}\n");

    assertThat(problems)
        .extracting(RulesetProblem::path)
        .containsExactly(
            "interventions[1].validUntil",
            "interventions[0].hsPrefixes[0]",
            "interventions[0].hsPrefixes[1]",
            "interventions[0].origins[0]",
            "interventions[2].channel",
            "interventions[2].taxCodes[0]");
    assertThat(problems.get(0).message()).contains("2026-06-31", "yyyy-mm-dd");
  }

  @Test
  @DisplayName("lists every problem of a document in one error, each with its path")
  void everyProblemAtOnce() {
    String broken =
        VALID
            .replace("type: NEW_TRADER", "type: OLD_TRADER")
            .replace("weight: 20, hsPrefixes", "weight: -1, hsPrefixes")
            .replace("{yellow: 40, red: 70}", "{yellow: 90, red: 70}")
            .replace("yellowRate: 0.05", "yellowRate: 2")
            .replace("id: prohibited-weapons", "id: hs-cars")
            .replace("validFrom: 2026-01-01, validUntil: 2026-06-30", "validUntil: 2025-12-31");

    RulesetValidationException e =
        catchThrowableOfType(
            RulesetValidationException.class, () -> RulesetLoader.fromYaml(broken));

    assertThat(e.problems())
        .extracting(RulesetProblem::path)
        .containsExactlyInAnyOrder(
            "indicators[1].type",
            "indicators[0].weight",
            "thresholds",
            "random.yellowRate",
            "interventions[0].id",
            "interventions[1].validUntil");
    assertThat(e.getMessage())
        .startsWith("ruleset test@7 is invalid (6 problems):")
        .contains("\n  - indicators[1].type: unknown indicator type 'OLD_TRADER'");
  }

  @Test
  @DisplayName("reports a document that is not YAML at all with its line")
  void syntaxError() {
    assertThat(problemsOf("id: test\nversion: \"7\nvalidFrom: 2026-01-01\n"))
        .singleElement()
        .satisfies(p -> assertThat(p.path()).startsWith("line "));
  }

  @Test
  @DisplayName("validates a ruleset built in code when a selector is made from it")
  void validatesProgrammaticRulesets() {
    Ruleset valid = RulesetLoader.fromYaml(VALID);
    List<IndicatorDefinition> indicators = new ArrayList<>(valid.indicators());
    indicators.add(
        new IndicatorDefinition(
            "nan",
            IndicatorType.LOW_ACTIVITY,
            Double.NaN,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            5,
            null,
            null,
            null,
            null));
    Ruleset broken =
        new Ruleset(
            valid.id(),
            valid.version(),
            valid.validFrom(),
            null,
            valid.thresholds(),
            valid.random(),
            valid.priorityEnterpriseGreen(),
            indicators,
            valid.interventions());

    assertThatThrownBy(() -> ChannelSelector.of(broken))
        .isInstanceOf(RulesetValidationException.class)
        .hasMessageContaining(
            "indicators[2].weight: must be a finite number within [0, 1000.0], got NaN");
  }

  @Test
  @DisplayName("ships a valid default ruleset of about fifty rules")
  void defaultRuleset() {
    Ruleset r = RulesetLoader.loadDefault();

    assertThat(r.label()).isEqualTo("vn-customs-default@2026.1");
    assertThat(r.indicators().size() + r.interventions().size()).isBetween(45, 65);
    assertThat(r.interventions())
        .extracting(InterventionRule::kind)
        .contains(InterventionKind.values());
    assertThat(RulesetValidator.problems(r)).isEmpty();
  }
}
