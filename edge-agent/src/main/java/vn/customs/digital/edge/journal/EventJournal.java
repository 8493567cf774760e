package vn.customs.digital.edge.journal;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import vn.customs.digital.edge.sqlite.Sqlite;

/**
 * The durable store-and-forward journal: every event is committed here before anything tries to send it.
 * SQLite in WAL mode with synchronous=FULL, so a committed event survives kill -9 and power loss. The
 * AUTOINCREMENT row id is the event's agent-local seq: strictly increasing, never reused, even after pruning.
 *
 * <p>Blocking (JDBC): call it from a worker (executeBlocking), never from an event loop. Not thread-safe on its
 * own; the agent serialises calls with ordered executeBlocking.
 */
public final class EventJournal implements AutoCloseable {
  /** Sent events kept for inspection before pruning. */
  private static final long KEEP_SENT = 100_000;

  private final Connection db;

  private EventJournal(Connection db) {
    this.db = db;
  }

  public static EventJournal open(Path directory) throws SQLException {
    Connection db = Sqlite.open(directory, "events.db", "the journal directory " + directory, """
        CREATE TABLE IF NOT EXISTS events (
          seq  INTEGER PRIMARY KEY AUTOINCREMENT,
          id   TEXT NOT NULL UNIQUE,
          body TEXT NOT NULL,
          sent INTEGER NOT NULL DEFAULT 0)""",
        "CREATE INDEX IF NOT EXISTS events_unsent ON events(sent, seq)");
    return new EventJournal(db);
  }

  /** Commits the events in one transaction, in the order given, and returns them with their seq. */
  public List<GateEvent> append(List<GateEvent> events) throws SQLException {
    List<GateEvent> stored = new ArrayList<>(events.size());
    Sqlite.inTransaction(db, () -> {
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO events(id, body) VALUES (?, ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        for (GateEvent event : events) {
          JsonObject body = event.toJson();
          body.remove("seq");
          insert.setString(1, event.id());
          insert.setString(2, body.encode());
          insert.executeUpdate();
          try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            stored.add(event.withSeq(keys.getLong(1)));
          }
        }
      }
    });
    return stored;
  }

  /** The oldest unsent events, in seq order. */
  public List<GateEvent> unsent(int limit) throws SQLException {
    return query("SELECT seq, body FROM events WHERE sent = 0 ORDER BY seq LIMIT ?", limit);
  }

  /** Every event still kept, sent or not, in seq order. */
  public List<GateEvent> all() throws SQLException {
    return query("SELECT seq, body FROM events ORDER BY seq LIMIT ?", Integer.MAX_VALUE);
  }

  private List<GateEvent> query(String sql, int limit) throws SQLException {
    List<GateEvent> events = new ArrayList<>();
    try (PreparedStatement select = db.prepareStatement(sql)) {
      select.setInt(1, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(GateEvent.fromJson(new JsonObject(rows.getString(2)).put("seq", rows.getLong(1))));
        }
      }
    }
    return events;
  }

  /** Marks every event up to and including {@code seq} as accepted by the api, and prunes old sent ones. */
  public void markSentUpTo(long seq) throws SQLException {
    try (PreparedStatement update = db.prepareStatement("UPDATE events SET sent = 1 WHERE seq <= ? AND sent = 0");
         PreparedStatement prune = db.prepareStatement("DELETE FROM events WHERE sent = 1 AND seq <= ?")) {
      update.setLong(1, seq);
      update.executeUpdate();
      prune.setLong(1, seq - KEEP_SENT);
      prune.executeUpdate();
    }
  }

  /** Sets one event aside as refused by the api (sent = 2): kept for inspection, never sent again. */
  public void markRejected(long seq) throws SQLException {
    try (PreparedStatement update = db.prepareStatement("UPDATE events SET sent = 2 WHERE seq = ? AND sent = 0")) {
      update.setLong(1, seq);
      update.executeUpdate();
    }
  }

  /** The events the api refused, oldest first. */
  public List<GateEvent> rejected() throws SQLException {
    return query("SELECT seq, body FROM events WHERE sent = 2 ORDER BY seq LIMIT ?", Integer.MAX_VALUE);
  }

  public long unsentCount() throws SQLException {
    try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM events WHERE sent = 0")) {
      r.next();
      return r.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
