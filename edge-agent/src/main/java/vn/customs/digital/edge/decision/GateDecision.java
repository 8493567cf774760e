package vn.customs.digital.edge.decision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.customs.digital.edge.config.GateConfig;
import vn.customs.digital.edge.feed.clearances.Clearance;
import vn.customs.digital.edge.feed.clearances.ClearanceCache;
import vn.customs.digital.edge.feed.clearances.ClearanceCache.ContainerStatus;

/**
 * Open or hold, for one vehicle read. Pure: everything it needs is passed in. Fails closed: the
 * barrier opens only if the cache is fresh enough, the read is confident, and every container has a
 * valid, unexpired, unrevoked clearance whose seal reports intact and whose pre-arrival plate, if
 * any, is the plate read.
 */
public final class GateDecision {
  private GateDecision() {}

  public static Decision decide(
      Recognition read,
      ClearanceCache cache,
      Map<String, SealState> seals,
      GateConfig.Policy policy,
      Instant now) {
    Duration age = cache.age(now);
    if (age.compareTo(policy.cacheMaxAge()) > 0) {
      return Decision.hold(HoldReason.CACHE_STALE, null, "cache age " + age.toSeconds() + " s");
    }
    if (read.confidence() < policy.minOcrConfidence()) {
      return Decision.hold(HoldReason.LOW_CONFIDENCE, null, "confidence " + read.confidence());
    }
    if (read.containerNumbers().isEmpty()) {
      return Decision.hold(HoldReason.NO_CONTAINER_READ, null, "");
    }
    List<Clearance> clearances = new ArrayList<>();
    for (String container : read.containerNumbers()) {
      ContainerStatus status = cache.status(container, now);
      switch (status.state()) {
        case NOT_RELEASED -> {
          return Decision.hold(HoldReason.NOT_RELEASED, container, "");
        }
        case REVOKED -> {
          return Decision.hold(
              HoldReason.REVOKED, container, status.entry().flatMap(Clearance::reason).orElse(""));
        }
        case EXPIRED -> {
          return Decision.hold(
              HoldReason.CLEARANCE_EXPIRED,
              container,
              "valid until " + status.entry().map(Clearance::validUntil).orElseThrow());
        }
        case RELEASED -> {
          Clearance c = status.entry().orElseThrow();
          if (c.sealId().isPresent()) {
            SealState seal = seals.get(c.sealId().get());
            if (seal == null) {
              return Decision.hold(
                  HoldReason.SEAL_UNREPORTED, container, "seal " + c.sealId().get());
            }
            if (!seal.intact()) {
              return Decision.hold(
                  HoldReason.SEAL_NOT_INTACT, container, "seal " + c.sealId().get() + " " + seal);
            }
          }
          if (c.plate().isPresent() && !c.plate().get().equals(read.plate())) {
            return Decision.hold(
                HoldReason.PLATE_MISMATCH,
                container,
                "read " + read.plate() + ", pre-arrival " + c.plate().get());
          }
          clearances.add(c);
        }
        default -> throw new IllegalStateException(status.state().name());
      }
    }
    return new Decision(true, Optional.empty(), Optional.empty(), "", List.copyOf(clearances));
  }

  /**
   * The journal has reached its quota (see JournalQuota): whatever the read, the barrier stays
   * closed, since an opening might not be accounted for.
   */
  public static Decision journalFull() {
    return Decision.hold(HoldReason.JOURNAL_FULL, null, "the event journal has reached its quota");
  }

  /** The outcome; on hold, the reason and the container it concerns (if one). */
  public record Decision(
      boolean open,
      Optional<HoldReason> reason,
      Optional<String> container,
      String detail,
      List<Clearance> clearances) {

    static Decision hold(HoldReason reason, String container, String detail) {
      return new Decision(
          false, Optional.of(reason), Optional.ofNullable(container), detail, List.of());
    }

    /** The lane display's text. */
    public String display() {
      if (open) {
        return "GO";
      }
      return "HOLD "
          + reason.orElseThrow().name()
          + container.map(c -> " " + c).orElse("")
          + ": "
          + reason.get().display();
    }
  }
}
