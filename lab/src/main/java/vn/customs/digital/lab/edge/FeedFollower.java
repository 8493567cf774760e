package vn.customs.digital.lab.edge;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import vn.customs.digital.edge.config.GateConfig;
import vn.customs.digital.edge.feed.clearances.Clearance;
import vn.customs.digital.edge.feed.clearances.ClearanceCache;
import vn.customs.digital.edge.feed.clearances.ClearanceFeed;
import vn.customs.digital.edge.feed.clearances.ClearanceStore;
import vn.customs.digital.edge.health.AgentMetrics;
import vn.customs.digital.edge.uplink.ApiClient;
import vn.customs.digital.edge.uplink.DeviceToken;

/**
 * The edge agent's clearance feed, alone, for drills ({@code ops/cluster drill feed}): the agent's
 * own {@link ClearanceFeed} (its WebSocket push, its pull of {@code clearances?since=cursor} on
 * every (re)connection, its verification of each signed entry, its SQLite store), without lane,
 * devices or barrier. Its periodic pull is set an hour apart, so that within a drill whatever it
 * learns comes from the push socket and the pull that follows each reconnection.
 *
 * <p>Writes one line per fact to OUT, each starting with the epoch milliseconds: {@code MS
 * connected} and {@code MS disconnected} (the push socket, sampled every 20 ms), {@code MS applied
 * KIND DECLARATION_ID CONTAINER SEQ} for each entry applied to the cache (CLEARANCE or REVOCATION).
 *
 * <p>{@code FeedFollower --api URL --gate CODE --device ID --key PEM --dir DIR --out FILE
 * [--audience AUD]}
 */
public final class FeedFollower {
  private FeedFollower() {}

  public static void main(String[] args) throws Exception {
    String api = null;
    String gate = null;
    String device = null;
    Path key = null;
    Path dir = null;
    Path out = null;
    String audience = "digital-customs-api";
    if (args.length % 2 != 0) {
      usage("options take one value each");
    }
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--api" -> api = value;
        case "--gate" -> gate = value;
        case "--device" -> device = value;
        case "--key" -> key = Path.of(value);
        case "--dir" -> dir = Path.of(value);
        case "--out" -> out = Path.of(value);
        case "--audience" -> audience = value;
        default -> usage("unknown argument " + args[i]);
      }
    }
    if (api == null
        || gate == null
        || device == null
        || key == null
        || dir == null
        || out == null) {
      usage("--api, --gate, --device, --key, --dir and --out are required");
    }
    URI http = URI.create(api);
    URI ws = URI.create(api.replaceFirst("^http", "ws"));
    Files.createDirectories(dir);
    PrintWriter log =
        new PrintWriter(
            Files.newBufferedWriter(
                out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
            true);
    Clock clock = Clock.systemUTC();
    DeviceToken token = new DeviceToken(device, audience, DeviceToken.readPrivateKey(key), clock);
    ClearanceStore store = ClearanceStore.open(dir);
    Vertx vertx = Vertx.vertx();
    ApiClient client =
        new ApiClient(
            vertx, new GateConfig.Api(http, ws, audience, key, Duration.ofSeconds(5)), token);
    ClearanceFeed feed =
        new ClearanceFeed(
            vertx,
            client,
            store,
            new ClearanceCache(),
            gate,
            Duration.ofHours(1),
            clock,
            new AgentMetrics(),
            applied -> write(log, clock, applied));
    Context context = vertx.getOrCreateContext();
    boolean[] connected = {false};
    context.runOnContext(
        v ->
            feed.loadLocal()
                .onComplete(
                    loaded -> {
                      feed.start();
                      vertx.setPeriodic(
                          20,
                          id -> {
                            boolean now = feed.pushConnected();
                            if (now != connected[0]) {
                              connected[0] = now;
                              line(log, clock, now ? "connected" : "disconnected");
                            }
                          });
                    }));
    System.out.println("feed follower of gate " + gate + " through " + api + " started");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  context.runOnContext(v -> feed.stop());
                  client.close().await();
                  try {
                    store.close();
                  } catch (SQLException e) {
                    // at exit: nothing more to do with the store
                  }
                  stopped.countDown();
                }));
    stopped.await();
  }

  private static void write(PrintWriter log, Clock clock, List<Clearance> applied) {
    for (Clearance c : applied) {
      line(
          log,
          clock,
          "applied "
              + c.kind()
              + " "
              + c.declarationId()
              + " "
              + c.containerNumber()
              + " "
              + c.seq());
    }
  }

  private static synchronized void line(PrintWriter log, Clock clock, String what) {
    log.println(clock.millis() + " " + what);
  }

  private static void usage(String problem) {
    System.err.println(
        problem
            + "\nusage: FeedFollower --api URL --gate CODE --device ID --key PEM --dir DIR --out FILE"
            + " [--audience AUD]");
    System.exit(2);
  }
}
