package vn.customs.digital.edge.journal;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.decision.SealState;

/**
 * How large the journal may grow, and what happens as it fills (see the README, "Journal quota"):
 *
 * <ul>
 *   <li>Settled events (delivered, then those the api refused) are kept for inspection while they
 *       fit in half the quota; beyond it the oldest go, down to {@value #PRUNE_TO_PERCENT} %.
 *       Unsent events are never pruned, so once the journal is past half its quota what fills it is
 *       the backlog.
 *   <li>At {@code warnPercent} of the quota: {@code JOURNAL_QUOTA_WARNING}, once per crossing.
 *   <li>At the quota: {@code JOURNAL_QUOTA_REACHED}, once; from then on only the events that
 *       account for the barrier and for alerts are journaled ({@link #essential}: the camera's
 *       reads, intact seals, device faults and link changes are dropped and counted), and the agent
 *       opens the barrier for nobody (hold {@code JOURNAL_FULL}): an opening it might not be able
 *       to account for is not made.
 * </ul>
 *
 * A level is left only when the journal is {@value #REARM_POINTS} points of the quota below it, so
 * a journal hovering at a threshold does not raise the alarm again and again. Used from the
 * journal's worker; the level and figures are read from any thread.
 */
public final class JournalQuota {
  private static final Logger log = LoggerFactory.getLogger(JournalQuota.class);
  static final int KEEP_SETTLED_PERCENT = 50;
  static final int PRUNE_TO_PERCENT = 45;
  static final int REARM_POINTS = 10;
  private static final int MAX_PRUNE_CHUNK = 1000;

  /**
   * Above where settled events are pruned, so that the warning speaks of the backlog; below the
   * quota.
   */
  public static final int MIN_WARN_PERCENT = KEEP_SETTLED_PERCENT + REARM_POINTS;

  public static final int MAX_WARN_PERCENT = 95;

  public enum Level {
    OK,
    WARNING,
    FULL
  }

  private final long maxBytes;
  private final int warnPercent;
  private final LaneEvents events;
  private final Clock clock;
  private final LongAdder dropped = new LongAdder();
  private volatile long usedBytes;
  private volatile Level level = Level.OK;

  /** {@code lane} and {@code deviceId} are what the alarm events carry. */
  public JournalQuota(long maxBytes, int warnPercent, String lane, String deviceId, Clock clock) {
    if (warnPercent < MIN_WARN_PERCENT || warnPercent > MAX_WARN_PERCENT) {
      throw new IllegalArgumentException(
          "warnPercent must be "
              + MIN_WARN_PERCENT
              + "-"
              + MAX_WARN_PERCENT
              + ", not "
              + warnPercent);
    }
    this.maxBytes = maxBytes;
    this.warnPercent = warnPercent;
    this.events = new LaneEvents(lane, deviceId);
    this.clock = clock;
  }

  /** The events to journal: all of them, or at the quota only the essential ones. */
  List<GateEvent> admit(List<GateEvent> events) {
    if (level != Level.FULL) {
      return events;
    }
    List<GateEvent> kept = events.stream().filter(JournalQuota::essential).toList();
    if (kept.size() < events.size()) {
      dropped.add(events.size() - kept.size());
      log.atWarn()
          .addKeyValue(
              "dropped", events.stream().filter(e -> !essential(e)).map(GateEvent::type).toList())
          .addKeyValue("usedBytes", usedBytes)
          .addKeyValue("maxBytes", maxBytes)
          .log("journal quota reached: events not journaled");
    }
    return kept;
  }

  /**
   * What must be journaled even at the quota: the barrier's cycle, holds, seals not intact, the
   * alarms.
   */
  static boolean essential(GateEvent e) {
    return switch (e.type()) {
      case VEHICLE_ARRIVED, PLATE_READ, CONTAINER_READ, DEVICE_FAULT, AGENT_ONLINE, AGENT_OFFLINE ->
          false;
      case SEAL_STATE -> !SealState.valueOf(e.data().getString("sealState")).intact();
      default -> true;
    };
  }

