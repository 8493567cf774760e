package vn.customs.digital.notifications;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the push worker alone, without the api (which otherwise deploys it in its own process).
 * Database from the libpq variables PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD; the rest as in
 * {@link NotificationsConfig#fromEnv}.
 */
public final class NotificationsMain {

  private static final Logger log = LoggerFactory.getLogger(NotificationsMain.class);

  private NotificationsMain() {}

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    NotificationsConfig config;
    PgConnectOptions db;
    try {
      config = NotificationsConfig.fromEnv(env);
      db =
          new PgConnectOptions()
              .setHost(env.getOrDefault("PGHOST", "localhost"))
              .setPort(Integer.parseInt(env.getOrDefault("PGPORT", "5432")))
              .setDatabase(env.getOrDefault("PGDATABASE", "digital_customs"))
              .setUser(env.getOrDefault("PGUSER", System.getProperty("user.name")))
              .setPassword(env.getOrDefault("PGPASSWORD", ""));
    } catch (IllegalArgumentException e) {
      System.err.println("notifications: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    NotificationsSchema.migrate(
        "jdbc:postgresql://" + db.getHost() + ":" + db.getPort() + "/" + db.getDatabase(),
        db.getUser(),
        db.getPassword());

    Vertx vertx = Vertx.vertx();
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(4))
            .connectingTo(db)
            .using(vertx)
            .build();
    Clock clock = Clock.systemUTC();
    FcmPushSender.create(vertx, config, clock)
        .compose(
            sender -> vertx.deployVerticle(new NotificationWorker(pool, config, sender, clock)))
        .onSuccess(
            id ->
                log.info(
                    "Notifications worker running alone against {}:{}/{}",
                    db.getHost(),
                    db.getPort(),
                    db.getDatabase()))
        .onFailure(
            e -> {
              log.error("Notifications worker failed to start", e);
              vertx.close().onComplete(v -> System.exit(1));
            });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close().await()));
  }
}
