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
 * The durable store-and-forward journal: every event is committed here before anything tries to
 * send it. SQLite in WAL mode with synchronous=FULL, so a committed event survives kill -9 and
 * power loss. The AUTOINCREMENT row id is the event's agent-local seq: strictly increasing, never
 * reused, even after pruning.
 *
 * <p>Besides the events it keeps, per lane, the barrier opening that has not been closed yet
 * ({@code open_barriers}), written in the transaction of the event that opens or closes: what the
 * next start reconciles ({@link JournalReconciliation}), whatever pruning or the order of delivery
 * did to the events themselves. Its size is held to a {@link JournalQuota}. And it keeps the id of
 * every one-time passage command an opening used ({@code passage_commands}, written in the
 * transaction of that {@code BARRIER_OPENED}, never pruned: a few bytes a command), so that a
 * command delivered again, before or after a restart, is refused.
 *
 * <p>Blocking (JDBC): call it from a worker (executeBlocking), never from an event loop. Not
 * thread-safe on its own; the agent serialises calls with ordered executeBlocking.
 */
public final class EventJournal implements AutoCloseable {
  /** The schema version this class writes: 1 added open_barriers. */
  private static final int SCHEMA_VERSION = 1;

  private static final String BARRIER_EVENTS =
      "('BARRIER_OPENED', 'BARRIER_CLOSED', 'PASSAGE_INTERRUPTED')";

  private final Connection db;
  private final JournalQuota quota;
  private final long seqAtOpen;

  private EventJournal(Connection db, JournalQuota quota) throws SQLException {
    this.db = db;
    this.quota = quota;
    this.seqAtOpen = lastSeq();
  }

  public static EventJournal open(Path directory, JournalQuota quota) throws SQLException {
    Connection db =
        Sqlite.open(
            directory,
            "events.db",
            "the journal directory " + directory,
            """
        CREATE TABLE IF NOT EXISTS events (
          seq  INTEGER PRIMARY KEY AUTOINCREMENT,
          id   TEXT NOT NULL UNIQUE,
          body TEXT NOT NULL,
          sent INTEGER NOT NULL DEFAULT 0)""",
            "CREATE INDEX IF NOT EXISTS events_unsent ON events(sent, seq)",
            """
        CREATE TABLE IF NOT EXISTS open_barriers (
          lane TEXT NOT NULL PRIMARY KEY,
          seq  INTEGER NOT NULL,
          body TEXT NOT NULL)""",
            """
        CREATE TABLE IF NOT EXISTS passage_commands (
          id   TEXT NOT NULL PRIMARY KEY,
          seq  INTEGER NOT NULL)""");
    upgrade(db);
    EventJournal journal = new EventJournal(db, quota);
    // a journal already past a level (a restart during a long outage) says so again, and holds from
    // the start
    journal.insert(quota.check(journal).stream().toList());
    return journal;
  }

