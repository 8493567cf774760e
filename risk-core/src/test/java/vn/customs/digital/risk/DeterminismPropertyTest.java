package vn.customs.digital.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.risk.ruleset.RulesetLoader;

/**
 * Property: the same facts, profile, ruleset and key give an equal decision - across selector
 * instances, threads, and a round trip of every input through storage. Cases come from a seeded
 * generator, so a failure names a seed and case that reproduce it.
 */
@DisplayName("Determinism of decisions")
class DeterminismPropertyTest {

  private static final long SEED = 20261123L;
  private static final int CASES = 3_000;

  /** HS codes that the default ruleset reacts to, mixed with inert ones. */
  private static final String[] HS = {
    "03061721", "03034300", "02071400", "08109010", "12019000", "22030091", "22042111", "22083000",
    "24022090", "27101224", "44039990", "61091000", "62034290", "64039990", "71081210", "72104912",
    "72139190", "76042190", "84713020", "85171300", "85414300", "85161090", "87032390", "87112012",
    "93020000", "95030099", "30049099", "33049930", "52081100", "39232990", "94036090", "08013200"
  };

  private static final String[] ORIGINS = {
    "CN", "VN", "TH", "KR", "JP", "US", "DE", "IN", "NG", "CD", "HK", "MY", "ID"
  };
  private static final String[] GATES = {"VNCLP", "VNHPH", "VNHUN", "VNMCA", "VNSGN", "VNDAD"};
  private static final String[] OFFICES = {"02CI", "03CE", "15BB", "01B1"};
  private static final String[] TAX_CODES = {
    "0301234567", "0319999001", "0319999101", "0109876543", "3609999103-001"
  };

  private final Random random = new Random(SEED);

  @Test
  @DisplayName(
      "gives equal decisions for equal inputs across selectors, threads and a storage round trip")
  void sameInputsSameDecision() throws Exception {
    ChannelSelector first = ChannelSelector.of(RulesetLoader.loadDefault());
    ChannelSelector second =
        ChannelSelector.of(
            RulesetLoader.fromJson(RulesetLoader.toJson(RulesetLoader.loadDefault())));
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      cases.add(generate());
    }

    List<ChannelDecision> expected = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      Case c = cases.get(i);
      ChannelDecision d = first.decide(c.facts, c.profile, c.key);
      expected.add(d);
      String where = "case " + i + " of seed " + SEED;

      assertThat(second.decide(c.facts, c.profile, c.key)).as(where).isEqualTo(d);
      DeclarationFacts storedFacts = RiskJson.readFacts(RiskJson.writeFacts(c.facts));
      TraderProfile storedProfile = RiskJson.readProfile(RiskJson.writeProfile(c.profile));
      assertThat(storedFacts).as(where).isEqualTo(c.facts);
      assertThat(first.decide(storedFacts, storedProfile, c.key)).as(where).isEqualTo(d);
      assertThat(RiskJson.readDecision(RiskJson.writeDecision(d))).as(where).isEqualTo(d);
    }

    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<ChannelDecision>>> runs = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        runs.add(
            pool.submit(
                () -> cases.stream().map(c -> first.decide(c.facts, c.profile, c.key)).toList()));
      }
      for (Future<List<ChannelDecision>> run : runs) {
        assertThat(run.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }

    // The generator must actually exercise the layers, or the property says little.
    assertThat(expected)
        .extracting(ChannelDecision::channel)
        .contains(Channel.GREEN, Channel.YELLOW, Channel.RED);
    assertThat(expected)
        .anyMatch(
            d -> d.randomSelection().applied() && d.randomSelection().channel() != Channel.GREEN);
    assertThat(expected)
        .anyMatch(d -> d.contributions().size() >= 3 && !d.interventions().isEmpty());
  }

  private record Case(DeclarationFacts facts, TraderProfile profile, RandomKey key) {}

  private Case generate() {
    LocalDate day = LocalDate.of(2026, 1, 1).plusDays(random.nextInt(365));
    byte[] keyBytes = new byte[32];
    random.nextBytes(keyBytes);
    RandomKey key = new RandomKey(day.toString(), day, keyBytes);
    String declarant = pick(TAX_CODES);

    int itemCount = 1 + random.nextInt(12);
    List<DeclarationItem> items = new ArrayList<>();
    for (int i = 0; i < itemCount; i++) {
      BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(500)).setScale(random.nextInt(3));
      BigDecimal value = BigDecimal.valueOf(random.nextLong(1, 50_000_000_000L), random.nextInt(3));
      BigDecimal reference =
          random.nextBoolean()
              ? null
              : value
                  .divide(quantity, 0, java.math.RoundingMode.HALF_UP)
                  .max(BigDecimal.ONE)
                  .multiply(BigDecimal.valueOf(0.3 + random.nextDouble() * 1.5))
                  .setScale(2, java.math.RoundingMode.HALF_UP)
                  .max(new BigDecimal("0.01"));
      items.add(new DeclarationItem(pick(HS), pick(ORIGINS), value, quantity, reference));
    }
    Set<DocumentKind> documents = EnumSet.noneOf(DocumentKind.class);
    for (DocumentKind k : DocumentKind.values()) {
      if (random.nextInt(3) == 0) {
        documents.add(k);
      }
    }
    DeclarationFacts facts =
        new DeclarationFacts(
            String.format("%012d", random.nextLong(1_000_000_000_000L)),
            random.nextBoolean() ? DeclarationType.IMPORT : DeclarationType.EXPORT,
            pick(OFFICES),
            pick(GATES),
            TransportMode.values()[random.nextInt(TransportMode.values().length)],
            day,
            declarant,
            random.nextInt(4) == 0 ? pick(TAX_CODES) : declarant,
            documents,
            items);

    ViolationCounts in12 =
        new ViolationCounts(random.nextInt(3), random.nextInt(2), random.nextInt(8) == 0 ? 1 : 0);
    ViolationCounts in24 =
        new ViolationCounts(
            in12.minor() + random.nextInt(3), in12.serious() + random.nextInt(2), in12.criminal());
    TraderProfile profile =
        new TraderProfile(
            declarant,
            day.minusMonths(random.nextInt(240)),
            random.nextInt(400),
            in12,
            in24,
            random.nextInt(5) == 0,
            random.nextInt(4) == 0
                ? BigDecimal.valueOf(random.nextLong(1, 3_000_000_000L), 0)
                : BigDecimal.ZERO,
            random.nextInt(4) == 0 ? random.nextInt(1, 5) : 0,
            random.nextInt(4) == 0 ? random.nextInt(1, 4) : 0);
    return new Case(facts, profile, key);
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }
}
