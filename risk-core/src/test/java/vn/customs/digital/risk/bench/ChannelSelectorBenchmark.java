package vn.customs.digital.risk.bench;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import vn.customs.digital.risk.ChannelDecision;
import vn.customs.digital.risk.ChannelSelector;
import vn.customs.digital.risk.DeclarationFacts;
import vn.customs.digital.risk.DeclarationItem;
import vn.customs.digital.risk.DeclarationType;
import vn.customs.digital.risk.DocumentKind;
import vn.customs.digital.risk.RandomKey;
import vn.customs.digital.risk.TraderProfile;
import vn.customs.digital.risk.TransportMode;
import vn.customs.digital.risk.ViolationCounts;
import vn.customs.digital.risk.ruleset.RulesetLoader;

/**
 * One channel decision: a 10-item declaration against the default ruleset (59 rules). Run by {@code
 * ops/bench.d/risk}; never by the tests.
 *
 * <p>The declarations rotate through 16 numbers and 4 trader profiles so that the draw, the profile
 * indicators and the reason codes vary as they do in production, rather than one input the branch
 * predictor learns by heart. Several rules fire on each (electronics undervaluation, garments
 * origin, seafood quarantine, steel inspection, new trader), so the explanation strings are built,
 * as they are for real.
 */
@State(Scope.Thread)
public class ChannelSelectorBenchmark {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

  private ChannelSelector selector;
  private DeclarationFacts[] declarations;
  private TraderProfile[] profiles;
  private RandomKey key;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    selector = ChannelSelector.of(RulesetLoader.loadDefault());
    key =
        new RandomKey(
            "2026-11-23",
            DAY,
            "benchmark-key-of-the-day-2026-11-23".getBytes(StandardCharsets.US_ASCII));
    List<DeclarationItem> items =
        List.of(
            item("85171300", "CN", "450000000", "1500", "520000"),
            item("61091000", "CN", "120000000", "8000", "16000"),
            item("03061721", "IN", "980000000", "40000", "26000"),
            item("72104912", "KR", "2300000000", "150000", "14500"),
            item("84713020", "TW", "640000000", "400", "1700000"),
            item("39232990", "TH", "35000000", "20000", null),
            item("52081100", "IN", "210000000", "30000", "7500"),
            item("94036090", "MY", "88000000", "300", null),
            item("85161090", "CN", "56000000", "2000", "30000"),
            item("33049930", "KR", "74000000", "5000", "12000"));
    String[] declarants = {"0301234567", "0109876543", "0319999101", "3600123456"};
    declarations = new DeclarationFacts[16];
    for (int i = 0; i < declarations.length; i++) {
      String declarant = declarants[i % declarants.length];
      declarations[i] =
          new DeclarationFacts(
              String.format("1045%08d", 12_345 + i * 7_919),
              DeclarationType.IMPORT,
              "02CI",
              "VNCLP",
              TransportMode.SEA,
              DAY,
              declarant,
              declarant,
              i % 2 == 0
                  ? EnumSet.of(DocumentKind.QUARANTINE_CERTIFICATE)
                  : EnumSet.noneOf(DocumentKind.class),
              items);
    }
    profiles = new TraderProfile[declarants.length];
    profiles[0] =
        new TraderProfile(
            declarants[0],
            LocalDate.of(2012, 5, 2),
            640,
            ViolationCounts.NONE,
            ViolationCounts.NONE,
            true,
            BigDecimal.ZERO,
            0,
            0);
    profiles[1] =
        new TraderProfile(
            declarants[1],
            DAY.minusMonths(4),
            3,
            ViolationCounts.NONE,
            ViolationCounts.NONE,
            false,
            BigDecimal.ZERO,
            0,
            0);
    profiles[2] =
        new TraderProfile(
            declarants[2],
            LocalDate.of(2019, 8, 15),
            120,
            new ViolationCounts(1, 0, 0),
            new ViolationCounts(2, 1, 0),
            false,
            new BigDecimal("250000000"),
            2,
            1);
    profiles[3] =
        new TraderProfile(
            declarants[3],
            LocalDate.of(2021, 1, 10),
            48,
            ViolationCounts.NONE,
            new ViolationCounts(1, 0, 0),
            false,
            BigDecimal.ZERO,
            0,
            0);
  }

  private static DeclarationItem item(
      String hs, String origin, String value, String quantity, String reference) {
    return new DeclarationItem(
        hs,
        origin,
        new BigDecimal(value),
        new BigDecimal(quantity),
        reference == null ? null : new BigDecimal(reference));
  }

  private ChannelDecision decideNext() {
    int i = next++ & 15;
    return selector.decide(declarations[i], profiles[i & 3], key);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public ChannelDecision decideThroughput() {
    return decideNext();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public ChannelDecision decideLatency() {
    return decideNext();
  }
}
