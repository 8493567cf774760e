package vn.customs.digital.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

/**
 * The test run's PostgreSQL database with the module's schema, and blocking helpers for test
 * threads.
 */
public final class OutboxDatabase {

  static final TestDatabase DB = TestDatabase.shared();
  private static boolean migrated;

  private OutboxDatabase() {}

  /** Migrated schema, empty outbox and push tokens. */
  static synchronized void reset() {
    if (!migrated) {
      NotificationsSchema.migrate(DB.jdbcUrl(), DB.user, DB.password);
      migrated = true;
    }
    execute("TRUNCATE outbox, outbox_stream, push_tokens");
  }

  static Pool pool(Vertx vertx) {
    return pool(vertx, 4);
  }

  /** A pool of at most {@code size} connections to the test database. */
  static Pool pool(Vertx vertx, int size) {
    PgConnectOptions connect =
        new PgConnectOptions()
            .setHost(DB.host)
            .setPort(DB.port)
            .setUser(DB.user)
            .setPassword(DB.password)
            .setDatabase(DB.database);
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  static void addToken(
      String token, String subject, String taxCode, String platform, String lang, String... roles) {
    addTokenTo(DB, token, subject, taxCode, platform, lang, roles);
  }

  public static void addTokenTo(
      TestDatabase db,
      String token,
      String subject,
      String taxCode,
      String platform,
      String lang,
      String... roles) {
    try (Connection c = db.connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO push_tokens (token, subject, tenant_tax_code, roles, platform, lang) VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, token);
      s.setString(2, subject);
      s.setString(3, taxCode);
      s.setArray(4, c.createArrayOf("text", roles));
      s.setString(5, platform);
      s.setString(6, lang);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static OutboxMessage message(String declarationId, String eventType, String taxCode) {
    return new OutboxMessage(
        UUID.randomUUID(),
        declarationId,
        "1050" + Math.abs(declarationId.hashCode() % 1_000_000),
        eventType,
        "ACCEPTED",
        "yellow",
        List.of(taxCode),
        List.of(),
        false,
        new JsonObject());
  }

  /** Appends through the real {@link Outbox#append}, in a transaction of its own. */
  static void append(Pool pool, OutboxMessage... messages) {
    await(
        pool.withTransaction(
            conn -> {
              Future<Void> chain = Future.succeededFuture();
              for (OutboxMessage m : messages) {
                chain = chain.compose(v -> Outbox.append(conn, m));
              }
              return chain;
            }));
  }

  record Row(
      String status,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      Integer pushedDevices,
      long seq) {}

  /** The traceparent the message was written with, or null. */
  static String traceparent(UUID id) {
    try (Connection c = DB.connect();
        PreparedStatement s = c.prepareStatement("SELECT traceparent FROM outbox WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("no outbox message " + id);
        }
        return rs.getString(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static Row row(UUID id) {
    try (Connection c = DB.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT status, attempts, next_attempt_at, last_error, pushed_devices, seq FROM outbox WHERE id = ?")) {
      s.setObject(1, id);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no outbox row " + id);
        }
        java.sql.Timestamp next = rs.getTimestamp(3);
        return new Row(
            rs.getString(1),
            rs.getInt(2),
            next == null ? null : next.toInstant(),
            rs.getString(4),
            (Integer) rs.getObject(5),
            rs.getLong(6));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> tokens() {
    List<String> tokens = new ArrayList<>();
    try (Connection c = DB.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT token FROM push_tokens ORDER BY token")) {
      while (rs.next()) {
        tokens.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return tokens;
  }

  static long count(String where) {
    try (Connection c = DB.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static long scalar(String sql) {
    try (Connection c = DB.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static void execute(String sql) {
    try (Connection c = DB.connect();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static <T> T await(Future<T> future) {
    return Await.result(future, Duration.ofSeconds(20));
  }
}
