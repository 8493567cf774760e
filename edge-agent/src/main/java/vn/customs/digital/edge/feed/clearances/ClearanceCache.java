package vn.customs.digital.edge.feed.clearances;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verified clearances in memory, looked up on every vehicle. Owned by the agent's event loop
 * (not thread-safe). {@code syncedAt} is when the api last confirmed the feed; the decision fails
 * closed when it is older than the policy allows.
 */
public final class ClearanceCache {
  private final Map<String, Clearance> byKey = new HashMap<>();
  private final Map<String, List<Clearance>> byContainer = new HashMap<>();
  private Instant syncedAt;

  /**
   * Applies verified entries; a snapshot replaces the whole cache. Returns the entries that changed
   * something.
   */
  public List<Clearance> apply(boolean snapshot, Collection<Clearance> entries) {
    if (snapshot) {
      byKey.clear();
      byContainer.clear();
    }
    List<Clearance> applied = new ArrayList<>();
    for (Clearance c : entries) {
      Clearance existing = byKey.get(c.key());
      if (existing != null && existing.seq() >= c.seq()) {
        continue;
      }
      byKey.put(c.key(), c);
      List<Clearance> list =
          byContainer.computeIfAbsent(c.containerNumber(), k -> new ArrayList<>(1));
      list.removeIf(e -> e.key().equals(c.key()));
      list.add(c);
      applied.add(c);
    }
    return applied;
  }

  /** What the cache says about a container at {@code now}. */
  public ContainerStatus status(String containerNumber, Instant now) {
    List<Clearance> entries = byContainer.getOrDefault(containerNumber, List.of());
    Clearance expired = null;
    Clearance revoked = null;
    for (Clearance c : entries) {
      if (c.kind() == Clearance.Kind.REVOCATION) {
        revoked = c;
      } else if (c.validUntil().isAfter(now)) {
        return new ContainerStatus(ContainerStatus.State.RELEASED, Optional.of(c));
      } else {
        expired = c;
      }
    }
    if (revoked != null) {
      return new ContainerStatus(ContainerStatus.State.REVOKED, Optional.of(revoked));
    }
    if (expired != null) {
      return new ContainerStatus(ContainerStatus.State.EXPIRED, Optional.of(expired));
    }
    return new ContainerStatus(ContainerStatus.State.NOT_RELEASED, Optional.empty());
  }

  public void markSynced(Instant at) {
    syncedAt = at;
  }

  public Optional<Instant> syncedAt() {
    return Optional.ofNullable(syncedAt);
  }

  /** Age of the cache at {@code now}; a cache that was never synced is infinitely old. */
  public Duration age(Instant now) {
    return syncedAt == null ? Duration.ofDays(365_000) : Duration.between(syncedAt, now);
  }

  public int size() {
    return byKey.size();
  }

  /** A container's standing according to the cache, with the entry that decided it. */
  public record ContainerStatus(State state, Optional<Clearance> entry) {
    public enum State {
      RELEASED,
      NOT_RELEASED,
      REVOKED,
      EXPIRED
    }
  }
}
