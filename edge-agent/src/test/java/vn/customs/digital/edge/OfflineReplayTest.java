package vn.customs.digital.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.journal.EventType;
import vn.customs.digital.edge.support.FakeGateApi;
import vn.customs.digital.edge.support.JournalFile;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.testing.Await;

/**
 * The store-and-forward promise end to end, with a real kill -9: the agent runs in a child JVM that
 * is destroyed forcibly halfway through 100 vehicles passing while the api is cut.
 */
class OfflineReplayTest {
  private static final int VEHICLES = 100;

  @TempDir Path dir;
  private LaneFixture lane;
  private Process agent;
  private final HttpClient http = HttpClient.newHttpClient();
  private int healthPort;

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null) {
      agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    lane.close();
  }

  /** The child agents' logs are kept in target/ for a failed run to be read. */
  private final Path logs = Path.of("target", "offline-replay");

  private Process startAgentProcess(String name) throws IOException {
    Files.createDirectories(logs);
    return new ProcessBuilder(
            lane.agentCommand(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                List.of("-Xmx64m"),
                System.getProperty("java.class.path")))
        .redirectErrorStream(true)
        .redirectOutput(logs.resolve(name + ".log").toFile())
        .start();
  }

  private JsonObject health() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health"))
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body());
  }

  /**
   * Each vehicle in turn, once the previous one has passed; a fresh agent process counts from zero.
   */
  private void passVehicles(int from, int to) {
    for (int i = from; i < to; i++) {
      int expected = i - from + 1;
      lane.devices.arrive("15C%05d".formatted(i), List.of(container(i)), 0.99, null);
      Await.until("vehicle " + i + " passed", Duration.ofSeconds(15), () -> passages() == expected);
    }
  }

  private int passages() {
    try {
      return health().getJsonObject("decisions").getInteger("passages");
    } catch (IOException | InterruptedException | RuntimeException e) {
      return -1;
    }
  }

  private static String container(int i) {
    return "MSCU%07d".formatted(i);
  }

  private void awaitAgentReady() {
    Await.until(
        "agent answering, cache loaded, camera observing (its registration answered)",
        Duration.ofSeconds(30),
        () -> {
          JsonObject h = health();
          return h.getJsonObject("clearances").getInteger("entries") == VEHICLES
              && h.getJsonObject("devices").getJsonObject("camera").getBoolean("observing");
        });
  }

  @Test
  @DisplayName(
      "Api cut, 100 vehicles, kill -9 halfway, restart, link restored: every event stored exactly once, the backlog in order")
  void everyEventReachesTheApiOnceInOrderDespiteKill9() throws Exception {
    lane =
        new LaneFixture(
            Vertx.vertx(),
            dir,
            LaneFixture.Options.defaults().withSimulatedPassage(Duration.ofMillis(20)));
    for (int i = 0; i < VEHICLES; i++) {
      lane.api.clear(container(i), "D-" + i, null, null, Instant.now().plus(Duration.ofDays(1)));
    }
    healthPort = lane.pinAgentPorts().health();

    agent = startAgentProcess("agent-1");
    awaitAgentReady();
    Await.until("agent announced itself online", () -> !lane.api.events("AGENT_ONLINE").isEmpty());
    lane.api.stop().await(10, TimeUnit.SECONDS);

    passVehicles(0, VEHICLES / 2);
    agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no flush

    agent = startAgentProcess("agent-2");
    awaitAgentReady();
    passVehicles(VEHICLES / 2, VEHICLES);
    assertThat(lane.api.events("PASSAGE_CONFIRMED"))
        .as("nothing reached the api while cut")
        .isEmpty();

    lane.api.start().await(10, TimeUnit.SECONDS);
    Await.until(
        "journal drained to the api",
        Duration.ofSeconds(30),
        () ->
            health().getJsonObject("uplink").getLong("unsent") == 0
                && lane.api.events("PASSAGE_CONFIRMED").size() == VEHICLES);
    agent.destroy();
    assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();

    List<String> journaled = new ArrayList<>();
    List<String> journaledButOnline = new ArrayList<>();
    List<Long> unsentSeqs = new ArrayList<>();
    for (JournalFile.Entry entry : JournalFile.entries(dir.resolve("journal"))) {
      journaled.add(entry.event().id());
      if (entry.event().type() != EventType.AGENT_ONLINE) {
        journaledButOnline.add(entry.event().id());
      }
      if (entry.unsent()) {
        unsentSeqs.add(entry.event().seq());
      }
    }
    List<JsonObject> stored = lane.api.events();
    assertThat(unsentSeqs).isEmpty();
    assertThat(FakeGateApi.ids(stored)).containsExactlyInAnyOrderElementsOf(journaled);
    // the backlog arrives in journal order; the AGENT_ONLINE of the link's return is live and goes
    // ahead of it
    assertThat(
            FakeGateApi.ids(
                stored.stream().filter(e -> !e.getString("type").equals("AGENT_ONLINE")).toList()))
        .containsExactlyElementsOf(journaledButOnline);
    assertThat(lane.api.events("VEHICLE_ARRIVED")).hasSize(VEHICLES);
    assertThat(lane.api.events("PASSAGE_CONFIRMED")).hasSize(VEHICLES);
    assertThat(lane.api.events("AGENT_OFFLINE")).isNotEmpty();
    assertThat(lane.api.authFailures()).isEmpty();
  }
}
