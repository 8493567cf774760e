package vn.customs.digital.edge.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** How the agent's local stores open their SQLite database. Blocking (JDBC): call from a worker. */
public final class Sqlite {
  private Sqlite() {}

  /**
   * Opens {@code directory/file}, creating the directory if need be, in WAL mode with
   * synchronous=FULL (a commit survives kill -9 and power loss) and a 5 s busy timeout, then runs
   * the store's schema statements in order.
   *
   * @param directoryName how the directory is named if it cannot be created: "cannot create " +
   *     directoryName
   */
  public static Connection open(Path directory, String file, String directoryName, String... schema)
      throws SQLException {
    try {
      Files.createDirectories(directory);
    } catch (java.io.IOException e) {
      throw new SQLException("cannot create " + directoryName, e);
    }
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(file));
    try (Statement s = db.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=FULL");
      s.execute("PRAGMA busy_timeout=5000");
      for (String statement : schema) {
        s.execute(statement);
      }
    }
    return db;
  }

  /** Work on a connection that may fail as JDBC does. */
  @FunctionalInterface
  public interface Work {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} as one transaction on {@code db}: committed if it returns, rolled back if it
   * throws.
   */
  public static void inTransaction(Connection db, Work work) throws SQLException {
    db.setAutoCommit(false);
    try {
      work.run();
      db.commit();
    } catch (SQLException | RuntimeException e) {
      db.rollback();
      throw e;
    } finally {
      db.setAutoCommit(true);
    }
  }
}
