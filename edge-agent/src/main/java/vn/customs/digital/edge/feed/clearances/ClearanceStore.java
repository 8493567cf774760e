package vn.customs.digital.edge.feed.clearances;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import vn.customs.digital.edge.sqlite.Sqlite;

/**
 * The local copy of the clearance feed (SQLite, WAL, synchronous=FULL): each entry's compact JWS
 * verbatim, the feed cursor, the service JWK set and when the feed was last confirmed. Entries are
 * re-verified when loaded, so editing this file cannot release a container. Blocking: call from a
 * worker.
 */
public final class ClearanceStore implements AutoCloseable {
  private final Connection db;

  private ClearanceStore(Connection db) {
    this.db = db;
  }

  public static ClearanceStore open(Path directory) throws SQLException {
    Connection db =
        Sqlite.open(
            directory,
            "clearances.db",
            directory.toString(),
            "CREATE TABLE IF NOT EXISTS entries (entry_key TEXT PRIMARY KEY, seq INTEGER NOT NULL, jws TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
    return new ClearanceStore(db);
  }

  /** Every stored entry: (key, compact JWS). */
  public List<String[]> entries() throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet r = s.executeQuery("SELECT entry_key, jws FROM entries")) {
      while (r.next()) {
        rows.add(new String[] {r.getString(1), r.getString(2)});
      }
    }
    return rows;
  }

  /**
   * Saves verified entries (a newer seq replaces an older one), the cursor and the sync time in one
   * transaction. A snapshot first removes everything.
   */
  public void save(boolean snapshot, Collection<Clearance> entries, String cursor, Instant syncedAt)
      throws SQLException {
    Sqlite.inTransaction(
        db,
        () -> {
          if (snapshot) {
            try (Statement s = db.createStatement()) {
              s.execute("DELETE FROM entries");
            }
          }
          try (PreparedStatement upsert =
              db.prepareStatement(
                  """
          INSERT INTO entries(entry_key, seq, jws) VALUES (?, ?, ?)
          ON CONFLICT(entry_key) DO UPDATE SET seq = excluded.seq, jws = excluded.jws WHERE excluded.seq > entries.seq""")) {
            for (Clearance c : entries) {
              upsert.setString(1, c.key());
              upsert.setLong(2, c.seq());
              upsert.setString(3, c.jws());
              upsert.addBatch();
            }
            upsert.executeBatch();
          }
          if (cursor != null) {
            putMeta("cursor", cursor);
          }
          putMeta("syncedAt", syncedAt.toString());
        });
  }

  public void delete(String key) throws SQLException {
    try (PreparedStatement d = db.prepareStatement("DELETE FROM entries WHERE entry_key = ?")) {
      d.setString(1, key);
      d.executeUpdate();
    }
  }

  public void saveKeys(String jwksJson) throws SQLException {
    putMeta("jwks", jwksJson);
  }

  public void saveSyncedAt(Instant at) throws SQLException {
    putMeta("syncedAt", at.toString());
  }

  public Optional<String> meta(String name) throws SQLException {
    try (PreparedStatement q = db.prepareStatement("SELECT value FROM meta WHERE name = ?")) {
      q.setString(1, name);
      try (ResultSet r = q.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    }
  }

  private void putMeta(String name, String value) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement(
            "INSERT INTO meta(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value")) {
      p.setString(1, name);
      p.setString(2, value);
      p.executeUpdate();
    }
  }

  @Override
  public void close() throws SQLException {
    db.close();
  }
}
