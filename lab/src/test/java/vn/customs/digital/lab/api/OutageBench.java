package vn.customs.digital.lab.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.lab.bench.BenchMain;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TcpProxy;
import vn.customs.digital.testing.TestDatabase;

/**
 * ops/bench outage: the api with its default database bounds, behind a {@link TcpProxy} to a fresh
 * database of the ops/pg server (dropped at exit), under a steady load of database-backed requests
 * (a public procedure search and an authenticated key listing, from a few looping clients). Each
 * round cuts or stalls the database for a while, then heals it, and prints: when the first 503 came
 * after the fault, the slowest answer during the outage, the answers that were neither 200 nor 503,
 * how soon after the heal a request succeeded again and readiness was back, and what the outage
 * wrote to the log. Not a test: it asserts nothing.
 */
public final class OutageBench {
  private static final String TAX_CODE = "0101234567";

  private OutageBench() {}

  public static void main(String[] args) {
    BenchMain.run(OutageBench::run);
  }

  private record Answer(long startNs, long endNs, int status) {
    long ms() {
      return (endNs - startNs) / 1_000_000;
    }
  }

  private static void run() throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 5);
    long outageMs = Long.getLong("bench.outage.ms", 10_000);
    int clients = Integer.getInteger("bench.clients", 4);
    TestDatabase db = TestDatabase.create("dc_outage_bench");
    TcpProxy proxy = TcpProxy.to(db.host, db.port);
    Map<String, String> env = TestApi.baseEnv(db);
    env.put("PGHOST", proxy.host());
    env.put("PGPORT", String.valueOf(proxy.port()));
    // the defaults of pool size and of the bounds, as in production
    env.remove("PG_POOL_SIZE");
    Main.Running api = Await.result(Main.start(env));
    ApiConfig.Database bounds = ApiConfig.fromEnv(env).database();
    System.out.printf(
        "bounds: connect %d ms, pool wait %d ms, statement %d ms (silence %d ms); %d clients, outages of %d ms%n",
        bounds.connectTimeout().toMillis(),
        bounds.poolWaitTimeout().toMillis(),
        bounds.statementTimeout().toMillis(),
        bounds.silenceTimeout().toMillis(),
        clients,
        outageMs);

    Vertx vertx = Vertx.vertx();
    WebClient web =
        WebClient.create(
            vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.port()),
            new PoolOptions().setHttp1MaxSize(clients * 2));
    String token = TestTokens.trader(TAX_CODE);
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    System.out.println(
        "| fault | round | first 503 after the fault | slowest answer during the outage | answers during the"
            + " outage (503 / other) | first 200 after the heal | readiness 200 after the heal | log lines (WARN+ / with a stack trace) |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (String fault : List.of("cut", "stall")) {
      for (int round = 1; round <= rounds; round++) {
        Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong sequence = new AtomicLong();
        List<Thread> load = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          boolean authenticated = c % 2 == 0;
          load.add(
              Thread.ofVirtual()
                  .start(
                      () -> {
                        while (loading.get()) {
                          HttpRequest<Buffer> request =
                              authenticated
                                  ? web.get("/api/v1/enterprises/" + TAX_CODE + "/keys")
                                      .bearerTokenAuthentication(token)
                                  // a new search each time, so the page cache does not answer it,
                                  // with a character (‽) the in-memory index does not fold, so
                                  // that the search statement answers it from the database
                                  : web.get(
                                      "/api/v1/procedures?q=thu+tuc+"
                                          + sequence.incrementAndGet()
                                          + "+%E2%80%BD");
                          send(request, answers::add);
                        }
                      }));
        }
        Thread.sleep(2_000);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);

        long faultAt = System.nanoTime();
        if (fault.equals("cut")) {
          proxy.cut();
        } else {
          proxy.stall();
        }
        Thread.sleep(outageMs);
        long healAt = System.nanoTime();
        proxy.heal();
        long readyAt = pollUntil200(web, "/health/ready");
        long firstOk;
        while ((firstOk =
                answers.stream()
                    .filter(a -> a.status() == 200 && a.endNs() > healAt)
                    .mapToLong(Answer::endNs)
                    .min()
                    .orElse(-1))
            < 0) {
          Thread.sleep(5);
        }
        Thread.sleep(2_000);
        loading.set(false);
        for (Thread t : load) {
          t.join();
        }
        root.detachAppender(logged);

        List<Answer> during =
            answers.stream().filter(a -> a.startNs() >= faultAt && a.startNs() < healAt).toList();
        long first503 =
            answers.stream()
                .filter(a -> a.status() == 503 && a.endNs() > faultAt)
                .mapToLong(Answer::endNs)
                .min()
                .orElse(faultAt);
        long slowest =
            answers.stream()
                .filter(a -> a.endNs() > faultAt && a.startNs() < healAt)
                .mapToLong(Answer::ms)
                .max()
                .orElse(0);
        long unavailable = during.stream().filter(a -> a.status() == 503).count();
        List<Integer> other =
            answers.stream()
                .filter(a -> a.status() != 200 && a.status() != 503)
                .map(Answer::status)
                .distinct()
                .sorted(Comparator.naturalOrder())
                .toList();
        long otherCount =
            answers.stream().filter(a -> a.status() != 200 && a.status() != 503).count();
        long warnings =
            logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count();
        long traces = logged.list.stream().filter(e -> e.getThrowableProxy() != null).count();
        System.out.printf(
            "| %s | %d | %d ms | %d ms | %d / %d%s | %d ms | %d ms | %d / %d |%n",
            fault,
            round,
            (first503 - faultAt) / 1_000_000,
            slowest,
            unavailable,
            otherCount,
            other.isEmpty() ? "" : " " + other,
            (firstOk - healAt) / 1_000_000,
            (readyAt - healAt) / 1_000_000,
            warnings,
            traces);
      }
    }
    web.close();
    Await.result(vertx.close());
    Await.result(api.close());
    proxy.close();
  }

  private static void send(HttpRequest<Buffer> request, Consumer<Answer> into) {
    long start = System.nanoTime();
    int status;
    try {
      status = Await.result(request.timeout(60_000).send()).statusCode();
    } catch (RuntimeException e) {
      status = -1; // no answer within a minute, or the connection failed
    }
    into.accept(new Answer(start, System.nanoTime(), status));
  }

  /** Polls every 10 ms; the time of the first 200. */
  private static long pollUntil200(WebClient web, String path) throws InterruptedException {
    while (true) {
      Answer[] last = new Answer[1];
      send(web.get(path), a -> last[0] = a);
      if (last[0].status() == 200) {
        return last[0].endNs();
      }
      Thread.sleep(10);
    }
  }
}
