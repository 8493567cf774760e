package vn.customs.digital.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.customs.digital.risk.Fixtures.KEY;
import static vn.customs.digital.risk.Fixtures.facts;
import static vn.customs.digital.risk.Fixtures.item;
import static vn.customs.digital.risk.Fixtures.profile;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.risk.ruleset.Ruleset;
import vn.customs.digital.risk.ruleset.RulesetLoader;

@DisplayName("Storing and replaying a decision")
class DecisionReplayTest {

  private final Ruleset ruleset = RulesetLoader.loadDefault();
  private final DeclarationFacts facts =
      facts()
          .items(
              item("85171300", "CN", "30000000", "100", "900000"),
              item("61091000", "CN", "40000000"))
          .build();
  private final TraderProfile profile = profile().registered(Fixtures.DAY.minusMonths(4)).build();

  @Test
  @DisplayName("matches when recomputed from the stored facts, profile, ruleset document and key")
  void replayMatches() {
    ChannelDecision decision = ChannelSelector.of(ruleset).decide(facts, profile, KEY);
    String storedDecision = RiskJson.writeDecision(decision);
    String storedFacts = RiskJson.writeFacts(facts);
    String storedProfile = RiskJson.writeProfile(profile);
    String storedRuleset = RulesetLoader.toYaml(ruleset);

    DecisionReplay.Outcome outcome =
        DecisionReplay.replay(
            RiskJson.readDecision(storedDecision),
            RiskJson.readFacts(storedFacts),
            RiskJson.readProfile(storedProfile),
            RulesetLoader.fromYaml(storedRuleset),
            KEY);

    assertThat(decision.channel()).isEqualTo(Channel.RED);
    assertThat(outcome.matches()).isTrue();
    assertThat(outcome.differences()).isEmpty();
    assertThat(outcome.recomputed()).isEqualTo(decision);
  }

  @Test
  @DisplayName(
      "round-trips the profile's amendments after release and late payments through storage")
  void profileOutcomesRoundTrip() {
    TraderProfile withOutcomes =
        profile().amendmentsAfterRelease(3).latePayments(1).debt("12500000.00").build();

    String stored = RiskJson.writeProfile(withOutcomes);

    assertThat(stored)
        .contains("\"amendmentsAfterReleaseLast12Months\":3", "\"latePaymentsLast12Months\":1");
    assertThat(RiskJson.readProfile(stored)).isEqualTo(withOutcomes);
  }

  @Test
  @DisplayName(
      "reads a profile stored before amendments and late payments were kept as 0 of each, and replays its decision")
  void profileStoredBeforeOutcomesReplays() {
    // A profile exactly as RiskJson wrote it before the two counts existed.
    String storedBefore =
        "{\"taxCode\":\"0301234567\",\"registrationDate\":\"2026-07-23\",\"declarationsLast12Months\":240,"
            + "\"violationsLast12Months\":{\"minor\":0,\"serious\":0,\"criminal\":0},"
            + "\"violationsLast24Months\":{\"minor\":0,\"serious\":0,\"criminal\":0},"
            + "\"priorityEnterprise\":false,\"overdueDebtVnd\":0}";
    ChannelDecision decision = ChannelSelector.of(ruleset).decide(facts, profile, KEY);

    TraderProfile read = RiskJson.readProfile(storedBefore);

    assertThat(read).isEqualTo(profile);
    assertThat(read.amendmentsAfterReleaseLast12Months()).isZero();
    assertThat(read.latePaymentsLast12Months()).isZero();
    assertThat(
            DecisionReplay.replay(
                    RiskJson.readDecision(RiskJson.writeDecision(decision)),
                    facts,
                    read,
                    ruleset,
                    KEY)
                .matches())
        .isTrue();
  }

  @Test
  @DisplayName("detects a stored fact that was tampered with after the decision")
  void tamperedFactDetected() {
    ChannelDecision decision = ChannelSelector.of(ruleset).decide(facts, profile, KEY);
    // Someone edits the stored origin of the garments line from CN to VN.
    String tampered =
        RiskJson.writeFacts(facts)
            .replace(
                "\"hsCode\":\"61091000\",\"origin\":\"CN\"",
                "\"hsCode\":\"61091000\",\"origin\":\"VN\"");
    assertThat(tampered).isNotEqualTo(RiskJson.writeFacts(facts));

    DecisionReplay.Outcome outcome =
        DecisionReplay.replay(decision, RiskJson.readFacts(tampered), profile, ruleset, KEY);

    assertThat(outcome.matches()).isFalse();
    assertThat(outcome.differences())
        .anySatisfy(d -> assertThat(d).startsWith("score: stored 110.0, recomputed 95.0"));
    assertThat(outcome.differences()).anySatisfy(d -> assertThat(d).startsWith("contributions:"));
  }

  @Test
  @DisplayName("detects a decision replayed under another key")
  void otherKeyDetected() {
    ChannelDecision decision = ChannelSelector.of(ruleset).decide(facts, profile, KEY);
    RandomKey other =
        RandomKey.ofHex("2026-11-23-b", Fixtures.DAY, "0f1e2d3c4b5a69788796a5b4c3d2e1f0");

    DecisionReplay.Outcome outcome =
        DecisionReplay.replay(decision, facts, profile, ruleset, other);

    assertThat(outcome.matches()).isFalse();
    assertThat(outcome.differences())
        .singleElement()
        .satisfies(d -> assertThat(d).startsWith("randomSelection:"));
  }

  @Test
  @DisplayName("renders the full record as a JSON-friendly map")
  void toMap() {
    ChannelDecision decision = ChannelSelector.of(ruleset).decide(facts, profile, KEY);

    Map<String, Object> map = decision.toMap();

    assertThat(map)
        .containsEntry("declarationNumber", "104512345678")
        .containsEntry("decisionDate", "2026-11-23")
        .containsEntry("rulesetId", "vn-customs-default")
        .containsEntry("rulesetVersion", "2026.1")
        .containsEntry("channel", "RED")
        .containsEntry("reasonCodes", List.of("R-SCORE"))
        .containsEntry("score", decision.score());
    assertThat(map.get("contributions")).asList().first().isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) map.get("randomSelection")).get("draw"))
        .isEqualTo(RandomDraw.draw(KEY, "104512345678"));
    assertThat(map.get("thresholds")).isEqualTo(Map.of("yellow", 40.0, "red", 70.0));
  }

  @Test
  @DisplayName("refuses a profile of another trader and a key of another day")
  void refusesMismatchedInputs() {
    ChannelSelector selector = ChannelSelector.of(ruleset);
    TraderProfile otherTrader = profile().taxCode("0109876543").build();
    RandomKey tomorrow =
        new RandomKey("2026-11-24", Fixtures.DAY.plusDays(1), Fixtures.KEY_TEXT.getBytes());

    assertThatThrownBy(() -> selector.decide(facts, otherTrader, KEY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0109876543");
    assertThatThrownBy(() -> selector.decide(facts, profile, tomorrow))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-11-24");
  }
}
