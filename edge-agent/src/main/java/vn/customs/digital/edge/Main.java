package vn.customs.digital.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.edge.config.GateConfig;
import vn.customs.digital.edge.config.GateConfigLoader;
import vn.customs.digital.edge.config.InvalidConfigException;

/**
 * {@code java -jar edge-agent.jar --config gate.yaml}. Exit 2 on a bad configuration, 1 if start-up
 * fails.
 */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    start(args);
  }

  /**
   * What {@link #main} does: reads the configuration the arguments name (exit 2 when it is bad),
   * deploys the agent on a Vert.x of its own, closed by a shutdown hook (barrier closed, journal
   * flushed), and exits 1 if start-up fails. The future completes with the started agent, for a
   * launcher that adds to the lane (the lab's simulated vehicles on a mock loop).
   */
  public static Future<GateAgent> start(String[] args) {
    Path configFile = null;
    for (int i = 0; i < args.length; i++) {
      if ("--config".equals(args[i]) && i + 1 < args.length) {
        configFile = Path.of(args[++i]);
      } else if (args[i].startsWith("--config=")) {
        configFile = Path.of(args[i].substring("--config=".length()));
      } else {
        System.err.println("unknown argument: " + args[i]);
        configFile = null;
        break;
      }
    }
    if (configFile == null) {
      System.err.println("usage: java -jar edge-agent.jar --config gate.yaml");
      System.exit(2);
    }
    GateConfig config;
    try {
      config = GateConfigLoader.load(configFile);
    } catch (InvalidConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return Future.failedFuture(e);
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
    GateAgent agent = new GateAgent(config, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("shutting down: barrier closed, journal flushed");
                  vertx.close().onComplete(ar -> stopped.countDown());
                  try {
                    stopped.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "edge-agent-shutdown"));
    return vertx
        .deployVerticle(agent)
        .map(id -> agent)
        .onFailure(
            e -> {
              log.error("gate agent failed to start", e);
              System.exit(1);
            });
  }
}
