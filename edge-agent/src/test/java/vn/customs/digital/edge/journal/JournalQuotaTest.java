package vn.customs.digital.edge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.support.JournalFile;

/**
 * The journal's quota on a real SQLite journal of 1 MiB, filled with events of about a kilobyte.
 */
class JournalQuotaTest {
  private static final long QUOTA = 1 << 20;
  private static final String FILLER = "x".repeat(900);

  @TempDir Path dir;

  private EventJournal open() throws Exception {
    return EventJournal.open(dir, new JournalQuota(QUOTA, 80, "L1", "agent", Clock.systemUTC()));
  }

  private static GateEvent filler(EventType type) {
    return GateEvent.of(type, Instant.now(), "L1", "cam", new JsonObject().put("imageRef", FILLER));
  }

  /**
   * Appends unsent events of a kilobyte, ten at a time, until the journal is at {@code level}; all
   * it stored.
   */
  private static List<GateEvent> fillTo(EventJournal journal, JournalQuota.Level level)
      throws Exception {
    List<GateEvent> stored = new ArrayList<>();
    while (journal.quota().level() != level) {
      List<GateEvent> batch = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        batch.add(filler(EventType.HOLD));
      }
      stored.addAll(journal.append(batch));
      assertThat(stored.size()).as("the journal reaches %s", level).isLessThan(5_000);
    }
    return stored;
  }

  private long count(EventType type) throws Exception {
    return JournalFile.count(dir, type);
  }

  @Test
  @DisplayName(
      "Past half the quota the oldest delivered events are pruned, newer ones kept; unsent events never are")
  void prunesTheOldestDeliveredFirst() throws Exception {
    try (EventJournal journal = open()) {
      List<GateEvent> delivered = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        delivered.addAll(
            journal.append(
                List.of(
                    filler(EventType.PLATE_READ),
                    filler(EventType.PLATE_READ),
                    filler(EventType.PLATE_READ),
                    filler(EventType.PLATE_READ),
                    filler(EventType.PLATE_READ))));
      }
      journal.markSent(delivered.get(0).seq(), delivered.get(delivered.size() - 1).seq());
      long before = journal.usedBytes();
      assertThat(before).as("below half the quota nothing goes").isLessThan(QUOTA / 2);
      assertThat(JournalFile.events(dir)).hasSize(200);

      List<GateEvent> unsent = new ArrayList<>();
      while (unsent.size() < 300) {
        unsent.addAll(journal.append(List.of(filler(EventType.HOLD))));
      }

      List<Long> kept =
          JournalFile.events(dir).stream()
              .filter(e -> e.type() == EventType.PLATE_READ)
              .map(GateEvent::seq)
              .toList();
      assertThat(kept)
          .as("some delivered events pruned, some kept")
          .isNotEmpty()
          .hasSizeLessThan(200);
      assertThat(kept)
          .as("the newest delivered ones are those kept")
          .containsExactlyElementsOf(
              delivered.subList(200 - kept.size(), 200).stream().map(GateEvent::seq).toList());
      assertThat(journal.unsent(0, Long.MAX_VALUE, 1_000))
          .extracting(GateEvent::id)
          .containsExactlyElementsOf(unsent.stream().map(GateEvent::id).toList());
      assertThat(journal.usedBytes()).isLessThanOrEqualTo(QUOTA / 2);
    }
  }

  @Test
  @DisplayName(
      "Crossing the warning level journals JOURNAL_QUOTA_WARNING once; only after falling back is it raised again")
  void warnsOncePerCrossing() throws Exception {
    try (EventJournal journal = open()) {
      List<GateEvent> first = fillTo(journal, JournalQuota.Level.WARNING);
      GateEvent warning = first.get(first.size() - 1);
      assertThat(warning.type()).isEqualTo(EventType.JOURNAL_QUOTA_WARNING);
      assertThat(warning.data().getLong("maxBytes")).isEqualTo(QUOTA);
      assertThat(warning.data().getLong("usedBytes")).isGreaterThanOrEqualTo(QUOTA / 100 * 80);
      assertThat(warning.data().getLong("unsent")).isEqualTo(first.size() - 1);
      assertThat(journal.quota().usedPercent()).isBetween(80.0, 100.0);

      journal.append(List.of(filler(EventType.HOLD), filler(EventType.HOLD)));
      assertThat(count(EventType.JOURNAL_QUOTA_WARNING)).as("not again while above").isEqualTo(1);

      // the link returns and everything is delivered: pruned, back to OK
      journal.markSent(0, journal.lastSeq());
      assertThat(journal.quota().level()).isEqualTo(JournalQuota.Level.OK);
      assertThat(journal.usedBytes()).isLessThanOrEqualTo(QUOTA / 2);

      List<GateEvent> second = fillTo(journal, JournalQuota.Level.WARNING);
      assertThat(second)
          .filteredOn(e -> e.type() == EventType.JOURNAL_QUOTA_WARNING)
          .as("raised again")
          .hasSize(1);
    }
  }

  @Test
  @DisplayName(
      "At the quota only the barrier's, holds' and alerts' events are journaled, the rest counted as dropped")
  void keepsOnlyEssentialEventsWhenFull() throws Exception {
    try (EventJournal journal = open()) {
      List<GateEvent> filled = fillTo(journal, JournalQuota.Level.FULL);
      assertThat(filled.get(filled.size() - 1).type()).isEqualTo(EventType.JOURNAL_QUOTA_REACHED);
      assertThat(journal.quota().full()).isTrue();

      List<GateEvent> stored =
          journal.append(
              List.of(
                  filler(EventType.VEHICLE_ARRIVED),
                  filler(EventType.PLATE_READ),
                  filler(EventType.CONTAINER_READ),
                  filler(EventType.HOLD),
                  seal("SEALED"),
                  seal("TAMPERED"),
                  filler(EventType.AGENT_OFFLINE),
                  filler(EventType.BARRIER_CLOSED)));

      assertThat(stored)
          .extracting(GateEvent::type)
          .containsExactly(EventType.HOLD, EventType.SEAL_STATE, EventType.BARRIER_CLOSED);
      assertThat(stored.get(1).data().getString("sealState")).isEqualTo("TAMPERED");
      assertThat(journal.quota().dropped()).isEqualTo(5);
      assertThat(count(EventType.JOURNAL_QUOTA_REACHED)).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "Once the backlog is delivered the quota is lifted and every event is journaled again")
  void deliveryLiftsTheQuota() throws Exception {
    try (EventJournal journal = open()) {
      fillTo(journal, JournalQuota.Level.FULL);

      journal.markSent(0, journal.lastSeq());

      assertThat(journal.quota().full()).isFalse();
      assertThat(journal.append(List.of(filler(EventType.VEHICLE_ARRIVED)))).hasSize(1);
    }
  }

  @Test
  @DisplayName("A journal reopened past its quota holds from the start and says so again")
  void reopenedFullJournalIsFull() throws Exception {
    try (EventJournal journal = open()) {
      fillTo(journal, JournalQuota.Level.FULL);
    }
    try (EventJournal reopened = open()) {
      assertThat(reopened.quota().full()).isTrue();
      assertThat(count(EventType.JOURNAL_QUOTA_REACHED)).isEqualTo(2);
      assertThat(reopened.unsent(reopened.seqAtOpen() + 1, Long.MAX_VALUE, 10))
          .extracting(GateEvent::type)
          .containsExactly(EventType.JOURNAL_QUOTA_REACHED);
    }
  }

  private static GateEvent seal(String state) {
    return GateEvent.of(
        EventType.SEAL_STATE,
        Instant.now(),
        "L1",
        "seal",
        new JsonObject().put("sealId", "SEAL1").put("sealState", state).putNull("containerNumber"));
  }
}
