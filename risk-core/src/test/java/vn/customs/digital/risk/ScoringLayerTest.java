package vn.customs.digital.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static vn.customs.digital.risk.Fixtures.DAY;
import static vn.customs.digital.risk.Fixtures.KEY;
import static vn.customs.digital.risk.Fixtures.facts;
import static vn.customs.digital.risk.Fixtures.item;
import static vn.customs.digital.risk.Fixtures.profile;

import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.risk.ruleset.IndicatorType;

@DisplayName("Layer 1, weighted scoring")
class ScoringLayerTest {

  private final ChannelSelector selector = ChannelSelector.of(Fixtures.layersRuleset());

  private ChannelDecision decide(Fixtures.FactsBuilder facts, Fixtures.ProfileBuilder profile) {
    return selector.decide(facts.build(), profile.build(), KEY);
  }

  @Test
  @DisplayName("gives a clean declaration of a compliant trader score 0 and GREEN for low risk")
  void cleanDeclarationIsGreen() {
    ChannelDecision d = decide(facts(), profile());

    assertThat(d.score()).isZero();
    assertThat(d.contributions()).isEmpty();
    assertThat(d.channel()).isEqualTo(Channel.GREEN);
    assertThat(d.reasonCodes()).containsExactly(ReasonCode.LOW_RISK);
  }

