package vn.customs.digital.lab.edge;

import static vn.customs.digital.lab.edge.GateBench.quantile;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.edge.feed.clearances.ClearanceCache.ContainerStatus;
import vn.customs.digital.lab.bench.BenchMain;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

/**
 * ops/bench gate api: the real gate agent (simulated devices, Pi4J mock, in this JVM on a Vert.x of
 * its own) against the real api (in this JVM too, on a fresh database of the ops/pg server, dropped
 * at exit). Sequential vehicles with a warm cache of clearances the api issued for declarations
 * paid at the sandbox bank. Prints
 *
 * <ul>
 *   <li>online event -> committed in the api's gate_events: from the event's occurredAt (the
 *       agent's clock) to the NOTIFY a bench-only trigger on gate_events sends, which PostgreSQL
 *       delivers at commit (same host clock);
 *   <li>revocation -> applied in the agent's cache (pushed on the WebSocket): from an officer's
 *       hold request (its transaction commits the revocation) to the container showing REVOKED.
 * </ul>
 *
 * Not a test: it asserts nothing.
 */
public final class GateApiBench {
  private static final String GATE = "VNBEN";
  private static final int CONTAINERS_PER_DECLARATION = 50;

  private GateApiBench() {}

  public static void main(String[] args) {
    BenchMain.run(GateApiBench::run);
  }

  private static void run() throws Exception {
    int warmup = Integer.getInteger("bench.warmup", 100);
    int vehicles = Integer.getInteger("bench.vehicles", 500);
    int revocations = Integer.getInteger("bench.revocations", 10);
    long deadline =
        System.nanoTime() + Duration.ofSeconds(Long.getLong("bench.seconds", 150)).toNanos();
    Main.Running api = TestApi.shared();
    Vertx vertx = api.vertx();
    AgentLane.registerGate(vertx, GATE);

    // Each vehicle carries one container of its own; declarations of 50 containers, paid and
    // released.
    int passing = warmup + vehicles;
    List<String> containers = Trader.containers("BNCU", 0, passing);
    for (int from = 0; from < passing; from += CONTAINERS_PER_DECLARATION) {
      Trader.released(
          vertx,
          GATE,
          containers.subList(from, Math.min(passing, from + CONTAINERS_PER_DECLARATION)));
    }
    // A revocation revokes a whole declaration: one declaration of one container each.
    List<String> revocable = Trader.containers("BNRU", 0, revocations);
    List<String> revocableDeclarations = new ArrayList<>();
    for (String container : revocable) {
      revocableDeclarations.add(Trader.released(vertx, GATE, List.of(container)).getString("id"));
    }

    Map<String, Instant> committed = new ConcurrentHashMap<>();
    Await.result(
        api.pool()
            .query(
                """
        create function bench_gate_event_committed() returns trigger language plpgsql as $$
        begin
          perform pg_notify('bench_gate_events', new.id::text);
          return null;
        end $$""")
            .execute());
    Await.result(
        api.pool()
            .query(
                "create trigger bench_gate_event_committed after insert on gate_events"
                    + " for each row execute function bench_gate_event_committed()")
            .execute());
    // a connection of its own: the api's pool (4 in tests) already lends three to its LISTENers
    TestDatabase db = TestDatabase.shared();
    PgConnection listener =
        Await.result(
            PgConnection.connect(
                vertx,
                new PgConnectOptions()
                    .setHost(db.host)
                    .setPort(db.port)
                    .setUser(db.user)
                    .setPassword(db.password)
                    .setDatabase(db.database)));
    listener.notificationHandler(n -> committed.putIfAbsent(n.getPayload(), Instant.now()));
    Await.result(listener.query("LISTEN bench_gate_events").execute());

    Path dir = Files.createTempDirectory("gate-api-bench");
    try (AgentLane lane =
        new AgentLane(
            vertx,
            dir,
            GATE,
            "bench-l1-agent",
            "http://127.0.0.1:" + api.port(),
            AgentLane.Options.defaults().withSimulatedPassage(Duration.ofMillis(5)))) {
      lane.startAgent();
      Await.until(
          "every clearance cached",
          Duration.ofSeconds(60),
          () ->
              containers.stream()
                  .allMatch(
                      c ->
                          lane.agent.lane().cache().status(c, Instant.now()).state()
                              == ContainerStatus.State.RELEASED));

      Instant measuredFrom = null;
      int measured = 0;
      for (int i = 0; i < passing && System.nanoTime() < deadline; i++) {
        if (i == warmup) {
          measuredFrom = Instant.now();
        }
        int passed = i + 1;
        lane.devices.arrive("15C%05d".formatted(i), List.of(containers.get(i)), 0.99, null);
        Await.until(
            "vehicle " + i + " passed",
            Duration.ofSeconds(15),
            () -> lane.agent.lane().metrics().passages.sum() == passed);
        measured += i >= warmup ? 1 : 0;
      }
      Await.until(
          "every event delivered",
          Duration.ofSeconds(30),
          () -> lane.agent.lane().health().uplink().unsent() == 0);

      List<Long> toApi = new ArrayList<>();
      int unannounced = 0;
      for (var row :
          Await.result(
              api.pool()
                  .preparedQuery(
                      "select id::text, occurred_at from gate_events"
                          + " where delivered_by = $1 and occurred_at >= $2")
                  .execute(
                      Tuple.of(
                          lane.deviceId,
                          (measuredFrom == null ? Instant.now() : measuredFrom)
                              .atOffset(ZoneOffset.UTC))))) {
        Instant at = committed.get(row.getString("id"));
        if (at == null) {
          unannounced++;
        } else {
          toApi.add(
              Duration.between(row.getOffsetDateTime("occurred_at").toInstant(), at).toNanos());
        }
      }

      List<Long> revoked = new ArrayList<>();
      for (int k = 0; k < revocations; k++) {
        String container = revocable.get(k);
        long t0 = System.nanoTime();
        Trader.heldByOfficer(vertx, revocableDeclarations.get(k));
        Await.until(
            "revocation " + k + " applied",
            Duration.ofSeconds(10),
            () ->
                lane.agent.lane().cache().status(container, Instant.now()).state()
                    == ContainerStatus.State.REVOKED);
        revoked.add(System.nanoTime() - t0);
      }

      System.out.println(
          "gate api bench: "
              + measured
              + " vehicles measured after "
              + warmup
              + " warm-up, sequential,"
              + " real agent and real api in one JVM on loopback ("
              + Runtime.getRuntime().availableProcessors()
              + " cores), PostgreSQL "
              + System.getenv().getOrDefault("PGHOST", "localhost"));
      System.out.printf(
          "online event -> committed in the api's gate_events (occurredAt -> NOTIFY at commit), %d events"
              + " (%d not announced): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          toApi.size(),
          unannounced,
          quantile(toApi, 0.5) / 1e6,
          quantile(toApi, 0.99) / 1e6,
          quantile(toApi, 1.0) / 1e6);
      System.out.printf(
          "officer's hold requested -> revocation applied in the agent's cache (WebSocket push; polled"
              + " every 5 ms), %d: p50 %.1f ms, max %.1f ms%n",
          revoked.size(), quantile(revoked, 0.5) / 1e6, quantile(revoked, 1.0) / 1e6);
    } finally {
      listener.close();
      Await.result(api.close()); // before the test database is dropped at exit
    }
  }
}