  /**
   * A journal written before open_barriers existed: the lanes whose latest barrier event is an
   * opening were left open by that version (it journaled nothing when stopped or killed mid-cycle),
   * so they are carried over.
   */
  private static void upgrade(Connection db) throws SQLException {
    int version;
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("PRAGMA user_version")) {
      version = r.next() ? r.getInt(1) : 0;
    }
    if (version >= SCHEMA_VERSION) {
      return;
    }
    Sqlite.inTransaction(
        db,
        () -> {
          try (Statement s = db.createStatement()) {
            s.execute(
                """
            INSERT OR REPLACE INTO open_barriers(lane, seq, body)
            SELECT lane, seq, body FROM (
              SELECT coalesce(json_extract(body, '$.lane'), '') AS lane, seq, body, json_extract(body, '$.type') AS type,
                     row_number() OVER (PARTITION BY coalesce(json_extract(body, '$.lane'), '') ORDER BY seq DESC) AS latest
                FROM events WHERE json_extract(body, '$.type') IN %s)
             WHERE latest = 1 AND type = 'BARRIER_OPENED'"""
                    .formatted(BARRIER_EVENTS));
            s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
          }
        });
  }

  /**
   * Commits the events the quota admits in one transaction, in the order given, and returns them
   * with their seq, followed by the quota's alarm if this append crossed one of its levels
   * (committed after them).
   */
  public List<GateEvent> append(List<GateEvent> events) throws SQLException {
    List<GateEvent> stored = insert(quota.admit(events));
    stored.addAll(insert(quota.check(this).stream().toList()));
    return stored;
  }

  private List<GateEvent> insert(List<GateEvent> events) throws SQLException {
    List<GateEvent> stored = new ArrayList<>(events.size());
    if (events.isEmpty()) {
      return stored;
    }
    Sqlite.inTransaction(
        db,
        () -> {
          try (PreparedStatement insert =
                  db.prepareStatement(
                      "INSERT INTO events(id, body) VALUES (?, ?)",
                      Statement.RETURN_GENERATED_KEYS);
              PreparedStatement opened =
                  db.prepareStatement(
                      "INSERT OR REPLACE INTO open_barriers(lane, seq, body) VALUES (?, ?, ?)");
              PreparedStatement closed =
                  db.prepareStatement("DELETE FROM open_barriers WHERE lane = ?");
              PreparedStatement used =
                  db.prepareStatement("INSERT INTO passage_commands(id, seq) VALUES (?, ?)")) {
            for (GateEvent event : events) {
              JsonObject body = event.toJson();
              body.remove("seq");
              String text = body.encode();
              insert.setString(1, event.id());
              insert.setString(2, text);
              insert.executeUpdate();
              long seq;
              try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                seq = keys.getLong(1);
              }
              stored.add(event.withSeq(seq));
              String lane = event.lane() == null ? "" : event.lane();
              switch (event.type()) {
                case BARRIER_OPENED -> {
                  opened.setString(1, lane);
                  opened.setLong(2, seq);
                  opened.setString(3, text);
                  opened.executeUpdate();
                  if (event.data().getValue("authorisationId") instanceof String command) {
                    // a command used before fails the whole append: nothing is journaled, the
                    // barrier is not opened
                    used.setString(1, command);
                    used.setLong(2, seq);
                    used.executeUpdate();
                  }
                }
                case BARRIER_CLOSED, PASSAGE_INTERRUPTED -> {
                  closed.setString(1, lane);
                  closed.executeUpdate();
                }
                default -> {}
              }
            }
          }
        });
    return stored;
  }

  /**
   * The barrier openings no close has followed, one per lane at most, oldest first, with their seq.
   */
  public List<GateEvent> openBarriers() throws SQLException {
    return query("SELECT seq, body FROM open_barriers ORDER BY seq LIMIT ?", Integer.MAX_VALUE);
  }

  /** The ids of the one-time passage commands openings have used. */
  public java.util.Set<String> usedCommands() throws SQLException {
    java.util.Set<String> ids = new java.util.HashSet<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT id FROM passage_commands")) {
      while (r.next()) {
        ids.add(r.getString(1));
      }
    }
    return ids;
  }

  /** The oldest unsent events with {@code fromSeq <= seq < toSeq}, in seq order. */
  public List<GateEvent> unsent(long fromSeq, long toSeq, int limit) throws SQLException {
    try (PreparedStatement select =
        db.prepareStatement(
            "SELECT seq, body FROM events WHERE sent = 0 AND seq >= ? AND seq < ? ORDER BY seq LIMIT ?")) {
      select.setLong(1, fromSeq);
      select.setLong(2, toSeq);
      select.setInt(3, limit);
      return read(select);
    }
  }

  private List<GateEvent> query(String sql, int limit) throws SQLException {
    try (PreparedStatement select = db.prepareStatement(sql)) {
      select.setInt(1, limit);
      return read(select);
    }
  }

  private static List<GateEvent> read(PreparedStatement select) throws SQLException {
    List<GateEvent> events = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        events.add(
            GateEvent.fromJson(new JsonObject(rows.getString(2)).put("seq", rows.getLong(1))));
      }
    }
    return events;
  }

  /**
   * Marks the unsent events with {@code first <= seq <= last} as accepted by the api. The caller
   * sent all of them: a batch is the oldest unsent events of a seq range, so none between its first
   * and last was left out.
   */
  public void markSent(long first, long last) throws SQLException {
    try (PreparedStatement update =
        db.prepareStatement("UPDATE events SET sent = 1 WHERE seq BETWEEN ? AND ? AND sent = 0")) {
      update.setLong(1, first);
      update.setLong(2, last);
      update.executeUpdate();
    }
    quota.afterDelivery(this);
  }

  /**
   * Sets one event aside as refused by the api (sent = 2): kept for inspection, never sent again.
   */
  public void markRejected(long seq) throws SQLException {
    try (PreparedStatement update =
        db.prepareStatement("UPDATE events SET sent = 2 WHERE seq = ? AND sent = 0")) {
      update.setLong(1, seq);
      update.executeUpdate();
    }
  }

  public long unsentCount() throws SQLException {
    return unsentCount(Long.MAX_VALUE);
  }

  /** Unsent events with a seq below {@code toSeq}. */
  public long unsentCount(long toSeq) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement("SELECT count(*) FROM events WHERE sent = 0 AND seq < ?")) {
      s.setLong(1, toSeq);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Events kept, whatever their state. */
  long rowCount() throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** The highest seq ever given (0 for a new journal), pruned or not. */
  public long lastSeq() throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'events'")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** {@link #lastSeq()} when this journal was opened: what earlier runs of the agent journaled. */
  public long seqAtOpen() {
    return seqAtOpen;
  }

  /**
   * The database's pages in use, in bytes: what its file needs, since SQLite reuses freed pages
   * before it grows the file (the file itself keeps its largest size; the WAL beside it is
   * checkpointed at about 4 MB).
   */
  public long usedBytes() throws SQLException {
    try (Statement s = db.createStatement()) {
      long pages = pragma(s, "page_count");
      long free = pragma(s, "freelist_count");
      return (pages - free) * pragma(s, "page_size");
    }
  }

  private static long pragma(Statement s, String name) throws SQLException {
    try (ResultSet r = s.executeQuery("PRAGMA " + name)) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * Deletes up to {@code rows} settled events, oldest first: delivered ones before those the api
   * refused (kept for inspection, but never to be sent). Unsent events are never pruned. Returns
   * how many went.
   */
  int pruneSettled(int rows) throws SQLException {
    int deleted = 0;
    for (int state : new int[] {1, 2}) {
      try (PreparedStatement prune =
          db.prepareStatement(
              "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE sent = ? ORDER BY seq LIMIT ?)")) {
        prune.setInt(1, state);
        prune.setInt(2, rows - deleted);
        deleted += prune.executeUpdate();
      }
      if (deleted >= rows) {
        break;
      }
    }
    return deleted;
  }

  public JournalQuota quota() {
    return quota;
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
