package vn.customs.digital.lab.notifications;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.customs.digital.notifications.FakeFcm;
import vn.customs.digital.notifications.FcmPushSender;
import vn.customs.digital.notifications.NotificationWorker;
import vn.customs.digital.notifications.NotificationsConfig;
import vn.customs.digital.notifications.NotificationsSchema;
import vn.customs.digital.notifications.Outbox;
import vn.customs.digital.notifications.OutboxDatabase;
import vn.customs.digital.notifications.OutboxMessage;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

/**
 * Load script, not a test: time from the start of the committing transaction to the FCM request
 * leaving the Firebase Admin SDK (recorded by the SDK's HTTP transport), with one worker woken by
 * LISTEN/NOTIFY. Arguments: messages (default 2000), rate per second (default 200).
 */
public final class CommitToPushLatencyBenchmark {

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    TestDatabase db = TestDatabase.create("dc_bench");
    NotificationsSchema.migrate(db.jdbcUrl(), db.user, db.password);
    Vertx vertx = Vertx.vertx();
    PgConnectOptions connect =
        new PgConnectOptions()
            .setHost(db.host)
            .setPort(db.port)
            .setUser(db.user)
            .setPassword(db.password)
            .setDatabase(db.database);
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(8))
            .connectingTo(connect)
            .using(vertx)
            .build();

    Map<String, Long> started = new ConcurrentHashMap<>();
    Map<String, Long> pushed = new ConcurrentHashMap<>();
    FakeFcm fcm = new FakeFcm();
    fcm.answer(
        r -> {
          pushed.putIfAbsent(r.messageId(), System.nanoTime());
          return FakeFcm.Reply.ok();
        });
    for (int t = 0; t < 100; t++) {
      OutboxDatabase.addTokenTo(db, "bench-phone-" + t, "bench-" + t, "0500" + t, "android", "vi");
    }
    Clock clock = Clock.systemUTC();
    NotificationsConfig config = NotificationsConfig.defaults();
    OutboxDatabase.await(
        vertx.deployVerticle(
            new NotificationWorker(
                pool, config, new FcmPushSender(vertx, fcm.app(), clock), clock)));

    // Warm-up (JIT, the SDK's thread pool, prepared statements), not measured.
    offer(pool, "WARM", messages / 2, rate, new ConcurrentHashMap<>());
    waitFor(pushed, messages / 2);
    pushed.clear();
    offer(pool, "BENCH", messages, rate, started);
    waitFor(pushed, messages);
    List<Long> micros = new ArrayList<>();
    started.forEach(
        (id, t0) -> {
          Long t1 = pushed.get(id);
          if (t1 != null) {
            micros.add((t1 - t0) / 1_000);
          }
        });
    long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "commit -> FCM request: %d of %d messages pushed, %d msg/s offered, %d CPU cores%n",
        sorted.length, messages, rate, Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
        pct(sorted, 50), pct(sorted, 95), pct(sorted, 99), sorted[sorted.length - 1] / 1000.0);
    Await.result(vertx.close());
    System.exit(0);
  }

  private static void offer(
      Pool pool, String prefix, int count, int rate, Map<String, Long> started)
      throws InterruptedException {
    long intervalNanos = 1_000_000_000L / rate;
    long next = System.nanoTime();
    for (int i = 0; i < count; i++) {
      OutboxMessage m =
          OutboxDatabase.message(
              prefix + "-" + (i % 500), "declaration.submitted", "0500" + (i % 100));
      started.put(m.id().toString(), System.nanoTime());
      pool.withTransaction(conn -> Outbox.append(conn, m));
      next += intervalNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
  }

  private static void waitFor(Map<String, Long> pushed, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (pushed.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static double pct(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
  }
}
