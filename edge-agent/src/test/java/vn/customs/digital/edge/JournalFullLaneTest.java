package vn.customs.digital.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.journal.EventJournal;
import vn.customs.digital.edge.journal.EventType;
import vn.customs.digital.edge.journal.GateEvent;
import vn.customs.digital.edge.journal.JournalQuota;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.testing.Await;

/**
 * The agent starts on a journal of {@code journal.maxBytes: 1MiB} that an outage has filled with
 * undelivered events; the backlog drains at one event a second, so it stays full while the test
 * looks.
 */
class JournalFullLaneTest {
  private static final long QUOTA = 1 << 20;

  @TempDir Path dir;
  private LaneFixture lane;

  @AfterEach
  void tearDown() throws Exception {
    if (lane != null) {
      lane.close();
    }
  }

  private void fullJournal() throws Exception {
    LaneFixture.Options o = LaneFixture.Options.defaults();
    lane =
        new LaneFixture(
            Vertx.vertx(),
            dir,
            new LaneFixture.Options(
                o.pskSecret(),
                o.simulatePassage(),
                o.minConfidence(),
                o.cacheMaxAge(),
                o.observeCheck(),
                "uplink:\n  backlogRate: 1"));
    Path yaml = dir.resolve("gate.yaml");
    Files.writeString(
        yaml,
        Files.readString(yaml)
            .replace("directory: journal", "directory: journal\n  maxBytes: 1MiB"));
    try (EventJournal journal =
        EventJournal.open(
            dir.resolve("journal"),
            new JournalQuota(QUOTA, 80, "L1", LaneFixture.DEVICE, Clock.systemUTC()))) {
      while (!journal.quota().full()) {
        List<GateEvent> outage = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          outage.add(
              GateEvent.of(
                  EventType.HOLD,
                  Instant.now(),
                  "L1",
                  LaneFixture.DEVICE,
                  new JsonObject()
                      .put("reason", "CACHE_STALE")
                      .put("detail", "x".repeat(600))
                      .put("plate", "15C12345")));
        }
        journal.append(outage);
      }
    }
  }

  @Test
  @DisplayName(
      "At the journal quota a released container is held (JOURNAL_FULL), reads go unjournaled, the api is told")
  void holdsEveryVehicleAtTheQuota() throws Exception {
    fullJournal();
    lane.api.clear("MSCU1234566", "D-1", null, null, Instant.now().plus(Duration.ofDays(1)));
    lane.startAgent();

    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.99, null);

    JsonObject hold =
        Await.value(
            "the hold reported live",
            Duration.ofSeconds(10),
            () ->
                lane.api.events("HOLD").stream()
                    .filter(e -> "JOURNAL_FULL".equals(e.getJsonObject("data").getString("reason")))
                    .findFirst()
                    .orElse(null));
    assertThat(hold.getJsonObject("data").getJsonArray("containerNumbers").getList())
        .containsExactly("MSCU1234566");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
    assertThat(lane.agent.lane().health().display()).startsWith("HOLD JOURNAL_FULL");
    assertThat(lane.api.events("JOURNAL_QUOTA_REACHED"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getJsonObject("data").getLong("usedBytes"))
                    .isGreaterThanOrEqualTo(QUOTA));
    assertThat(lane.api.events("VEHICLE_ARRIVED")).isEmpty();
    // the vehicle's VEHICLE_ARRIVED, PLATE_READ and CONTAINER_READ, and the AGENT_ONLINE of the
    // start
    assertThat(lane.agent.lane().health().journal().dropped()).isEqualTo(4);
  }

  @Test
  @DisplayName(
      "At the journal quota the health is DEGRADED with the journal's usage, and the metrics show it")
  void healthAndMetricsShowTheQuota() throws Exception {
    fullJournal();
    lane.startAgent();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + lane.agent.lane().healthServer().port().orElseThrow();

    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();

    assertThat(health.statusCode()).isEqualTo(503);
    JsonObject journal = new JsonObject(health.body()).getJsonObject("journal");
    assertThat(journal.getString("level")).isEqualTo("FULL");
    assertThat(journal.getLong("maxBytes")).isEqualTo(QUOTA);
    assertThat(journal.getLong("usedBytes")).isGreaterThanOrEqualTo(QUOTA);
    assertThat(journal.getDouble("usedPercent")).isGreaterThanOrEqualTo(100.0);
    assertThat(metrics)
        .contains("edge_journal_quota_bytes " + QUOTA)
        .contains("edge_journal_quota_level 2")
        .containsPattern("edge_journal_used_bytes \\d{7}")
        .contains("edge_events_dropped_total ");
    assertThat(new JsonObject(health.body()).getJsonObject("uplink").getLong("backlog"))
        .isPositive();
  }
}
