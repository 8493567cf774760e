package vn.customs.digital.edge.health;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Optional;
import java.util.function.Supplier;
import vn.customs.digital.edge.journal.JournalQuota;

/**
 * {@code GET /health} (JSON, 200 when UP, 503 when DEGRADED) and {@code GET /metrics} (Prometheus
 * text), both from the lane's health as its supplier takes it (on the event loop this server was
 * started on).
 */
public final class HealthServer {
  private final Vertx vertx;
  private final Supplier<LaneHealth> lane;
  private HttpServer server;

  public HealthServer(Vertx vertx, Supplier<LaneHealth> lane) {
    this.vertx = vertx;
    this.lane = lane;
  }

  public Future<HttpServer> start(String host, int port) {
    return vertx
        .createHttpServer()
        .requestHandler(this::handle)
        .listen(port, host)
        .onSuccess(s -> server = s);
  }

  public Optional<Integer> port() {
    return server == null ? Optional.empty() : Optional.of(server.actualPort());
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest request) {
    switch (request.path()) {
      case "/health" -> {
        LaneHealth health = lane.get();
        request
            .response()
            .setStatusCode(health.up() ? 200 : 503)
            .putHeader("Content-Type", "application/json")
            .end(health.toJson().encode());
      }
      case "/metrics" ->
          request
              .response()
              .putHeader("Content-Type", "text/plain; version=0.0.4")
              .end(prometheus(lane.get()));
      default -> request.response().setStatusCode(404).end();
    }
  }

  static String prometheus(LaneHealth lane) {
    AgentMetrics m = lane.metrics();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    StringBuilder out = new StringBuilder(1024);
    counter(
        out,
        "edge_decisions_total",
        "Vehicles decided, by outcome",
        "{outcome=\"open\"}",
        m.decisionsOpen.sum());
    out.append("edge_decisions_total{outcome=\"hold\"} ")
        .append(m.decisionsHold.sum())
        .append('\n');
    counter(
        out,
        "edge_passages_total",
        "Passages confirmed by the loop and journaled",
        "",
        m.passages.sum());
    counter(
        out,
        "edge_passages_interrupted_total",
        "Barrier openings found without their close at start",
        "",
        m.passagesInterrupted.sum());
    counter(
        out,
        "edge_events_journaled_total",
        "Events committed to the journal",
        "",
        m.eventsJournaled.sum());
    counter(out, "edge_events_sent_total", "Events accepted by the api", "", m.eventsSent.sum());
    counter(out, "edge_uplink_failures_total", "Failed event batches", "", m.uplinkFailures.sum());
    counter(
        out,
        "edge_events_rejected_total",
        "Events the api refused as invalid, set aside in the journal",
        "",
        m.eventsRejected.sum());
    counter(
        out,
        "edge_clearances_applied_total",
        "Verified feed entries applied",
        "",
        m.clearancesApplied.sum());
    counter(
        out,
        "edge_clearances_rejected_total",
        "Feed or cache entries failing verification",
        "",
        m.clearancesRejected.sum());
    counter(
        out,
        "edge_watchdog_trips_total",
        "Barrier closures forced by the watchdog",
        "",
        m.watchdogTrips.sum());
    counter(
        out,
        "edge_passage_commands_total",
        "One-time passage commands: used, replayed (used before), refused by the lane (another"
            + " lane's, expired, no such hold), rejected (failed verification)",
        "{outcome=\"used\"}",
        m.passageCommandsUsed.sum());
    out.append("edge_passage_commands_total{outcome=\"replayed\"} ")
        .append(m.passageCommandsReplayed.sum())
        .append('\n')
        .append("edge_passage_commands_total{outcome=\"refused\"} ")
        .append(m.passageCommandsRefused.sum())
        .append('\n')
        .append("edge_passage_commands_total{outcome=\"rejected\"} ")
        .append(m.passageCommandsRejected.sum())
        .append('\n');
    gauge(
        out,
        "edge_events_unsent",
        "Journaled events not yet accepted by the api",
        lane.uplink().unsent());
    gauge(
        out,
        "edge_events_backlog",
        "Unsent events journaled before the link last came up (paced)",
        lane.uplink().backlog());
    JournalQuota.Usage quota = lane.journal();
    gauge(out, "edge_journal_used_bytes", "Journal database pages in use", quota.usedBytes());
    gauge(out, "edge_journal_quota_bytes", "Journal quota (journal.maxBytes)", quota.maxBytes());
    gauge(
        out,
        "edge_journal_quota_level",
        "0 OK, 1 past journal.warnPercent, 2 quota reached",
        quota.level().ordinal());
    counter(
        out,
        "edge_events_dropped_total",
        "Events not journaled because the quota was reached",
        "",
        quota.dropped());
    gauge(
        out,
        "edge_clearance_cache_entries",
        "Entries in the clearance cache",
        lane.clearances().entries());
    gauge(out, "edge_heap_used_bytes", "JVM heap in use", heap.getUsed());
    out.append(
            "# HELP edge_decision_latency_seconds Camera notification to barrier command, recent samples\n")
        .append("# TYPE edge_decision_latency_seconds summary\n");
    for (double q : new double[] {0.5, 0.99}) {
      long nanos = m.decisionLatencyQuantile(q);
      out.append("edge_decision_latency_seconds{quantile=\"")
          .append(q)
          .append("\"} ")
          .append(nanos < 0 ? "NaN" : String.valueOf(nanos / 1e9))
          .append('\n');
    }
    out.append("edge_decision_latency_seconds_count ").append(m.decisionSamples()).append('\n');
    return out.toString();
  }

  private static void counter(
      StringBuilder out, String name, String help, String labels, long value) {
    out.append("# HELP ")
        .append(name)
        .append(' ')
        .append(help)
        .append('\n')
        .append("# TYPE ")
        .append(name)
        .append(" counter\n")
        .append(name)
        .append(labels)
        .append(' ')
        .append(value)
        .append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ")
        .append(name)
        .append(' ')
        .append(help)
        .append('\n')
        .append("# TYPE ")
        .append(name)
        .append(" gauge\n")
        .append(name)
        .append(' ')
        .append(value)
        .append('\n');
  }
}
