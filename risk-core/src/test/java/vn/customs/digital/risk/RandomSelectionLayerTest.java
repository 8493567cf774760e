package vn.customs.digital.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static vn.customs.digital.risk.Fixtures.KEY;
import static vn.customs.digital.risk.Fixtures.facts;
import static vn.customs.digital.risk.Fixtures.item;
import static vn.customs.digital.risk.Fixtures.profile;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Layer 3, random selection")
class RandomSelectionLayerTest {

  private static final int DRAWS = 100_000;

  private final ChannelSelector selector =
      ChannelSelector.of(Fixtures.withRates(Fixtures.layersRuleset(), 0.02, 0.05, 0.25));

  private Map<Channel, Integer> channelsOver100000Declarations(Fixtures.ProfileBuilder profile) {
    Map<Channel, Integer> counts = new EnumMap<>(Channel.class);
    TraderProfile p = profile.build();
    Fixtures.FactsBuilder facts = facts();
    for (int i = 0; i < DRAWS; i++) {
      ChannelDecision d =
          selector.decide(facts.number(String.format("1045%08d", i)).build(), p, KEY);
      counts.merge(d.channel(), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  @DisplayName(
      "selects about 2% RED and 5% YELLOW of otherwise green declarations over 100,000 draws")
  void ratesOverManyDraws() {
    Map<Channel, Integer> counts = channelsOver100000Declarations(profile());

    // Binomial standard deviations: sqrt(n p (1-p)) = 44 for 2%, 69 for 5%; 5 of them is the
    // tolerance. The draws are fixed by the key, so this cannot flake; it fails if the mapping
    // to [0, 1) or the comparison with the rates is biased.
    assertThat(counts.get(Channel.RED)).isCloseTo(2_000, within(5 * 44));
    assertThat(counts.get(Channel.YELLOW)).isCloseTo(5_000, within(5 * 69));
  }

  @Test
  @DisplayName("draws priority enterprises at a quarter of the rates")
  void priorityEnterprisesAtReducedRates() {
    Map<Channel, Integer> counts = channelsOver100000Declarations(profile().priority(true));

    // 0.5% RED (sd 22) and 1.25% YELLOW (sd 35).
    assertThat(counts.get(Channel.RED)).isCloseTo(500, within(5 * 22));
    assertThat(counts.get(Channel.YELLOW)).isCloseTo(1_250, within(5 * 35));
  }

  @Test
  @DisplayName("exempts priority enterprises when the ruleset's factor is 0")
  void priorityEnterprisesExempt() {
    ChannelSelector exempting =
        ChannelSelector.of(Fixtures.withRates(Fixtures.layersRuleset(), 0.02, 0.05, 0.0));
    TraderProfile aeo = profile().priority(true).build();

    for (int i = 0; i < 2_000; i++) {
      ChannelDecision d =
          exempting.decide(facts().number(String.format("1045%08d", i)).build(), aeo, KEY);
      assertThat(d.channel()).isEqualTo(Channel.GREEN);
      assertThat(d.randomSelection().yellowBelow()).isZero();
    }
  }

  @Test
  @DisplayName("records the draw and its thresholds, and gives R-RANDOM when it selects")
  void recordsTheDraw() {
    String number = firstNumberDrawnBelow(0.02);
    ChannelDecision d = selector.decide(facts().number(number).build(), profile().build(), KEY);

    assertThat(d.channel()).isEqualTo(Channel.RED);
    assertThat(d.reasonCodes()).containsExactly(ReasonCode.RANDOM);
    RandomSelection r = d.randomSelection();
    assertThat(r.applied()).isTrue();
    assertThat(r.keyId()).isEqualTo(KEY.keyId());
    assertThat(r.draw()).isEqualTo(RandomDraw.draw(KEY, number)).isLessThan(0.02);
    assertThat(r.redBelow()).isEqualTo(0.02);
    assertThat(r.yellowBelow()).isEqualTo(0.02 + 0.05);
  }

  @Test
  @DisplayName("does not apply to a declaration already YELLOW or RED, though the draw is recorded")
  void onlyForOtherwiseGreen() {
    String number = firstNumberDrawnBelow(0.02);
    ChannelDecision d =
        selector.decide(
            facts().number(number).items(item("72104912", "KR", "300000000")).build(),
            profile().build(),
            KEY);

    assertThat(d.channel()).isEqualTo(Channel.YELLOW);
    assertThat(d.reasonCodes()).containsExactly(ReasonCode.SPECIALISED_INSPECTION);
    assertThat(d.randomSelection().applied()).isFalse();
    assertThat(d.randomSelection().channel()).isEqualTo(Channel.GREEN);
    assertThat(d.randomSelection().draw()).isLessThan(0.02);
  }

  private static String firstNumberDrawnBelow(double rate) {
    for (int i = 0; ; i++) {
      String number = String.format("1045%08d", i);
      if (RandomDraw.draw(KEY, number) < rate) {
        return number;
      }
    }
  }
}
