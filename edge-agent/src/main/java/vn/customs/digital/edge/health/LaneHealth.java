package vn.customs.digital.edge.health;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import vn.customs.digital.edge.journal.JournalQuota;

/**
 * The lane at one moment, taken on the agent's event loop: what {@code GET /health} answers ({@link
 * #toJson}, UP or DEGRADED) and, with the counters, what {@code GET /metrics} renders.
 */
public record LaneHealth(
    String gate,
    String lane,
    String deviceId,
    boolean barrierOpen,
    String display,
    Uplink uplink,
    JournalQuota.Usage journal,
    Clearances clearances,
    Device camera,
    Device sealReader,
    AgentMetrics metrics) {

  /**
   * The link to the api: whether it answers, what is not sent yet, and how much of that is an
   * outage's backlog.
   */
  public record Uplink(boolean online, long unsent, long backlog) {}

  /**
   * The clearance cache: its entries, when it was last in step with the api, and whether that is
   * recent enough.
   */
  public record Clearances(
      int entries,
      Optional<Instant> syncedAt,
      Duration age,
      boolean fresh,
      boolean pushConnected) {}

  /**
   * A CoAP device the agent observes: {@code up} whether it answers the agent's probes, {@code
   * observing} whether it has answered the agent's observation (only then does the agent hear what
   * it publishes), {@code lastSeen} when it last answered either.
   */
  public record Device(
      String id, URI uri, boolean up, boolean observing, Optional<Instant> lastSeen) {
    JsonObject toJson() {
      return new JsonObject()
          .put("id", id)
          .put("uri", uri.toString())
          .put("up", up)
          .put("observing", observing)
          .put("lastSeen", lastSeen.map(Instant::toString).orElse(null));
    }
  }

  /**
   * UP: a fresh enough cache, both devices answering, and room in the journal; DEGRADED otherwise.
   */
  public boolean up() {
    return clearances.fresh()
        && camera.up()
        && sealReader.up()
        && journal.level() != JournalQuota.Level.FULL;
  }

  /**
   * What the agent reports of itself to the api ({@code PUT /gates/{gate}/lanes/{lane}/report}, the
   * contract's {@code GateLaneReport}), at {@code at}.
   */
  public JsonObject toReport(Instant at) {
    return new JsonObject()
        .put("reportedAt", at.toString())
        .put("status", up() ? "UP" : "DEGRADED")
        .put("barrierOpen", barrierOpen)
        .put("online", uplink.online())
        .put("unsent", uplink.unsent())
        .put("backlog", uplink.backlog())
        .put("journalUsedPercent", journal.usedPercent())
        .put("journalLevel", journal.level().name())
        .put("cacheEntries", clearances.entries())
        .put(
            "cacheAgeSeconds",
            clearances.syncedAt().map(s -> clearances.age().toSeconds()).orElse(null))
        .put("cacheFresh", clearances.fresh())
        .put("pushConnected", clearances.pushConnected())
        .put("cameraUp", camera.up())
        .put("sealReaderUp", sealReader.up());
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("status", up() ? "UP" : "DEGRADED")
        .put("gate", gate)
        .put("lane", lane)
        .put("deviceId", deviceId)
        .put("barrier", new JsonObject().put("open", barrierOpen).put("display", display))
        .put(
            "uplink",
            new JsonObject()
                .put("online", uplink.online())
                .put("unsent", uplink.unsent())
                .put("backlog", uplink.backlog())
                .put("journaled", metrics.eventsJournaled.sum())
                .put("sent", metrics.eventsSent.sum())
                .put("rejected", metrics.eventsRejected.sum()))
        .put("journal", journal.toJson())
        .put(
            "clearances",
            new JsonObject()
                .put("entries", clearances.entries())
                .put("syncedAt", clearances.syncedAt().map(Instant::toString).orElse(null))
                .put(
                    "ageSeconds",
                    clearances.syncedAt().map(s -> clearances.age().toSeconds()).orElse(null))
                .put("fresh", clearances.fresh())
                .put("pushConnected", clearances.pushConnected()))
        .put(
            "devices",
            new JsonObject().put("camera", camera.toJson()).put("sealReader", sealReader.toJson()))
        .put(
            "decisions",
            new JsonObject()
                .put("open", metrics.decisionsOpen.sum())
                .put("hold", metrics.decisionsHold.sum())
                .put("passages", metrics.passages.sum())
                .put("passagesInterrupted", metrics.passagesInterrupted.sum()));
  }
}
