package vn.customs.digital.edge.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.edge.config.GateConfig;
import vn.customs.digital.edge.decision.GateDecision.Decision;
import vn.customs.digital.edge.feed.clearances.Clearance;
import vn.customs.digital.edge.feed.clearances.ClearanceCache;

class GateDecisionTest {
  private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
  private static final GateConfig.Policy POLICY =
      new GateConfig.Policy(Duration.ofHours(2), 0.9, Duration.ofSeconds(30));

  private final ClearanceCache cache = new ClearanceCache();

  private static Clearance clearance(
      String container,
      String declaration,
      long seq,
      Clearance.Kind kind,
      String plate,
      String seal,
      Instant validUntil,
      String reason) {
    return new Clearance(
        kind,
        "VNHPH",
        container,
        declaration,
        "123456789012",
        Optional.ofNullable(plate),
        Optional.ofNullable(seal),
        validUntil,
        NOW.minusSeconds(60),
        seq,
        Optional.ofNullable(reason),
        "jws");
  }

  private static Recognition read(String plate, double confidence, String... containers) {
    return new Recognition(
        Optional.of("r1"), plate, List.of(containers), confidence, Optional.empty());
  }

  private Decision decide(Recognition read, Map<String, SealState> seals) {
    cache.markSynced(NOW.minusSeconds(10));
    return GateDecision.decide(read, cache, seals, POLICY, NOW);
  }

  @Test
  @DisplayName("Every container released, seals intact and plate matching: open")
  void opensWhenEverythingMatches() {
    cache.apply(
        true,
        List.of(
            clearance(
                "MSCU1234566",
                "D1",
                1,
                Clearance.Kind.CLEARANCE,
                "15C12345",
                "S1",
                NOW.plusSeconds(3600),
                null),
            clearance(
                "TGHU7654321",
                "D2",
                2,
                Clearance.Kind.CLEARANCE,
                null,
                null,
                NOW.plusSeconds(3600),
                null)));

    Decision d =
        decide(
            read("15C12345", 0.95, "MSCU1234566", "TGHU7654321"),
            Map.of("S1", SealState.LOW_BATTERY));

    assertThat(d.open()).isTrue();
    assertThat(d.clearances())
        .extracting(Clearance::containerNumber)
        .containsExactly("MSCU1234566", "TGHU7654321");
  }

  @Test
  @DisplayName("One unreleased container among released ones holds the vehicle")
  void holdsWhenOneContainerIsNotReleased() {
    cache.apply(
        true,
        List.of(
            clearance(
                "MSCU1234566",
                "D1",
                1,
                Clearance.Kind.CLEARANCE,
                null,
                null,
                NOW.plusSeconds(3600),
                null)));

    Decision d = decide(read("15C12345", 0.95, "MSCU1234566", "TGHU7654321"), Map.of());

    assertThat(d.reason()).contains(HoldReason.NOT_RELEASED);
    assertThat(d.container()).contains("TGHU7654321");
  }

  @Test
  @DisplayName("A revocation with a higher seq overrides the clearance")
  void revocationOverridesClearance() {
    cache.apply(
        true,
        List.of(
            clearance(
                "MSCU1234566",
                "D1",
                1,
                Clearance.Kind.CLEARANCE,
                null,
                null,
                NOW.plusSeconds(3600),
                null)));
    cache.apply(
        false,
        List.of(
            clearance(
                "MSCU1234566",
                "D1",
                2,
                Clearance.Kind.REVOCATION,
                null,
                null,
                NOW.plusSeconds(3600),
                "REROUTE")));
    // a late, older copy of the clearance does not bring it back
    cache.apply(
        false,
        List.of(
            clearance(
                "MSCU1234566",
                "D1",
                1,
                Clearance.Kind.CLEARANCE,
                null,
                null,
                NOW.plusSeconds(3600),
                null)));

    Decision d = decide(read("15C12345", 0.95, "MSCU1234566"), Map.of());

    assertThat(d.reason()).contains(HoldReason.REVOKED);
    assertThat(d.detail()).isEqualTo("REROUTE");
  }

  @Test
  @DisplayName("An expired clearance holds the vehicle")
  void holdsOnExpiredClearance() {
    cache.apply(
        true,
        List.of(
            clearance(
                "MSCU1234566",
                "D1",
                1,
                Clearance.Kind.CLEARANCE,
                null,
                null,
                NOW.minusSeconds(1),
                null)));

    assertThat(decide(read("15C12345", 0.95, "MSCU1234566"), Map.of()).reason())
        .contains(HoldReason.CLEARANCE_EXPIRED);
  }

  @Test
  @DisplayName("A seal with no report, or opened, holds the vehicle")
  void holdsOnUnreportedOrOpenedSeal() {
    cache.apply(
        true,
        List.of(
            clearance(
                "MSCU1234566",
                "D1",
                1,
                Clearance.Kind.CLEARANCE,
                null,
                "S1",
                NOW.plusSeconds(3600),
                null)));

    assertThat(decide(read("15C12345", 0.95, "MSCU1234566"), Map.of()).reason())
        .contains(HoldReason.SEAL_UNREPORTED);
    assertThat(
            decide(read("15C12345", 0.95, "MSCU1234566"), Map.of("S1", SealState.OPENED)).reason())
        .contains(HoldReason.SEAL_NOT_INTACT);
  }

  @Test
  @DisplayName("A cache older than the policy allows fails closed before anything else is checked")
  void failsClosedOnOldCache() {
    cache.apply(
        true,
        List.of(
            clearance(
                "MSCU1234566",
                "D1",
                1,
                Clearance.Kind.CLEARANCE,
                null,
                null,
                NOW.plusSeconds(3600),
                null)));
    cache.markSynced(NOW.minus(Duration.ofHours(2)).minusSeconds(1));

    Decision d =
        GateDecision.decide(read("15C12345", 0.99, "MSCU1234566"), cache, Map.of(), POLICY, NOW);

    assertThat(d.open()).isFalse();
    assertThat(d.reason()).contains(HoldReason.CACHE_STALE);
    assertThat(d.display()).startsWith("HOLD CACHE_STALE");
  }

  @Test
  @DisplayName("A cache that never synced is never fresh")
  void neverSyncedCacheIsStale() {
    Decision d =
        GateDecision.decide(
            read("15C12345", 0.99, "X"), new ClearanceCache(), Map.of(), POLICY, NOW);

    assertThat(d.reason()).contains(HoldReason.CACHE_STALE);
  }

  @Test
  @DisplayName("No container number read: hold for a manual check")
  void holdsWithoutContainerRead() {
    assertThat(decide(read("15C12345", 0.99), Map.of()).reason())
        .contains(HoldReason.NO_CONTAINER_READ);
  }
}
