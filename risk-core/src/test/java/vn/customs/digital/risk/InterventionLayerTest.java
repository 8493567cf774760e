package vn.customs.digital.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.risk.Fixtures.DAY;
import static vn.customs.digital.risk.Fixtures.facts;
import static vn.customs.digital.risk.Fixtures.item;
import static vn.customs.digital.risk.Fixtures.profile;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import vn.customs.digital.risk.ruleset.InterventionKind;

@DisplayName("Layer 2, exception interventions")
class InterventionLayerTest {

  private final ChannelSelector selector = ChannelSelector.of(Fixtures.layersRuleset());

  private static RandomKey keyOf(LocalDate day) {
    return new RandomKey(
        day.toString(), day, ("test-key-for-" + day).getBytes(StandardCharsets.US_ASCII));
  }

  private ChannelDecision decide(Fixtures.FactsBuilder facts, Fixtures.ProfileBuilder profile) {
    DeclarationFacts f = facts.build();
    return selector.decide(f, profile.build(), keyOf(f.decisionDate()));
  }

  @Test
  @DisplayName("makes prohibited goods RED, naming the item and the HS group")
  void prohibitedIsRed() {
    ChannelDecision d =
        decide(
            facts().items(item("52081100", "IN", "1000"), item("93020000", "CZ", "5000000")),
            profile());

    assertThat(d.channel()).isEqualTo(Channel.RED);
    assertThat(d.reasonCodes()).containsExactly(ReasonCode.PROHIBITED);
    assertThat(d.interventions())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("prohibited-weapons");
              assertThat(f.kind()).isEqualTo(InterventionKind.PROHIBITED);
              assertThat(f.channel()).isEqualTo(Channel.RED);
              assertThat(f.explanation()).contains("item 2", "93020000", "group 93");
            });
  }

  @Test
  @DisplayName("puts quarantine goods in at least YELLOW although their score is 0")
  void quarantineFloor() {
    ChannelDecision d =
        decide(
            facts()
                .documents(DocumentKind.QUARANTINE_CERTIFICATE)
                .items(item("03061721", "IN", "800000000")),
            profile());

    assertThat(d.score()).isZero();
    assertThat(d.channel()).isEqualTo(Channel.YELLOW);
    assertThat(d.reasonCodes()).containsExactly(ReasonCode.QUARANTINE);
  }

  @Test
  @DisplayName("puts goods under specialised inspection in at least YELLOW")
  void specialisedInspectionFloor() {
    ChannelDecision d = decide(facts().items(item("72104912", "KR", "300000000")), profile());

    assertThat(d.channel()).isEqualTo(Channel.YELLOW);
    assertThat(d.reasonCodes()).containsExactly(ReasonCode.SPECIALISED_INSPECTION);
  }

  @Test
  @DisplayName("forces the watch list's channel for a watch-listed declarant or consignee")
  void watchList() {
    ChannelDecision byDeclarant =
        decide(
            facts().declarant("0319999001").consignee("0319999001"),
            profile().taxCode("0319999001"));
    ChannelDecision byConsignee = decide(facts().consignee("0319999101"), profile());

    assertThat(byDeclarant.channel()).isEqualTo(Channel.RED);
    assertThat(byDeclarant.interventions())
        .extracting(InterventionFired::explanation)
        .containsExactly("declarant 0319999001 is on watch list watch-red");
    assertThat(byConsignee.channel()).isEqualTo(Channel.YELLOW);
    assertThat(byConsignee.interventions())
        .extracting(InterventionFired::explanation)
        .containsExactly("consignee 0319999101 is on watch list watch-yellow");
  }

  @Nested
  @DisplayName("A targeting rule")
  class Targeting {

    private Fixtures.FactsBuilder laptopsAtHaiPhong(LocalDate day) {
      return facts().date(day).gate("VNHPH").items(item("84713020", "CN", "250000000"));
    }

    @Test
    @DisplayName("forces its channel on its first and last day in force")
    void firesWhileInForce() {
      assertThat(decide(laptopsAtHaiPhong(LocalDate.of(2026, 3, 1)), profile()).channel())
          .isEqualTo(Channel.YELLOW);
      assertThat(decide(laptopsAtHaiPhong(LocalDate.of(2026, 6, 30)), profile()).channel())
          .isEqualTo(Channel.YELLOW);
    }

    @Test
    @DisplayName("does not fire once expired, nor before it starts")
    void expiredDoesNotFire() {
      ChannelDecision dayAfter = decide(laptopsAtHaiPhong(LocalDate.of(2026, 7, 1)), profile());
      ChannelDecision dayBefore = decide(laptopsAtHaiPhong(LocalDate.of(2026, 2, 28)), profile());

      assertThat(dayAfter.interventions()).isEmpty();
      assertThat(dayAfter.channel()).isEqualTo(Channel.GREEN);
      assertThat(dayBefore.interventions()).isEmpty();
    }

    @Test
    @DisplayName("needs every criterion: the same laptops through another gate are not targeted")
    void allCriteriaMustHold() {
      ChannelDecision d =
          decide(laptopsAtHaiPhong(LocalDate.of(2026, 4, 15)).gate("VNCLP"), profile());

      assertThat(d.interventions()).isEmpty();
    }

    @Test
    @DisplayName("is shown to the trader only as the generic R-CONTROL code")
    void confidential() {
      ChannelDecision d = decide(laptopsAtHaiPhong(LocalDate.of(2026, 4, 15)), profile());

      assertThat(d.interventions())
          .extracting(InterventionFired::ruleId)
          .containsExactly("target-laptops-haiphong");
      TraderNotice notice = d.traderNotice();
      assertThat(notice.reasonCodes()).containsExactly(ReasonCode.CONTROL);
      assertThat(RiskJson.write(notice))
          .doesNotContain("target", "laptop", "8471")
          .isEqualTo(
              "{\"declarationNumber\":\"104512345678\",\"channel\":\"YELLOW\",\"reasonCodes\":[\"R-CONTROL\"]}");
    }
  }

  @Nested
  @DisplayName("Precedence")
  class Precedence {

    private final Fixtures.ProfileBuilder priorityHighScore =
        profile()
            .priority(true)
            .registered(DAY.minusMonths(2))
            .declarations(1)
            .violations(ViolationCounts.NONE, new ViolationCounts(0, 1, 0));

    @Test
    @DisplayName("lets a priority enterprise go GREEN whatever its score")
    void priorityEnterpriseOverridesScore() {
      ChannelDecision d = decide(facts(), priorityHighScore);

      assertThat(d.scoreChannel()).isEqualTo(Channel.RED);
      assertThat(d.channel()).isEqualTo(Channel.GREEN);
      assertThat(d.reasonCodes()).containsExactly(ReasonCode.PRIORITY_ENTERPRISE);
    }

    @Test
    @DisplayName(
        "does not let a priority enterprise escape quarantine, watch lists or prohibitions")
    void priorityEnterpriseDoesNotOverrideInterventions() {
      Fixtures.ProfileBuilder aeo = profile().priority(true);

      assertThat(
              decide(
                      facts()
                          .documents(DocumentKind.QUARANTINE_CERTIFICATE)
                          .items(item("03061721", "IN", "1000")),
                      aeo)
                  .channel())
          .isEqualTo(Channel.YELLOW);
      assertThat(decide(facts().consignee("0319999001"), aeo).channel()).isEqualTo(Channel.RED);
      assertThat(decide(facts().items(item("93040000", "US", "1000")), aeo).channel())
          .isEqualTo(Channel.RED);
    }

    @Test
    @DisplayName("lets a score demanding RED win over a targeting rule asking for YELLOW")
    void interventionsNeverLower() {
      ChannelDecision d =
          decide(
              facts()
                  .date(LocalDate.of(2026, 4, 15))
                  .gate("VNHPH")
                  .items(item("84713020", "CN", "250000000")),
              profile()
                  .violations(ViolationCounts.NONE, new ViolationCounts(0, 1, 0))
                  .registered(LocalDate.of(2026, 1, 1))
                  .declarations(0));

      assertThat(d.scoreChannel()).isEqualTo(Channel.RED);
      assertThat(d.channel()).isEqualTo(Channel.RED);
      assertThat(d.reasonCodes()).containsExactly(ReasonCode.SCORE);
    }

    @Test
    @DisplayName("lists every layer that reached the final channel, strongest first")
    void reasonsInPrecedenceOrder() {
      ChannelDecision d =
          decide(
              facts()
                  .consignee("0319999001")
                  .items(item("93020000", "CZ", "1000"), item("03061721", "IN", "1000")),
              profile());

      assertThat(d.channel()).isEqualTo(Channel.RED);
      assertThat(d.interventions())
          .extracting(InterventionFired::ruleId)
          .containsExactly("prohibited-weapons", "quarantine-seafood", "watch-red");
      assertThat(d.reasonCodes()).containsExactly(ReasonCode.PROHIBITED, ReasonCode.CONTROL);
    }

    @Test
    @DisplayName("lets a watch list's RED win over the quarantine floor")
    void forcedAboveFloor() {
      ChannelDecision d =
          decide(
              facts()
                  .consignee("0319999001")
                  .documents(DocumentKind.QUARANTINE_CERTIFICATE)
                  .items(item("03061721", "IN", "1000")),
              profile());

      assertThat(d.channel()).isEqualTo(Channel.RED);
      assertThat(d.reasonCodes()).containsExactly(ReasonCode.CONTROL);
    }
  }
}
