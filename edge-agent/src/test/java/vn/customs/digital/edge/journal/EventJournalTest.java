package vn.customs.digital.edge.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJournalTest {
  @TempDir
  Path dir;

  private static GateEvent event(String plate) {
    return GateEvent.of(EventType.VEHICLE_ARRIVED, Instant.now(), "L1", "cam", new JsonObject().put("plate", plate));
  }

  @Test
  @DisplayName("Events survive reopening the journal, keep their order, and only unsent ones are pending")
  void survivesReopenInOrder() throws Exception {
    List<GateEvent> first;
    try (EventJournal journal = EventJournal.open(dir)) {
      first = journal.append(List.of(event("A"), event("B"), event("C")));
      journal.markSentUpTo(first.get(0).seq());
    }
    try (EventJournal reopened = EventJournal.open(dir)) {
      List<GateEvent> more = reopened.append(List.of(event("D")));

      assertThat(more.get(0).seq()).isGreaterThan(first.get(2).seq());
      assertThat(reopened.unsent(500)).extracting(e -> e.data().getString("plate")).containsExactly("B", "C", "D");
      assertThat(reopened.unsent(500).get(0).id()).isEqualTo(first.get(1).id());
      assertThat(reopened.unsentCount()).isEqualTo(3);
    }
  }

  @Test
  @DisplayName("The journal runs SQLite in WAL mode with synchronous FULL")
  void usesDurableSqliteSettings() throws Exception {
    try (EventJournal journal = EventJournal.open(dir)) {
      journal.append(List.of(event("A")));
    }
    try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events.db"));
         var s = db.createStatement(); var r = s.executeQuery("PRAGMA journal_mode")) {
      r.next();
      assertThat(r.getString(1)).isEqualToIgnoringCase("wal");
    }
  }
}