  /**
   * After an append (or at open): prunes, measures, and returns the alarm to journal if the level
   * rose.
   */
  Optional<GateEvent> check(EventJournal journal) throws SQLException {
    Level before = level;
    Level now = measure(journal);
    level = now;
    if (now.compareTo(before) <= 0) {
      return Optional.empty();
    }
    long unsent = journal.unsentCount();
    log.atWarn()
        .addKeyValue("level", now)
        .addKeyValue("usedBytes", usedBytes)
        .addKeyValue("maxBytes", maxBytes)
        .addKeyValue("unsent", unsent)
        .log(
            now == Level.FULL
                ? "journal quota reached: only essential events are journaled and the barrier stays closed"
                : "journal quota warning");
    return Optional.of(
        events.quotaAlarm(
            clock.instant(),
            now == Level.FULL,
            usedBytes,
            maxBytes,
            usedPercent(),
            warnPercent,
            unsent));
  }

  /**
   * After events were delivered: prunes and measures; the level can only fall here (nothing was
   * added).
   */
  void afterDelivery(EventJournal journal) throws SQLException {
    Level now = measure(journal);
    if (now.compareTo(level) < 0) {
      log.atInfo()
          .addKeyValue("level", now)
          .addKeyValue("usedBytes", usedBytes)
          .log("journal quota level down");
      level = now;
    }
  }

  private Level measure(EventJournal journal) throws SQLException {
    long used = journal.usedBytes();
    if (used > percentOfQuota(KEEP_SETTLED_PERCENT)) {
      long target = percentOfQuota(PRUNE_TO_PERCENT);
      long rowBytes = Math.max(1, used / Math.max(1, journal.rowCount()));
      int pruned = 0;
      int wanted;
      int deleted;
      do {
        // rows free their table pages as they go, index pages less so: aim at the excess, then go
        // on in steps
        wanted = Math.clamp((used - target) / rowBytes + 1, 1, MAX_PRUNE_CHUNK);
        deleted = journal.pruneSettled(wanted);
        pruned += deleted;
        used = journal.usedBytes();
      } while (used > target && deleted == wanted);
      if (pruned > 0) {
        log.atDebug()
            .addKeyValue("pruned", pruned)
            .addKeyValue("usedBytes", used)
            .log("settled events pruned");
      }
    }
    usedBytes = used;
    if (used >= maxBytes || level == Level.FULL && used >= percentOfQuota(100 - REARM_POINTS)) {
      return Level.FULL;
    }
    if (used >= percentOfQuota(warnPercent)
        || level != Level.OK && used >= percentOfQuota(warnPercent - REARM_POINTS)) {
      return Level.WARNING;
    }
    return Level.OK;
  }

  private long percentOfQuota(int percent) {
    return maxBytes / 100 * percent;
  }

  /** At the quota: only essential events are journaled and the barrier stays closed. */
  public boolean full() {
    return level == Level.FULL;
  }

  public Level level() {
    return level;
  }

  public long usedBytes() {
    return usedBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  public double usedPercent() {
    return Math.round(usedBytes * 1000.0 / maxBytes) / 10.0;
  }

  /** Where the journal stands now, for /health and /metrics. */
  public Usage usage() {
    return new Usage(usedBytes, maxBytes, usedPercent(), warnPercent, level, dropped());
  }

  /** The journal's size against its quota at one moment. */
  public record Usage(
      long usedBytes,
      long maxBytes,
      double usedPercent,
      int warnPercent,
      Level level,
      long dropped) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("usedBytes", usedBytes)
          .put("maxBytes", maxBytes)
          .put("usedPercent", usedPercent)
          .put("warnPercent", warnPercent)
          .put("level", level.name())
          .put("dropped", dropped);
    }
  }

  /** Events not journaled because the quota was reached. */
  public long dropped() {
    return dropped.sum();
  }
}
