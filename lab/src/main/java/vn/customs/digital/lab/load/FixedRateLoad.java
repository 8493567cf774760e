package vn.customs.digital.lab.load;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An open-loop load generator for ops/bench submit: POSTs the prepared bodies at a fixed rate
 * (request i is due at start + i / rate, whether or not earlier answers came back), and measures
 * each latency from the moment the request was due, so a stalled server is not hidden by a client
 * that waits for it (no coordinated omission). Prints the achieved rate, the answers by status and
 * channel, and latency percentiles, overall and for green answers.
 *
 * <p>The first WARMUP_SECONDS of requests (default 0) are sent at the same rate but not counted:
 * this generator is itself a fresh JVM on the same cores, and its own start (JIT, connections)
 * would otherwise leave a backlog that the measured part inherits.
 *
 * <p>Usage: FixedRateLoad URL CONTENT_TYPE TOKEN_FILE BODIES_FILE RATE SECONDS CONNECTIONS
 * [WARMUP_SECONDS]
 */
public final class FixedRateLoad {
  private FixedRateLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 7 && args.length != 8) {
      System.err.println(
          "usage: FixedRateLoad URL CONTENT_TYPE TOKEN_FILE BODIES_FILE RATE SECONDS CONNECTIONS [WARMUP_SECONDS]");
      System.exit(2);
    }
    System.setProperty("logback.configurationFile", "logback-text.xml");
    URI url = URI.create(args[0]);
    if (!List.of("127.0.0.1", "localhost", "[::1]").contains(url.getHost())) {
      throw new IllegalArgumentException(
          "load is only ever sent to loopback, not " + url.getHost());
    }
    String contentType = args[1];
    String token = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
    List<String> bodies = Files.readAllLines(Path.of(args[3]), StandardCharsets.UTF_8);
    int rate = Integer.parseInt(args[4]);
    int seconds = Integer.parseInt(args[5]);
    int connections = Integer.parseInt(args[6]);
    int warmup = args.length > 7 ? Integer.parseInt(args[7]) : 0;
    int all = Math.min(rate * (warmup + seconds), bodies.size());
    int skipped = Math.min(rate * warmup, all);
    int total = all - skipped;

    Vertx vertx = Vertx.vertx();
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(url.getHost())
            .setPort(url.getPort())
            .setURI(url.getRawPath())
            .putHeader("Content-Type", contentType)
            .putHeader("Authorization", "Bearer " + token)
            .setTimeout(30_000);

    long[] latencies = new long[total];
    String[] outcomes = new String[total];
    CountDownLatch done = new CountDownLatch(all);
    double intervalNanos = 1e9 / rate;
    long start = System.nanoTime() + 100_000_000L;
    long measuredFrom = start + (long) (skipped * intervalNanos);
    int[] next = {0};
    vertx.runOnContext(
        v ->
            vertx.setPeriodic(
                1,
                timer -> {
                  long now = System.nanoTime();
                  while (next[0] < all && start + (long) (next[0] * intervalNanos) <= now) {
                    int i = next[0]++;
                    long due = start + (long) (i * intervalNanos);
                    client
                        .request(request)
                        .compose(req -> req.send(Buffer.buffer(bodies.get(i))))
                        .compose(resp -> resp.body().map(body -> outcome(resp.statusCode(), body)))
                        .onComplete(
                            ar -> {
                              if (i >= skipped) {
                                latencies[i - skipped] = System.nanoTime() - due;
                                outcomes[i - skipped] =
                                    ar.succeeded()
                                        ? ar.result()
                                        : "error " + ar.cause().getClass().getSimpleName();
                              }
                              done.countDown();
                            });
                  }
                  if (next[0] >= all) {
                    vertx.cancelTimer(timer);
                  }
                }));
    boolean finished = done.await(warmup + seconds + 60L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - measuredFrom) / 1e9;
    vertx.close().await();

    Map<String, Integer> byOutcome = new TreeMap<>();
    Arrays.stream(outcomes)
        .forEach(o -> byOutcome.merge(o == null ? "unanswered" : o, 1, Integer::sum));
    long[] green =
        java.util.stream.IntStream.range(0, total)
            .filter(i -> "201 green".equals(outcomes[i]))
            .mapToLong(i -> latencies[i])
            .toArray();
    System.out.printf(
        "sent %d at %d/s in %.1f s (achieved %.0f/s), after %d warm-up requests not counted%s%n",
        total,
        rate,
        elapsed,
        total / elapsed,
        skipped,
        finished ? "" : "; some requests never answered");
    System.out.println("answers: " + byOutcome);
    System.out.println("latency, all:   " + percentiles(latencies));
    System.out.println("latency, green: " + percentiles(green));
    System.out.printf(
        "RESULT fixed-rate: %d/s for %d s; green p50 %s p99 %s; all p99 %s; non-201 %d%n",
        rate,
        seconds,
        ms(percentile(green, 50)),
        ms(percentile(green, 99)),
        ms(percentile(latencies, 99)),
        byOutcome.entrySet().stream()
            .filter(e -> !e.getKey().startsWith("201"))
            .mapToInt(Map.Entry::getValue)
            .sum());
  }

  private static String outcome(int status, Buffer body) {
    if (status != 201) {
      return String.valueOf(status);
    }
    try {
      String channel = new JsonObject(body).getString("channel");
      return "201 " + (channel == null ? "?" : channel.toLowerCase());
    } catch (RuntimeException e) {
      return "201 ?";
    }
  }

  private static String percentiles(long[] nanos) {
    if (nanos.length == 0) {
      return "none";
    }
    return "p50 "
        + ms(percentile(nanos, 50))
        + " p90 "
        + ms(percentile(nanos, 90))
        + " p99 "
        + ms(percentile(nanos, 99))
        + " max "
        + ms(percentile(nanos, 100))
        + " (n="
        + nanos.length
        + ")";
  }

  private static long percentile(long[] nanos, double p) {
    if (nanos.length == 0) {
      return -1;
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static String ms(long nanos) {
    return nanos < 0 ? "-" : String.format("%.1f ms", nanos / 1e6);
  }
}
