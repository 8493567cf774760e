package vn.customs.digital.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.risk.Fixtures.DAY;
import static vn.customs.digital.risk.Fixtures.KEY;
import static vn.customs.digital.risk.Fixtures.facts;
import static vn.customs.digital.risk.Fixtures.item;
import static vn.customs.digital.risk.Fixtures.profile;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.risk.ruleset.RulesetLoader;

@DisplayName("The shipped default ruleset 2026.1")
class DefaultRulesetScenarioTest {

  private final ChannelSelector selector = ChannelSelector.of(RulesetLoader.loadDefault());

  @Test
  @DisplayName("sends frozen shrimp with its quarantine certificate to YELLOW for quarantine only")
  void frozenShrimp() {
    ChannelDecision d =
        selector.decide(
            facts()
                .documents(DocumentKind.QUARANTINE_CERTIFICATE)
                .items(item("03061721", "IN", "980000000", "40000", "26000"))
                .build(),
            profile().build(),
            KEY);

    assertThat(d.score()).isZero();
    assertThat(d.channel()).isEqualTo(Channel.YELLOW);
    assertThat(d.reasonCodes()).containsExactly(ReasonCode.QUARANTINE);
  }

  @Test
  @DisplayName("sends an undervalued car of a new trader to RED on its score")
  void undervaluedCar() {
    ChannelDecision d =
        selector.decide(
            facts().items(item("87032390", "DE", "300000000", "1", "1200000000")).build(),
            profile().registered(DAY.minusMonths(3)).build(),
            KEY);

    assertThat(d.contributions())
        .extracting(IndicatorContribution::indicatorId)
        .containsExactly(
            "hs-passenger-cars",
            "undervalue-cars",
            "undervalue-any",
            "new-trader-6m",
            "new-trader-12m");
    assertThat(d.score()).isEqualTo(95.0);
    assertThat(d.interventions())
        .extracting(InterventionFired::ruleId)
        .containsExactly("inspection-vehicles");
    assertThat(d.channel()).isEqualTo(Channel.RED);
    assertThat(d.reasonCodes()).containsExactly(ReasonCode.SCORE);
  }

  @Test
  @DisplayName(
      "targets spirits carried by road before the Lunar New Year without telling the trader why")
  void tetSpirits() {
    LocalDate december = LocalDate.of(2026, 12, 15);
    RandomKey key =
        new RandomKey(
            "2026-12-15",
            december,
            "key-of-2026-12-15-for-tests".getBytes(StandardCharsets.US_ASCII));

    ChannelDecision d =
        selector.decide(
            facts()
                .date(december)
                .mode(TransportMode.ROAD)
                .gate("VNHUN")
                .items(item("22083000", "GB", "420000000"))
                .build(),
            profile().build(),
            key);

    assertThat(d.interventions())
        .extracting(InterventionFired::ruleId)
        .containsExactly("target-2026-118-tet-spirits");
    assertThat(d.channel()).isEqualTo(Channel.RED);
    assertThat(d.traderNotice().reasonCodes()).containsExactly(ReasonCode.CONTROL);
  }

  @Test
  @DisplayName(
      "tells amphibole asbestos (2524.10, prohibited) from chrysotile (2524.90) by its subheading")
  void asbestosSubheadings() {
    ChannelDecision crocidolite =
        selector.decide(
            facts().items(item("25241000", "RU", "50000000")).build(), profile().build(), KEY);
    ChannelDecision chrysotile =
        selector.decide(
            facts().items(item("25249000", "RU", "50000000")).build(), profile().build(), KEY);

    assertThat(crocidolite.channel()).isEqualTo(Channel.RED);
    assertThat(crocidolite.reasonCodes()).containsExactly(ReasonCode.PROHIBITED);
    assertThat(chrysotile.interventions()).isEmpty();
  }

  @Test
  @DisplayName(
      "sends cotton fabric of a trader with a serious violation, late duties and repeated amendments after release to YELLOW")
  void complianceHistory() {
    DeclarationFacts fabric = facts().build();
    TraderProfile violator =
        profile().violations(ViolationCounts.NONE, new ViolationCounts(0, 1, 0)).build();
    TraderProfile lateAndAmending =
        profile()
            .violations(ViolationCounts.NONE, new ViolationCounts(0, 1, 0))
            .latePayments(1)
            .amendmentsAfterRelease(2)
            .build();

    ChannelDecision violationOnly = selector.decide(fabric, violator, KEY);
    ChannelDecision d = selector.decide(fabric, lateAndAmending, KEY);

    assertThat(violationOnly.score()).isEqualTo(30.0);
    assertThat(d.contributions())
        .extracting(IndicatorContribution::indicatorId)
        .containsExactly("violations-serious-24m", "amendments-after-release", "late-payment");
    assertThat(d.score()).isEqualTo(50.0);
    assertThat(d.channel()).isEqualTo(Channel.YELLOW);
    assertThat(d.reasonCodes()).containsExactly(ReasonCode.SCORE);
  }

  @Test
  @DisplayName(
      "clears the garments of a compliant priority enterprise GREEN when the draw does not select them")
  void priorityGarments() {
    DeclarationFacts garments =
        facts().items(item("62034290", "VN", "640000000", "12000", "50000")).build();
    // Precondition: this number's draw under the test key is above even the full random rates.
    assertThat(RandomDraw.draw(KEY, garments.declarationNumber())).isGreaterThan(0.07);

    ChannelDecision d = selector.decide(garments, profile().priority(true).build(), KEY);

    assertThat(d.score()).isEqualTo(10.0);
    assertThat(d.channel()).isEqualTo(Channel.GREEN);
    assertThat(d.reasonCodes()).containsExactly(ReasonCode.PRIORITY_ENTERPRISE);
    assertThat(d.randomSelection().yellowBelow()).isEqualTo(0.02 * 0.25 + 0.05 * 0.25);
  }
}
