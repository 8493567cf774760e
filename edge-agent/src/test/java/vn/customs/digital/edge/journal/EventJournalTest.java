package vn.customs.digital.edge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.config.GateConfigLoader;

class EventJournalTest {
  @TempDir Path dir;

  static JournalQuota defaultQuota() {
    return new JournalQuota(
        GateConfigLoader.DEFAULT_JOURNAL_BYTES, 80, "L1", "agent", Clock.systemUTC());
  }

  private EventJournal open() throws Exception {
    return EventJournal.open(dir, defaultQuota());
  }

  private static GateEvent event(String plate) {
    return GateEvent.of(
        EventType.VEHICLE_ARRIVED,
        Instant.now(),
        "L1",
        "cam",
        new JsonObject().put("plate", plate));
  }

  static GateEvent barrier(EventType type, String lane, String container) {
    return GateEvent.of(
        type,
        Instant.now(),
        lane,
        "agent",
        new JsonObject()
            .put("containerNumbers", new JsonArray().add(container))
            .put("declarationNumbers", new JsonArray().add("D-1")));
  }

  @Test
  @DisplayName(
      "Events survive reopening the journal, keep their order, and only unsent ones are pending")
  void survivesReopenInOrder() throws Exception {
    List<GateEvent> first;
    try (EventJournal journal = open()) {
      first = journal.append(List.of(event("A"), event("B"), event("C")));
      journal.markSent(first.get(0).seq(), first.get(0).seq());
    }
    try (EventJournal reopened = open()) {
      List<GateEvent> more = reopened.append(List.of(event("D")));

      assertThat(more.get(0).seq()).isGreaterThan(first.get(2).seq());
      assertThat(reopened.seqAtOpen()).isEqualTo(first.get(2).seq());
      assertThat(reopened.unsent(0, Long.MAX_VALUE, 500))
          .extracting(e -> e.data().getString("plate"))
          .containsExactly("B", "C", "D");
      assertThat(reopened.unsent(0, Long.MAX_VALUE, 500).get(0).id()).isEqualTo(first.get(1).id());
      assertThat(reopened.unsentCount()).isEqualTo(3);
      assertThat(reopened.unsentCount(more.get(0).seq()))
          .as("unsent from before the reopening")
          .isEqualTo(2);
    }
  }

  @Test
  @DisplayName("The journal runs SQLite in WAL mode with synchronous FULL")
  void usesDurableSqliteSettings() throws Exception {
    try (EventJournal journal = open()) {
      journal.append(List.of(event("A")));
    }
    try (var db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events.db"));
        var s = db.createStatement();
        var r = s.executeQuery("PRAGMA journal_mode")) {
      r.next();
      assertThat(r.getString(1)).isEqualToIgnoringCase("wal");
    }
  }

  @Test
  @DisplayName(
      "A lane's opening stays open until its BARRIER_CLOSED, also across a reopening; other lanes are apart")
  void tracksTheOpenBarrierPerLane() throws Exception {
    try (EventJournal journal = open()) {
      journal.append(List.of(barrier(EventType.BARRIER_OPENED, "L1", "MSCU1234566")));
      journal.append(List.of(barrier(EventType.BARRIER_OPENED, "L2", "TGHU7654321"), event("X")));
      journal.append(List.of(barrier(EventType.BARRIER_CLOSED, "L2", "TGHU7654321")));
    }
    try (EventJournal reopened = open()) {
      List<GateEvent> open = reopened.openBarriers();
      assertThat(open)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.lane()).isEqualTo("L1");
                assertThat(e.type()).isEqualTo(EventType.BARRIER_OPENED);
                assertThat(e.data().getJsonArray("containerNumbers").getString(0))
                    .isEqualTo("MSCU1234566");
                assertThat(e.seq()).isPositive();
              });
    }
  }

  @Test
  @DisplayName(
      "A journal written before the open barriers were kept carries a dangling opening over at its first open")
  void upgradesAnOlderJournal() throws Exception {
    try (EventJournal journal = open()) {
      journal.append(
          List.of(
              barrier(EventType.BARRIER_OPENED, "L1", "MSCU0000001"),
              barrier(EventType.BARRIER_CLOSED, "L1", "MSCU0000001"),
              barrier(EventType.BARRIER_OPENED, "L1", "MSCU0000002"),
              barrier(EventType.BARRIER_OPENED, "L2", "MSCU0000003"),
              barrier(EventType.BARRIER_CLOSED, "L2", "MSCU0000003")));
    }
    // what the previous version's file looks like: the events alone
    try (var db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events.db"));
        var s = db.createStatement()) {
      s.execute("DROP TABLE open_barriers");
      s.execute("PRAGMA user_version = 0");
    }

    try (EventJournal upgraded = open()) {
      assertThat(upgraded.openBarriers())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.lane()).isEqualTo("L1");
                assertThat(e.data().getJsonArray("containerNumbers").getString(0))
                    .isEqualTo("MSCU0000002");
              });
    }
  }
}
