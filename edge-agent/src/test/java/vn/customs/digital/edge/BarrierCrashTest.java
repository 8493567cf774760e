package vn.customs.digital.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.journal.EventType;
import vn.customs.digital.edge.support.JournalFile;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.testing.Await;

/**
 * The agent in a child JVM, killed with SIGKILL while the barrier it opened for a released vehicle
 * is open (no passage, no close), then started again on the same journal - twice.
 */
class BarrierCrashTest {
  @TempDir Path dir;
  private LaneFixture lane;
  private Process agent;
  private final HttpClient http = HttpClient.newHttpClient();
  private int healthPort;
  private final Path logs = Path.of("target", "barrier-crash");

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null) {
      agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    lane.close();
  }

  private Process startAgentProcess(String name) throws IOException {
    Files.createDirectories(logs);
    return new ProcessBuilder(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--config",
                dir.resolve("gate.yaml").toString()))
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

  private void awaitAgentReady(int online) {
    Await.until(
        "agent answering, clearance cached, camera observing (its registration answered), online",
        Duration.ofSeconds(30),
        () -> {
          JsonObject h = health();
          return h.getJsonObject("clearances").getInteger("entries") == 1
              && h.getJsonObject("devices").getJsonObject("camera").getBoolean("observing")
              && lane.api.events("AGENT_ONLINE").size() == online;
        });
  }

  @Test
  @DisplayName(
      "Killed with the barrier open, the agent restarts closed and reports the passage as interrupted, once")
  void killedMidCycleReportsAnInterruptedPassageOnce() throws Exception {
    lane = new LaneFixture(Vertx.vertx(), dir, LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", null, null, Instant.now().plus(Duration.ofDays(1)));
    try (ServerSocket s = new ServerSocket(0)) {
      healthPort = s.getLocalPort();
    }
    Path yaml = dir.resolve("gate.yaml");
    Files.writeString(
        yaml,
        Files.readString(yaml)
            .replace(
                "health:\n  host: 127.0.0.1\n  port: 0",
                "health:\n  host: 127.0.0.1\n  port: " + healthPort));

    agent = startAgentProcess("agent-1");
    awaitAgentReady(1);
    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.99, null);
    JsonObject opened =
        Await.value(
            "the opening reported to the api",
            Duration.ofSeconds(10),
            () -> lane.api.events("BARRIER_OPENED").stream().findFirst().orElse(null));
    assertThat(health().getJsonObject("barrier").getBoolean("open")).isTrue();
    agent
        .destroyForcibly()
        .waitFor(10, TimeUnit.SECONDS); // SIGKILL with the barrier open: no close, no hook
    assertThat(lane.api.events("PASSAGE_CONFIRMED")).isEmpty();
    assertThat(lane.api.events("BARRIER_CLOSED")).isEmpty();

    agent = startAgentProcess("agent-2");
    JsonObject interrupted =
        Await.value(
            "the interrupted passage reported to the api",
            Duration.ofSeconds(30),
            () -> lane.api.events("PASSAGE_INTERRUPTED").stream().findFirst().orElse(null));
    JsonObject data = interrupted.getJsonObject("data");
    assertThat(data.getString("openedEventId")).isEqualTo(opened.getString("id"));
    assertThat(data.getString("openedAt")).isEqualTo(opened.getString("occurredAt"));
    assertThat(data.getJsonArray("containerNumbers").getList()).containsExactly("MSCU1234566");
    assertThat(data.getJsonArray("declarationNumbers").getList())
        .isEqualTo(opened.getJsonObject("data").getJsonArray("declarationNumbers").getList());
    assertThat(data.getString("plate")).isEqualTo("15C12345");
    assertThat(interrupted.getString("lane")).isEqualTo("L1");
    assertThat(interrupted.getString("deviceId")).isEqualTo(LaneFixture.DEVICE);
    awaitAgentReady(2);
    JsonObject health = health();
    assertThat(health.getJsonObject("barrier").getBoolean("open")).isFalse();
    assertThat(health.getJsonObject("decisions").getLong("passagesInterrupted")).isEqualTo(1);

    agent.destroy(); // a clean stop this time
    assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();
    agent = startAgentProcess("agent-3");
    awaitAgentReady(3);
    Await.until(
        "the third agent has delivered what it journaled",
        Duration.ofSeconds(10),
        () -> health().getJsonObject("uplink").getLong("unsent") == 0);
    assertThat(health().getJsonObject("decisions").getLong("passagesInterrupted")).isZero();
    assertThat(lane.api.events("PASSAGE_INTERRUPTED")).hasSize(1);
    agent.destroy();
    assertThat(agent.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(JournalFile.count(dir.resolve("journal"), EventType.PASSAGE_INTERRUPTED))
        .isEqualTo(1);
    assertThat(lane.api.authFailures()).isEmpty();
  }
}
