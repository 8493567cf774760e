package vn.customs.digital.api.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import vn.customs.digital.api.ApiConfig;

/** The api's PostgreSQL: schema migrations (Flyway over JDBC, off the event loop) and the reactive pool. */
public final class Database {
  private Database() {}

  /** Applies pending migrations; blocking, so callers run it on a worker thread. Returns the schema version. */
  public static String migrate(ApiConfig.Database db) {
    Flyway flyway = Flyway.configure()
        .dataSource(db.jdbcUrl(), db.user(), db.password())
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load();
    MigrateResult result = flyway.migrate();
    return result.targetSchemaVersion != null ? result.targetSchemaVersion : flyway.info().current().getVersion().getVersion();
  }

  public static Future<String> migrate(Vertx vertx, ApiConfig.Database db) {
    return vertx.executeBlocking(() -> migrate(db), false);
  }

  public static Pool pool(Vertx vertx, ApiConfig.Database db, int eventLoops) {
    PgConnectOptions connect = new PgConnectOptions()
        .setHost(db.host())
        .setPort(db.port())
        .setDatabase(db.name())
        .setUser(db.user())
        .setPassword(db.password())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
    PoolOptions pool = new PoolOptions()
        .setMaxSize(db.poolSize())
        .setEventLoopSize(eventLoops)
        .setMaxWaitQueueSize(10_000);
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }

  /** True when the database answers and carries the schema version this build migrated to. */
  public static Future<Boolean> ready(Pool pool, String expectedVersion) {
    return pool.preparedQuery(PlatformSql.SCHEMA_VERSION)
        .execute(Tuple.tuple())
        .map(rows -> rows.size() == 1 && expectedVersion.equals(rows.iterator().next().getString("version")));
  }
}
