package vn.customs.digital.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * A fresh, empty PostgreSQL database for one test run (one JVM), on the server that the standard
 * libpq variables name (PGHOST, PGPORT, PGUSER, PGPASSWORD; {@code ops/test} sets them from {@code
 * ops/pg env}). Dropped when the JVM exits unless DC_KEEP_TEST_DB=true.
 */
public final class TestDatabase {

  private static volatile TestDatabase shared;

  public final String host;
  public final int port;
  public final String user;
  public final String password;
  public final String database;

  private TestDatabase(String host, int port, String user, String password, String database) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.database = database;
  }

  /** The database of this test run, created on first use. */
  public static TestDatabase shared() {
    TestDatabase db = shared;
    if (db == null) {
      synchronized (TestDatabase.class) {
        db = shared;
        if (db == null) {
          db = create("dc_test");
          shared = db;
        }
      }
    }
    return db;
  }

  /** Another fresh database, for a test that needs an empty one of its own. */
  public static TestDatabase create(String prefix) {
    String host = env("PGHOST", "localhost");
    int port = Integer.parseInt(env("PGPORT", "5432"));
    String user = env("PGUSER", System.getProperty("user.name"));
    String password = env("PGPASSWORD", "");
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String name =
        prefix + "_" + ProcessHandle.current().pid() + "_" + HexFormat.of().formatHex(random);
    TestDatabase db = new TestDatabase(host, port, user, password, name);
    db.admin("create database " + name);
    if (!Boolean.parseBoolean(System.getenv("DC_KEEP_TEST_DB"))) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> db.admin("drop database if exists " + name + " with (force)")));
    }
    return db;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), properties());
  }

  private Properties properties() {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (!password.isEmpty()) {
      p.setProperty("password", password);
    }
    return p;
  }

  private void admin(String sql) {
    String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
    try (Connection c = DriverManager.getConnection(url, properties());
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "test database: '"
              + sql
              + "' failed on "
              + host
              + ":"
              + port
              + " as "
              + user
              + " (is PostgreSQL up? run ops/pg start): "
              + e.getMessage(),
          e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
