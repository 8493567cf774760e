package vn.customs.digital.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.decision.SealState;
import vn.customs.digital.edge.feed.clearances.ClearanceCache.ContainerStatus;
import vn.customs.digital.edge.support.FakeGateApi;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
class GateAgentTest {
  private static final Instant TOMORROW = Instant.now().plus(Duration.ofDays(1));

  @TempDir Path dir;
  private LaneFixture lane;

  @AfterEach
  void tearDown() throws Exception {
    if (lane != null) {
      lane.close();
    }
  }

  private LaneFixture lane(LaneFixture.Options options) throws Exception {
    lane = new LaneFixture(Vertx.vertx(), dir, options);
    return lane;
  }

  private void sealReported(String sealId, SealState state) {
    lane.devices.seal(sealId, state.name(), null);
    Await.until(
        "agent knows seal " + sealId + " is " + state,
        () -> lane.agent.lane().cycle().sealStates().get(sealId) == state);
  }

  private JsonObject awaitHold() {
    return Await.value(
            "a HOLD event stored by the api",
            Duration.ofSeconds(10),
            () -> lane.api.events("HOLD").stream().findFirst().orElse(null))
        .getJsonObject("data");
  }

  @Test
  @DisplayName(
      "The barrier opens for a released container with an intact seal and closes after the vehicle passes")
  void opensForReleasedContainerAndClosesAfterPassage() throws Exception {
    lane(LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", "15C12345", "SEAL123", TOMORROW);
    lane.startAgent();
    assertThat(lane.agent.lane().gpio().relayActive()).as("closed at start").isFalse();
    sealReported("SEAL123", SealState.SEALED);

    lane.devices.arrive("15C-123.45", List.of("MSCU1234566"), 0.97, null);

    Await.until("barrier relay active", () -> lane.agent.lane().gpio().relayActive());
    assertThat(lane.agent.lane().health().display()).isEqualTo("GO");
    lane.vehiclePassesLoop();
    Await.until(
        "barrier relay released after passage", () -> !lane.agent.lane().gpio().relayActive());
    Await.until("passage reported", () -> lane.api.events("BARRIER_CLOSED").size() == 1);

    List<String> types =
        lane.api.events().stream()
            .map(e -> e.getString("type"))
            .filter(t -> !t.equals("AGENT_ONLINE") && !t.equals("SEAL_STATE"))
            .toList();
    assertThat(types)
        .containsExactly(
            "VEHICLE_ARRIVED",
            "PLATE_READ",
            "CONTAINER_READ",
            "BARRIER_OPENED",
            "PASSAGE_CONFIRMED",
            "BARRIER_CLOSED");
    JsonObject passage = lane.api.events("PASSAGE_CONFIRMED").get(0);
    assertThat(passage.getJsonObject("data").getJsonArray("containerNumbers").getList())
        .containsExactly("MSCU1234566");
    assertThat(passage.getString("lane")).isEqualTo("L1");
    assertThat(lane.api.events().stream().map(e -> e.getLong("seq")).toList())
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(lane.api.authFailures()).isEmpty();
  }

  @Test
  @DisplayName(
      "The barrier stays shut for a container that has no clearance, and the lane display says why")
  void staysShutForUnreleasedContainer() throws Exception {
    lane(LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", null, null, TOMORROW);
    lane.startAgent();

    lane.devices.arrive("15C12345", List.of("TGHU7654321"), 0.98, null);

    JsonObject hold = awaitHold();
    assertThat(hold.getString("reason")).isEqualTo("NOT_RELEASED");
    assertThat(hold.getString("containerNumber")).isEqualTo("TGHU7654321");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
    assertThat(lane.agent.lane().health().display()).startsWith("HOLD NOT_RELEASED TGHU7654321");
  }

  @Test
  @DisplayName("The barrier stays shut when the container's e-seal reports tampering")
  void staysShutForTamperedSeal() throws Exception {
    lane(LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", null, "SEAL123", TOMORROW);
    lane.startAgent();
    sealReported("SEAL123", SealState.TAMPERED);

    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.98, null);

    assertThat(awaitHold().getString("reason")).isEqualTo("SEAL_NOT_INTACT");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
    Await.until(
        "tamper reported",
        () ->
            lane.api.events("SEAL_STATE").stream()
                .anyMatch(e -> e.getJsonObject("data").getString("sealState").equals("TAMPERED")));
  }

  @Test
  @DisplayName(
      "A revocation pushed over the WebSocket reaches the agent and the barrier then stays shut")
  void staysShutAfterPushedRevocation() throws Exception {
    lane(LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", null, null, TOMORROW);
    lane.startAgent();
    Await.until("push feed connected", () -> lane.api.pushConnections() == 1);
    assertThat(lane.agent.lane().cache().status("MSCU1234566", Instant.now()).state())
        .isEqualTo(ContainerStatus.State.RELEASED);

    // the periodic pull is 30 s away: only the push can deliver this in time
    lane.api.revoke("MSCU1234566", "D-1", "HOLD");
    Await.until(
        "revocation applied",
        Duration.ofSeconds(5),
        () ->
            lane.agent.lane().cache().status("MSCU1234566", Instant.now()).state()
                == ContainerStatus.State.REVOKED);

    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.98, null);
    JsonObject hold = awaitHold();
    assertThat(hold.getString("reason")).isEqualTo("REVOKED");
    assertThat(hold.getString("detail")).isEqualTo("HOLD");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
  }

  @Test
  @DisplayName("A read below the minimum OCR confidence is held for a manual check")
  void staysShutForLowConfidence() throws Exception {
    lane(LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", null, null, TOMORROW);
    lane.startAgent();

    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.62, null);

    assertThat(awaitHold().getString("reason")).isEqualTo("LOW_CONFIDENCE");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
  }

  @Test
  @DisplayName(
      "Offline beyond the cache age limit the agent fails closed even for a released container")
  void failsClosedWithOverAgeCache() throws Exception {
    lane(LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", null, null, TOMORROW.plus(Duration.ofDays(1)));
    lane.startAgent();
    lane.api.stop().await(5, TimeUnit.SECONDS);
    lane.clock.advance(Duration.ofHours(3));

    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.99, null);

    Await.until("hold decided", () -> lane.agent.lane().metrics().decisionsHold.sum() == 1);
    assertThat(lane.agent.lane().health().display()).startsWith("HOLD CACHE_STALE");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
  }

  @Test
  @DisplayName("A plate that differs from the pre-arrival plate is held")
  void staysShutForPlateMismatch() throws Exception {
    lane(LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", "15C12345", null, TOMORROW);
    lane.startAgent();

    lane.devices.arrive("29H99999", List.of("MSCU1234566"), 0.99, null);

    assertThat(awaitHold().getString("reason")).isEqualTo("PLATE_MISMATCH");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
  }

  @Test
  @DisplayName("After the camera restarts and forgets its observers, the agent observes it again")
  void reobservesRestartedDevice() throws Exception {
    lane(LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", null, null, TOMORROW);
    lane.startAgent();

    lane.devices.restart();
    assertThat(lane.devices.recognitionObservers()).isZero();
    Await.until(
        "agent observes the restarted camera", () -> lane.devices.recognitionObservers() > 0);
    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.99, null);

    Await.until(
        "barrier opened for the read made after the restart",
        () -> lane.agent.lane().gpio().relayActive());
  }

  @Test
  @DisplayName("Devices configured with a DTLS pre-shared key are observed over coaps")
  void observesDevicesOverDtls() throws Exception {
    lane(LaneFixture.Options.defaults().withPsk("lane-one-secret"));
    lane.api.clear("MSCU1234566", "D-1", null, null, TOMORROW);
    lane.startAgent();
    assertThat(lane.agent.lane().config().devices().camera().uri().getScheme()).isEqualTo("coaps");

    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.99, null);

    Await.until(
        "barrier opened from a DTLS notification", () -> lane.agent.lane().gpio().relayActive());
  }

  @Test
  @DisplayName("The lane display resource answers a CoAP GET with the current hold reason")
  void laneDisplayAnswersCoap() throws Exception {
    lane(LaneFixture.Options.defaults());
    lane.startAgent();
    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.99, null);
    awaitHold();

    CoapClient client =
        new CoapClient("coap://127.0.0.1:" + lane.agent.lane().display().port() + "/lane");
    try {
      CoapResponse response = client.get();
      assertThat(response).isNotNull();
      assertThat(response.getResponseText()).startsWith("HOLD NOT_RELEASED MSCU1234566");
    } finally {
      client.shutdown();
    }
  }

  @Test
  @DisplayName(
      "Online, each event is stored by the api exactly once, in journal order, with valid device tokens")
  void eventsReachTheApiOnceInOrder() throws Exception {
    lane(LaneFixture.Options.defaults().withSimulatedPassage(Duration.ofMillis(30)));
    for (int i = 0; i < 5; i++) {
      lane.api.clear("MSCU000000" + i, "D-" + i, null, null, TOMORROW);
    }
    lane.startAgent();

    for (int i = 0; i < 5; i++) {
      int n = i;
      lane.devices.arrive("15C1000" + i, List.of("MSCU000000" + i), 0.99, null);
      Await.until(
          "vehicle " + n + " passed", () -> lane.api.events("BARRIER_CLOSED").size() == n + 1);
    }

    List<JsonObject> events = lane.api.events();
    assertThat(events.stream().map(e -> e.getLong("seq")).toList())
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(FakeGateApi.ids(events)).doesNotHaveDuplicates();
    assertThat(lane.api.events("PASSAGE_CONFIRMED")).hasSize(5);
    assertThat(lane.api.authFailures()).isEmpty();
    Await.until("journal fully sent", () -> lane.agent.lane().health().uplink().unsent() == 0);
  }

  @Test
  @DisplayName("A camera that stops answering is reported as a device fault")
  void reportsSilentDeviceAsFault() throws Exception {
    lane(LaneFixture.Options.defaults());
    lane.startAgent();

    lane.devices.stop();

    JsonObject fault =
        Await.value(
            "a DEVICE_FAULT stored by the api",
            Duration.ofSeconds(10),
            () ->
                lane.api.events("DEVICE_FAULT").stream()
                    .filter(e -> e.getString("deviceId").equals("vnhph-l1-cam"))
                    .findFirst()
                    .orElse(null));
    assertThat(fault.getJsonObject("data").getString("deviceUri")).endsWith("/recognition");
  }

  @Test
  @DisplayName(
      "The health endpoint reports devices, cache and uplink, and metrics count the decisions")
  void healthAndMetricsDescribeTheLane() throws Exception {
    lane(LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", null, null, TOMORROW);
    lane.startAgent();
    lane.devices.arrive("15C12345", List.of("TGHU7654321"), 0.99, null);
    Await.until("hold decided", () -> lane.agent.lane().metrics().decisionsHold.sum() == 1);
    int port = lane.agent.lane().healthServer().port().orElseThrow();
    var http = java.net.http.HttpClient.newHttpClient();

    var health =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/health"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    var metrics =
        http.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(health.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(health.body());
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("clearances").getInteger("entries")).isEqualTo(1);
    assertThat(body.getJsonObject("devices").getJsonObject("camera").getString("lastSeen"))
        .isNotNull();
    assertThat(body.getJsonObject("devices").getJsonObject("sealReader").getBoolean("observing"))
        .isTrue();
    assertThat(body.getJsonObject("barrier").getBoolean("open")).isFalse();
    JsonObject journal = body.getJsonObject("journal");
    assertThat(journal.getString("level")).isEqualTo("OK");
    assertThat(journal.getLong("usedBytes")).isPositive().isLessThan(journal.getLong("maxBytes"));
    assertThat(journal.getLong("maxBytes"))
        .isEqualTo(vn.customs.digital.edge.config.GateConfigLoader.DEFAULT_JOURNAL_BYTES);
    assertThat(metrics.body())
        .contains("edge_decisions_total{outcome=\"hold\"} 1")
        .contains("edge_clearance_cache_entries 1")
        .contains("edge_decision_latency_seconds_count 1")
        .containsPattern("edge_journal_used_bytes [1-9]\\d*\n")
        .contains("edge_journal_quota_level 0")
        .contains("edge_events_backlog 0")
        .contains("edge_passages_interrupted_total 0");
  }

  @Test
  @DisplayName(
      "An opened barrier closes by itself when nothing crosses the loop before the open timeout")
  void closesAfterOpenTimeoutWithoutPassage() throws Exception {
    lane(LaneFixture.Options.defaults());
    Path yaml = dir.resolve("gate.yaml");
    java.nio.file.Files.writeString(
        yaml,
        java.nio.file.Files.readString(yaml).replace("openTimeout: 60s", "openTimeout: 300ms"));
    lane.api.clear("MSCU1234566", "D-1", null, null, TOMORROW);
    lane.startAgent();

    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.99, null);

    JsonObject closed =
        Await.value(
            "BARRIER_CLOSED stored by the api",
            Duration.ofSeconds(10),
            () -> lane.api.events("BARRIER_CLOSED").stream().findFirst().orElse(null));
    assertThat(closed.getJsonObject("data").getString("reason")).isEqualTo("TIMEOUT");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
    assertThat(lane.api.events("PASSAGE_CONFIRMED")).isEmpty();
    assertThat(lane.api.events("BARRIER_OPENED")).hasSize(1);
  }
}
