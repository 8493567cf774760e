package vn.customs.digital.api.platform;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.healthchecks.Status;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.ClientBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.notifications.DatabaseAvailability;
import vn.customs.digital.notifications.PgListener;

/**
 * The api's PostgreSQL: schema migrations (Flyway over JDBC, off the event loop) and the reactive
 * pool.
 */
public final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /**
   * How long the readiness probe waits for the database; the health check's own timeout is a second
   * longer.
   */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(2);

  public static final long READY_CHECK_TIMEOUT_MS = READY_TIMEOUT.toMillis() + 1_000;

  private Database() {}

  /**
   * Applies pending migrations; blocking, so callers run it on a worker thread. Returns the schema
   * version. The notifications module's schema is migrated before (its functions serve V23), so a
   * fresh database is not empty when these run: without a history of its own, the api's starts from
   * version 0 (a database that has the api's tables but lost their history still fails, at V1).
   */
  public static String migrate(ApiConfig.Database db) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(db.jdbcUrl(), db.user(), db.password())
            .locations("classpath:db/migration")
            .failOnMissingLocations(true)
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    MigrateResult result = flyway.migrate();
    return result.targetSchemaVersion != null
        ? result.targetSchemaVersion
        : flyway.info().current().getVersion().getVersion();
  }

  public static Future<String> migrate(Vertx vertx, ApiConfig.Database db) {
    return vertx.executeBlocking(() -> migrate(db), false);
  }

  /** How often start-up tries again to connect to a PostgreSQL that does not accept one yet. */
  static final Duration STARTUP_RETRY_EVERY = Duration.ofSeconds(1);

  /**
   * Completes once PostgreSQL accepts a connection (JDBC, on a worker thread, as the migrations
   * connect), trying again every {@link #STARTUP_RETRY_EVERY} for up to {@code
   * PG_STARTUP_WAIT_SECONDS} ({@link ApiConfig.Database#startupWait()}) while the server cannot be
   * reached or says it is not ready (SQLSTATE class 08, connection exception; 57P03, cannot connect
   * now: starting up, shutting down, in recovery): an api started beside its database, or while the
   * database restarts, waits for it instead of exiting. Any other refusal (a wrong password, a
   * missing database) fails at once, as does the last attempt once the wait is over; zero waits not
   * at all.
   */
  public static Future<Void> accepting(Vertx vertx, ApiConfig.Database db) {
    Promise<Void> accepted = Promise.promise();
    long deadline = System.nanoTime() + db.startupWait().toNanos();
    tryConnect(vertx, db, deadline, 1, accepted);
    return accepted.future();
  }

  private static void tryConnect(
      Vertx vertx, ApiConfig.Database db, long deadline, int attempt, Promise<Void> accepted) {
    vertx
        .<Void>executeBlocking(
            () -> {
              Properties props = new Properties();
              props.setProperty("user", db.user());
              if (!db.password().isEmpty()) {
                props.setProperty("password", db.password());
              }
              props.setProperty(
                  "connectTimeout", String.valueOf(Math.max(1, db.connectTimeout().toSeconds())));
              try (Connection c = DriverManager.getConnection(db.jdbcUrl(), props)) {
                return null;
              }
            },
            false)
        .onSuccess(
            v -> {
              if (attempt > 1) {
                LOG.info("PostgreSQL accepts connections (attempt {})", attempt);
              }
              accepted.complete();
            })
        .onFailure(
            e -> {
              boolean retry =
                  notAcceptingYet(e)
                      && System.nanoTime() + STARTUP_RETRY_EVERY.toNanos() < deadline;
              if (!retry) {
                accepted.fail(e);
                return;
              }
              if (attempt == 1) {
                LOG.warn(
                    "PostgreSQL at {}:{} does not accept connections yet ({}); trying again every"
                        + " {} s for up to {} s (PG_STARTUP_WAIT_SECONDS)",
                    db.host(),
                    db.port(),
                    e.getMessage(),
                    STARTUP_RETRY_EVERY.toSeconds(),
                    db.startupWait().toSeconds());
              }
              vertx.setTimer(
                  STARTUP_RETRY_EVERY.toMillis(),
                  t -> tryConnect(vertx, db, deadline, attempt + 1, accepted));
            });
  }

  /** A server that cannot be reached yet or is not ready, as opposed to one that refuses us. */
  static boolean notAcceptingYet(Throwable e) {
    String state = e instanceof SQLException sql ? sql.getSQLState() : null;
    return state != null && (state.startsWith("08") || state.equals("57P03"));
  }

  /**
   * The pool, bounded so that a database that is away fails a query within a few seconds instead of
   * holding it: TCP connect ({@code connectTimeout}), waiting for a pooled connection, new or not
   * ({@code poolWaitTimeout}), and a statement ({@code statementTimeout}, enforced by PostgreSQL).
   * A stalled network sends no error at all, and the sql client has no per-query timeout of its
   * own; a timeout on the query's future would leave the stuck connection in the pool, where the
   * next queries would queue behind it. So a connection that has received nothing for the silence
   * timeout (statement timeout plus a second, which lets PostgreSQL report a slow statement first)
   * is closed ({@link SilentConnectionGuard}): its queries fail, and the pool opens a fresh one
   * when next needed. The cost is that a connection idle for that long is closed too, and reopened
   * on demand.
   */
  public static Pool pool(Vertx vertx, ApiConfig.Database db, int eventLoops) {
    return pool(vertx, db, eventLoops, "api", db.poolSize());
  }

  /**
   * The public catalogue's own pool, of {@code PG_CATALOGUE_POOL_SIZE} connections: a bulkhead, so
   * a flood of citizens' searches waits for its few connections and never takes the ones traders'
   * submissions and payments need; and a few busy backends per core serve short reads faster than
   * many (docs/benchmarks.md, "Search as you type").
   */
  public static Pool cataloguePool(Vertx vertx, ApiConfig.Database db, int eventLoops) {
    return pool(vertx, db, eventLoops, "catalogue", db.cataloguePoolSize());
  }

  private static Pool pool(
      Vertx vertx, ApiConfig.Database db, int eventLoops, String name, int maxSize) {
    long silenceMs = db.silenceTimeout().toMillis();
    if (silenceMs < 2 * PgListener.KEEPALIVE.toMillis()) {
      // LISTEN connections stay open by answering PgListener's keep-alive query within the silence
      // timeout.
      throw new IllegalArgumentException(
          "silence timeout " + silenceMs + " ms is too short for LISTEN keep-alives");
    }
    PgConnectOptions connect =
        new PgConnectOptions()
            .setHost(db.host())
            .setPort(db.port())
            .setDatabase(db.name())
            .setUser(db.user())
            .setPassword(db.password())
            .setCachePreparedStatements(true)
            .setPipeliningLimit(256);
    connect.addProperty("statement_timeout", String.valueOf(db.statementTimeout().toMillis()));
    NetClientOptions transport =
        new NetClientOptions()
            .setConnectTimeout((int) db.connectTimeout().toMillis())
            .setReadIdleTimeout((int) silenceMs)
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    PoolOptions pool =
        new PoolOptions()
            .setName(name) // the pool's label in the metrics (vertx_pool_*)
            .setMaxSize(maxSize)
            .setEventLoopSize(eventLoops)
            .setMaxWaitQueueSize(10_000)
            .setConnectionTimeout((int) db.poolWaitTimeout().toMillis())
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    return ClientBuilder.pool(new SilentConnectionGuard())
        .with(pool)
        .with(transport)
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  /**
   * The readiness probe (GET /health/ready): UP when {@link #serving} finds this build's schema on
   * a primary (read-write) server, with that server's address, port and database in the check's
   * data (behind a balancer or after a failover: the server that actually answers); DOWN (503) when
   * not, or when the database does not answer within {@link #READY_TIMEOUT}. It completes before
   * the health-check library's own timeout, which would make the answer a 500, and only once,
   * whatever comes late.
   */
  public static Handler<Promise<Status>> readiness(Vertx vertx, Pool pool, String expectedVersion) {
    DatabaseAvailability availability = DatabaseAvailability.of(vertx);
    return promise ->
        serving(pool)
            .timeout(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .onComplete(
                ar -> {
                  if (ar.succeeded()) {
                    availability.succeeded();
                    Serving serving = ar.result();
                    JsonObject data = serving.describe();
                    if (!expectedVersion.equals(serving.schemaVersion())) {
                      promise.tryComplete(
                          Status.KO(
                              data.put(
                                  "reason",
                                  "the schema is not this build's version " + expectedVersion)));
                    } else if (serving.inRecovery()) {
                      promise.tryComplete(
                          Status.KO(
                              data.put(
                                  "reason", "the database is a standby in recovery (read-only)")));
                    } else {
                      promise.tryComplete(Status.OK(data));
                    }
                  } else {
                    availability.failed(ar.cause());
                    promise.tryComplete(
                        Status.KO(
                            new JsonObject()
                                .put(
                                    "reason",
                                    DatabaseAvailability.isOutage(ar.cause())
                                        ? "the database cannot be reached or does not answer in time"
                                        : "the readiness query failed")));
                  }
                });
  }

  /**
   * What the pool's server says of itself.
   *
   * @param schemaVersion the latest successful migration's version, null without one
   * @param server {@code address:port} as the server sees its end of the connection
   */
  public record Serving(String schemaVersion, String server, String database, boolean inRecovery) {
    JsonObject describe() {
      return new JsonObject()
          .put("server", server)
          .put("database", database)
          .put("role", inRecovery ? "standby" : "primary");
    }
  }

  /** Which server and schema the pool reaches. */
  public static Future<Serving> serving(Pool pool) {
    return pool.preparedQuery(PlatformSql.SERVING)
        .execute(Tuple.tuple())
        .map(
            rows -> {
              var row = rows.iterator().next();
              String addr = row.getString("server_addr");
              Integer port = row.getInteger("server_port");
              return new Serving(
                  row.getString("version"),
                  addr == null ? "local socket" : addr + ":" + port,
                  row.getString("database"),
                  Boolean.TRUE.equals(row.getBoolean("in_recovery")));
            });
  }
}