  @Test
  @DisplayName("adds the weight of an HS risk group once, however many items fall in it")
  void hsPrefixFiresOnce() {
    ChannelDecision d =
        decide(
            facts()
                .items(item("87032390", "DE", "900000000"), item("87032490", "JP", "1200000000")),
            profile());

    assertThat(d.contributions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.indicatorId()).isEqualTo("hs-cars");
              assertThat(c.weight()).isEqualTo(20.0);
              assertThat(c.observed()).isEqualTo("87032390");
              assertThat(c.explanation()).contains("item 1", "8703");
            });
    assertThat(d.score()).isEqualTo(20.0);
  }

  @Test
  @DisplayName("counts an origin indicator on the item that comes from a listed country")
  void originFires() {
    ChannelDecision d =
        decide(
            facts().items(item("52081100", "IN", "1000"), item("44039990", "CD", "1000")),
            profile());

    assertThat(d.contributions())
        .extracting(IndicatorContribution::indicatorId)
        .containsExactly("origin-trafficking");
    assertThat(d.contributions().get(0).explanation()).contains("item 2", "CD");
  }

  @Test
  @DisplayName(
      "counts undervaluation strictly below the ratio of the reference unit price, and not at it")
  void undervaluationBoundary() {
    // 10 units at 50,000 VND against a reference of 100,000: ratio exactly 0.5, not below.
    ChannelDecision atRatio =
        decide(facts().items(item("84151010", "TH", "500000", "10", "100000")), profile());
    ChannelDecision below =
        decide(facts().items(item("84151010", "TH", "499999", "10", "100000")), profile());
    ChannelDecision noReference =
        decide(facts().items(item("84151010", "TH", "1", "10", null)), profile());

    assertThat(atRatio.contributions()).isEmpty();
    assertThat(noReference.contributions()).isEmpty();
    assertThat(below.contributions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo(IndicatorType.UNDERVALUATION);
              assertThat(c.observed()).isEqualTo("0.5");
              assertThat(c.explanation())
                  .contains("unit value 50000 VND", "reference price 100000 VND");
            });
  }

  @Test
  @DisplayName("counts a missing document only for the goods that require it")
  void missingDocument() {
    Fixtures.FactsBuilder shrimp = facts().items(item("03061721", "IN", "800000000"));

    assertThat(decide(shrimp, profile()).contributions())
        .extracting(IndicatorContribution::indicatorId)
        .containsExactly("missing-quarantine-cert");
    assertThat(
            decide(shrimp.documents(DocumentKind.QUARANTINE_CERTIFICATE), profile())
                .contributions())
        .isEmpty();
    assertThat(decide(facts().items(item("52081100", "IN", "1000")), profile()).contributions())
        .isEmpty();
  }

  @Test
  @DisplayName(
      "scores the trader's profile: new enterprise, violations, overdue debt and low activity")
  void traderIndicators() {
    ChannelDecision d =
        decide(
            facts(),
            profile()
                .registered(DAY.minusMonths(5))
                .declarations(2)
                .violations(new ViolationCounts(0, 0, 0), new ViolationCounts(1, 0, 1))
                .debt("12500000.00"));

    assertThat(d.contributions())
        .extracting(IndicatorContribution::indicatorId)
        .containsExactly("new-trader", "serious-violation", "overdue-debt", "low-activity");
    assertThat(d.contributions())
        .extracting(IndicatorContribution::observed)
        .containsExactly("5 months", "1", "12500000", "2");
    assertThat(d.score()).isEqualTo(20 + 40 + 15 + 10);
  }

  @Test
  @DisplayName(
      "counts amendments after release and late payments from their countAtLeast on, and not one below it")
  void profileOutcomeBoundaries() {
    ChannelDecision below = decide(facts(), profile().amendmentsAfterRelease(1).latePayments(0));
    ChannelDecision at = decide(facts(), profile().amendmentsAfterRelease(2).latePayments(1));

    assertThat(below.contributions()).isEmpty();
    assertThat(at.contributions())
        .extracting(
            IndicatorContribution::indicatorId,
            IndicatorContribution::type,
            IndicatorContribution::observed,
            IndicatorContribution::explanation)
        .containsExactly(
            tuple(
                "amended-after-release",
                IndicatorType.AMENDMENTS_AFTER_RELEASE,
                "2",
                "2 amendment(s) after release in the last 12 months (at least 2)"),
            tuple(
                "late-payment",
                IndicatorType.LATE_PAYMENTS,
                "1",
                "1 late duty payment(s) in the last 12 months (at least 1)"));
    assertThat(at.score()).isEqualTo(15 + 10);
  }

  @Test
  @DisplayName(
      "lets amendments after release and late payments carry a violator's score to the red threshold")
  void outcomesReachRed() {
    Fixtures.ProfileBuilder violator =
        profile().violations(ViolationCounts.NONE, new ViolationCounts(0, 1, 0));
    // serious-violation 40 + amended-after-release 15 + late-payment 10 = 65, + road 5 = 70 = red
    // threshold
    ChannelDecision below = decide(facts(), violator.amendmentsAfterRelease(3).latePayments(2));
    ChannelDecision at = decide(facts().mode(TransportMode.ROAD), violator);

    assertThat(below.score()).isEqualTo(65.0);
    assertThat(below.channel()).isEqualTo(Channel.YELLOW);
    assertThat(at.contributions())
        .extracting(IndicatorContribution::indicatorId)
        .containsExactly("serious-violation", "amended-after-release", "late-payment", "road");
    assertThat(at.score()).isEqualTo(70.0);
    assertThat(at.channel()).isEqualTo(Channel.RED);
  }

  @Test
  @DisplayName("counts a criminal case as a violation of serious severity or worse")
  void severityIsAtLeast() {
    ChannelDecision d =
        decide(facts(), profile().violations(ViolationCounts.NONE, new ViolationCounts(0, 0, 1)));

    assertThat(d.contributions())
        .extracting(IndicatorContribution::indicatorId)
        .containsExactly("serious-violation");
  }

  @Test
  @DisplayName("scores the route and the declaration's total value")
  void declarationIndicators() {
    ChannelDecision d =
        decide(
            facts()
                .mode(TransportMode.ROAD)
                .gate("VNHUN")
                .items(item("52081100", "CN", "6000000000"), item("52081200", "CN", "4000000000")),
            profile());

    assertThat(d.contributions())
        .extracting(IndicatorContribution::indicatorId)
        .containsExactly("road", "border-gate", "high-value");
    assertThat(d.contributions().get(2).observed()).isEqualTo("10000000000");
  }

  @Test
  @DisplayName("gives YELLOW for a score exactly at the yellow threshold and GREEN just below it")
  void yellowThresholdBoundary() {
    // new-trader 20 + hs-cars 20 = 40 = yellow threshold
    ChannelDecision at =
        decide(
            facts().items(item("87032390", "DE", "900000000")),
            profile().registered(DAY.minusMonths(3)));
    // new-trader 20 + overdue-debt 15 = 35
    ChannelDecision below = decide(facts(), profile().registered(DAY.minusMonths(3)).debt("1"));

    assertThat(at.score()).isEqualTo(40.0);
    assertThat(at.channel()).isEqualTo(Channel.YELLOW);
    assertThat(at.scoreChannel()).isEqualTo(Channel.YELLOW);
    assertThat(at.reasonCodes()).containsExactly(ReasonCode.SCORE);
    assertThat(below.score()).isEqualTo(35.0);
    assertThat(below.channel()).isEqualTo(Channel.GREEN);
  }

  @Test
  @DisplayName("gives RED for a score exactly at the red threshold and YELLOW just below it")
  void redThresholdBoundary() {
    Fixtures.ProfileBuilder violator =
        profile().violations(ViolationCounts.NONE, new ViolationCounts(0, 1, 0));
    // serious-violation 40 + undervalue 30 = 70 = red threshold
    ChannelDecision at =
        decide(facts().items(item("84151010", "TH", "100", "10", "100000")), violator);
    // serious-violation 40 + hs-cars 20 + road 5 = 65
    ChannelDecision below =
        decide(
            facts().mode(TransportMode.ROAD).items(item("87032390", "DE", "900000000")), violator);

    assertThat(at.score()).isEqualTo(70.0);
    assertThat(at.channel()).isEqualTo(Channel.RED);
    assertThat(below.score()).isEqualTo(65.0);
    assertThat(below.channel()).isEqualTo(Channel.YELLOW);
  }

  @Test
  @DisplayName("adds R-DOCS to R-SCORE when a missing document counted towards the channel")
  void documentsReason() {
    // missing-quarantine-cert 25 + new-trader 20 = 45; seafood also hits the quarantine floor
    // (YELLOW).
    ChannelDecision d =
        decide(
            facts().items(item("03061721", "IN", "800000000")),
            profile().registered(DAY.minusMonths(2)));

    assertThat(d.channel()).isEqualTo(Channel.YELLOW);
    assertThat(d.reasonCodes())
        .containsExactly(ReasonCode.QUARANTINE, ReasonCode.SCORE, ReasonCode.DOCUMENTS);
  }

  @Test
  @DisplayName("decides alike whatever scale the amounts were declared with")
  void scaleDoesNotMatter() {
    DeclarationItem plain =
        new DeclarationItem(
            "84151010",
            "TH",
            new BigDecimal("400000"),
            new BigDecimal("10"),
            new BigDecimal("100000"));
    DeclarationItem scaled =
        new DeclarationItem(
            "84151010",
            "TH",
            new BigDecimal("400000.000"),
            new BigDecimal("10.00"),
            new BigDecimal("1.00000E+5"));

    ChannelDecision a = decide(facts().items(plain), profile().debt("5000000"));
    ChannelDecision b = decide(facts().items(scaled), profile().debt("5000000.00"));

    assertThat(a.contributions()).hasSize(2);
    assertThat(b).isEqualTo(a);
  }
}
