package vn.customs.digital.edge.support;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import vn.customs.digital.edge.journal.EventType;
import vn.customs.digital.edge.journal.GateEvent;

/**
 * What an agent's journal file holds, read through a SQLite connection of the test's own (the agent
 * may still have it open, or be gone): every event kept, sent or not, in seq order. The agent
 * itself never reads its journal this way, so the test does, rather than the journal carrying an
 * accessor for tests alone.
 */
public final class JournalFile {
  private JournalFile() {}

  /**
   * One kept event and whether the api has it ({@code sent}: 0 unsent, 1 accepted, 2 set aside as
   * refused).
   */
  public record Entry(GateEvent event, int sent) {
    public boolean unsent() {
      return sent == 0;
    }
  }

  /**
   * The entries of the journal in {@code directory} (the agent's {@code journal.directory}), in seq
   * order.
   */
  public static List<Entry> entries(Path directory) throws SQLException {
    List<Entry> entries = new ArrayList<>();
    try (Connection db =
            DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("events.db"));
        Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT seq, body, sent FROM events ORDER BY seq")) {
      while (r.next()) {
        entries.add(
            new Entry(
                GateEvent.fromJson(new JsonObject(r.getString(2)).put("seq", r.getLong(1))),
                r.getInt(3)));
      }
    }
    return entries;
  }

  /** The events of the journal in {@code directory}, in seq order. */
  public static List<GateEvent> events(Path directory) throws SQLException {
    return entries(directory).stream().map(Entry::event).toList();
  }

  /** How many events of {@code type} the journal in {@code directory} holds. */
  public static long count(Path directory, EventType type) throws SQLException {
    return events(directory).stream().filter(e -> e.type() == type).count();
  }
}
