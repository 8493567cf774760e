package vn.customs.digital.lab.edge;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.lab.bench.BenchMain;
import vn.customs.digital.testing.Await;

/**
 * ops/bench gate: one lane on loopback, the agent in its own JVM (-Xmx64m) with the Pi4J mock and
 * simulated passages, the simulated camera, and the in-test fake api. Sequential vehicles with a
 * warm cache; prints camera->barrier latency (inside the agent, and end to end through the lane
 * display), event->api latency, the agent's start-up time (process start to /health 200), its heap
 * and its resident memory. Not a test: it prints figures and asserts nothing.
 *
 * <p>Options (system properties): {@code bench.java} the java launcher of the agent (default: this
 * JVM's, e.g. the trimmed runtime of ops/edge runtime instead), {@code bench.jar} the agent's jar
 * (default: this class path; the simulated lane's launcher runs it, beside), {@code
 * bench.agentOpts} its JVM options, {@code bench.rate} vehicles per second (0: one after the other
 * as fast as the lane goes).
 */
public final class GateBench {
  private GateBench() {}

  public static void main(String[] args) {
    BenchMain.run(GateBench::run);
  }

  private static void run() throws Exception {
    int warmup = Integer.getInteger("bench.warmup", 200);
    int vehicles = Integer.getInteger("bench.vehicles", 1000);
    long deadline =
        System.nanoTime() + Duration.ofSeconds(Long.getLong("bench.seconds", 150)).toNanos();
    Path dir = Files.createTempDirectory("gate-bench");
    Vertx vertx = Vertx.vertx();
    LaneFixture lane =
        new LaneFixture(
            vertx, dir, LaneFixture.Options.defaults().withSimulatedPassage(Duration.ofMillis(5)));
    LaneFixture.AgentPorts ports = lane.pinAgentPorts();
    int healthPort = ports.health();
    int displayPort = ports.display();
    Path yaml = dir.resolve("gate.yaml");
    Files.writeString(yaml, Files.readString(yaml).replace("debounce: 20ms", "debounce: 5ms"));
    int total = warmup + vehicles;
    for (int i = 0; i < total; i++) {
      lane.api.clear(container(i), "D-" + i, null, null, Instant.now().plus(Duration.ofDays(1)));
    }
    int rate = Integer.getInteger("bench.rate", 0);
    String agentOpts = System.getProperty("bench.agentOpts", "-Xmx64m -XX:+UseSerialGC");
    String jar = System.getProperty("bench.jar", "");
    // the simulated passages run beside the agent's classes: the packaged jar carries no simulation
    List<String> command =
        lane.agentCommand(
            System.getProperty(
                "bench.java", Path.of(System.getProperty("java.home"), "bin", "java").toString()),
            List.of(agentOpts.trim().split("\\s+")),
            jar.isEmpty()
                ? System.getProperty("java.class.path")
                : jar + File.pathSeparator + LaneFixture.simulationClassPath());
    long startedAt = System.nanoTime();
    Process agent =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("agent.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    AtomicLong maxHeap = new AtomicLong();
    AtomicLong maxRss = new AtomicLong();
    try {
      Await.until(
          "agent healthy",
          Duration.ofSeconds(60),
          () ->
              agent.isAlive()
                  && http.send(
                              HttpRequest.newBuilder(
                                      URI.create("http://127.0.0.1:" + healthPort + "/health"))
                                  .timeout(Duration.ofSeconds(2))
                                  .build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()
                      == 200);
      long healthyMillis = (System.nanoTime() - startedAt) / 1_000_000;
      // on a shared machine the wall time follows the others' load; the CPU time the agent used
      // much less
      long healthyCpuMillis = agent.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
      Await.until(
          "agent ready",
          Duration.ofSeconds(60),
          () -> {
            JsonObject h = new JsonObject(get(http, healthPort, "/health"));
            return h.getJsonObject("clearances").getInteger("entries") == total
                && h.getJsonObject("devices").getJsonObject("camera").getString("lastSeen") != null;
          });
      BlockingQueue<Long> goAt = new LinkedBlockingQueue<>();
      BlockingQueue<Long> readyAt = new LinkedBlockingQueue<>();
      CoapClient display = new CoapClient("coap://127.0.0.1:" + displayPort + "/lane");
      CoapObserveRelation relation =
          display.observe(
              new CoapHandler() {
                @Override
                public void onLoad(CoapResponse response) {
                  long now = System.nanoTime();
                  String text = response.getResponseText();
                  if ("GO".equals(text)) {
                    goAt.add(now);
                  } else if ("READY".equals(text)) {
                    readyAt.add(now);
                  }
                }

                @Override
                public void onError() {
                  // a lost notification shows up as a vehicle that does not complete
                }
              });
      Thread sampler =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      try {
                        maxRss.accumulateAndGet(procStatusKb(agent.pid(), "VmRSS:"), Math::max);
                        for (String line : get(http, healthPort, "/metrics").split("\n")) {
                          if (line.startsWith("edge_heap_used_bytes ")) {
                            maxHeap.accumulateAndGet(
                                Long.parseLong(line.substring(21).trim()), Math::max);
                          }
                        }
                        Thread.sleep(100);
                      } catch (InterruptedException e) {
                        return;
                      } catch (IOException | RuntimeException e) {
                        // the agent may be busy: next sample
                      }
                    }
                  });
      Await.until(
          "lane display observed", Duration.ofSeconds(10), () -> relation.getCurrent() != null);
      goAt.clear();
      readyAt.clear();

      List<Long> endToEnd = new ArrayList<>();
      Instant measuredFrom = null;
      long measuredFromNanos = 0;
      int done = 0;
      int coalesced = 0;
      int late = 0;
      int lostNotifications = 0;
      long pacedFrom = System.nanoTime();
      for (int i = 0; i < total && System.nanoTime() < deadline; i++) {
        if (i == warmup) {
          measuredFrom = Instant.now();
          measuredFromNanos = System.nanoTime();
          maxRss.set(0);
        }
        if (rate > 0) {
          // an open-loop schedule: vehicle i arrives at i / rate, or at once if the lane is still
          // busy
          long due = pacedFrom + i * 1_000_000_000L / rate;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          } else if (i >= warmup && wait < -1_000_000_000L / rate) {
            late++;
          }
        }
        long t0 = System.nanoTime();
        lane.devices.arrive("15C%05d".formatted(i), List.of(container(i)), 0.99, null);
        // the vehicle's cycle ends with READY; observe keeps only the latest state, so a GO
        // followed within
        // one round trip by READY may be coalesced away: such a vehicle gives no end-to-end sample
        Long ready = readyAt.poll(2, TimeUnit.SECONDS);
        if (ready == null && passages(http, healthPort) > i) {
          // the agent finished the vehicle (its passages count it) but the display's READY never
          // reached the
          // bench: a lost CoAP notification, the bench's loss, not the lane's
          lostNotifications++;
          goAt.clear();
          if (i >= warmup) {
            done++;
            coalesced++;
          }
          continue;
        }
        if (ready == null) {
          ready = readyAt.poll(13, TimeUnit.SECONDS);
        }
        if (ready == null) {
          throw new IllegalStateException(
              "vehicle "
                  + i
                  + " did not complete its cycle; agent health "
                  + get(http, healthPort, "/health")
                  + "; display "
                  + relation.getCurrent().getResponseText()
                  + "; see "
                  + dir.resolve("agent.log"));
        }
        Long go = goAt.poll();
        goAt.clear();
        if (i >= warmup) {
          done++;
          if (go != null && go <= ready) {
            endToEnd.add(go - t0);
          } else {
            coalesced++;
          }
        }
      }
      double measuredSeconds = (System.nanoTime() - measuredFromNanos) / 1e9;
      long rssUnderLoad = maxRss.get();
      Instant from = measuredFrom;
      Await.until(
          "events drained to the api",
          Duration.ofSeconds(30),
          () ->
              new JsonObject(get(http, healthPort, "/health"))
                      .getJsonObject("uplink")
                      .getLong("unsent")
                  == 0);
      List<Long> toApi = new ArrayList<>();
      for (JsonObject e : lane.api.events()) {
        Instant occurred = Instant.parse(e.getString("occurredAt"));
        if (from != null && occurred.isAfter(from)) {
          toApi.add(Duration.between(occurred, lane.api.storedAt(e.getString("id"))).toNanos());
        }
      }
      // revocations: published by the api (pushed on the WebSocket) -> verified and applied by the
      // agent
      List<Long> revocations = new ArrayList<>();
      for (int k = 0; k < 20; k++) {
        long applied = counter(get(http, healthPort, "/metrics"), "edge_clearances_applied_total");
        long t0 = System.nanoTime();
        lane.api.revoke(container(k), "D-" + k, "HOLD");
        while (counter(get(http, healthPort, "/metrics"), "edge_clearances_applied_total")
            == applied) {
          if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(10)) {
            throw new IllegalStateException("revocation " + k + " not applied within 10 s");
          }
        }
        revocations.add(System.nanoTime() - t0);
      }
      String metrics = get(http, healthPort, "/metrics");
      sampler.interrupt();
      relation.proactiveCancel();
      display.shutdown();

      System.out.println(
          "gate bench: "
              + done
              + " vehicles measured after "
              + warmup
              + " warm-up, "
              + (rate > 0 ? "paced at " + rate + "/s" : "one after the other")
              + ", warm cache of "
              + total
              + " clearances, loopback, agent: "
              + command.get(0)
              + " "
              + agentOpts
              + (jar.isEmpty() ? " (this class path)" : " " + jar));
      System.out.printf(
          "agent start -> /health 200 (UP): %d ms, %d ms of CPU%n",
          healthyMillis, healthyCpuMillis);
      System.out.printf(
          "achieved %.1f vehicles/s over %.1f s (%d started more than one interval late)%n",
          done / measuredSeconds, measuredSeconds, late);
      System.out.printf(
          "agent resident memory (RSS) while handling them: max %.1f MB sampled every 100 ms; "
              + "peak over the whole run (VmHWM) %.1f MB%n",
          rssUnderLoad / 1024.0, procStatusKb(agent.pid(), "VmHWM:") / 1024.0);
      System.out.printf(
          "camera->barrier inside the agent (CoAP notification in -> relay command), last %d: "
              + "p50 %.3f ms, p99 %.3f ms%n",
          Math.min(2048, done + warmup),
          metric(metrics, "0.5") * 1e3,
          metric(metrics, "0.99") * 1e3);
      System.out.printf(
          "camera->barrier end to end (simulated camera publish -> lane display GO observed, two "
              + "CoAP hops), %d samples (%d GO coalesced by observe, %d READY notifications lost): p50 %.3f ms, "
              + "p99 %.3f ms, max %.3f ms%n",
          endToEnd.size(),
          coalesced,
          lostNotifications,
          quantile(endToEnd, 0.5) / 1e6,
          quantile(endToEnd, 0.99) / 1e6,
          quantile(endToEnd, 1.0) / 1e6);
      System.out.printf(
          "event->stored in the fake api (occurredAt -> stored), %d events: p50 %.1f ms, "
              + "p99 %.1f ms, max %.1f ms%n",
          toApi.size(),
          quantile(toApi, 0.5) / 1e6,
          quantile(toApi, 0.99) / 1e6,
          quantile(toApi, 1.0) / 1e6);
      System.out.printf(
          "revocation published -> applied in the agent (WebSocket push, polled via /metrics), %d: "
              + "p50 %.1f ms, max %.1f ms%n",
          revocations.size(), quantile(revocations, 0.5) / 1e6, quantile(revocations, 1.0) / 1e6);
      System.out.printf(
          "agent heap used under load: max %.1f MB sampled every 100 ms (limit -Xmx64m)%n",
          maxHeap.get() / 1048576.0);
    } finally {
      agent.destroy();
      agent.waitFor(20, TimeUnit.SECONDS);
      lane.close();
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A figure of /proc/PID/status in kB (VmRSS: resident now, VmHWM: the peak), 0 once the process
   * is gone.
   */
  private static long procStatusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the agent has exited
    }
    return 0;
  }

  private static String container(int i) {
    return "MSCU%07d".formatted(i);
  }

  private static String get(HttpClient http, int port, String path)
      throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int passages(HttpClient http, int port) throws IOException, InterruptedException {
    return new JsonObject(get(http, port, "/health"))
        .getJsonObject("decisions")
        .getInteger("passages");
  }

  private static long counter(String metrics, String name) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Long.parseLong(line.substring(name.length() + 1).trim());
      }
    }
    throw new IllegalStateException(name + " not in /metrics");
  }

  private static double metric(String metrics, String quantile) {
    String prefix = "edge_decision_latency_seconds{quantile=\"" + quantile + "\"} ";
    for (String line : metrics.split("\n")) {
      if (line.startsWith(prefix)) {
        return Double.parseDouble(line.substring(prefix.length()).trim());
      }
    }
    return Double.NaN;
  }

  /**
   * The q-quantile (0..1, nearest rank) of the values, NaN without any; also used by the api's gate
   * bench.
   */
  public static double quantile(List<Long> values, double q) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((int) Math.max(0, Math.ceil(q * sorted.size()) - 1));
  }
}
