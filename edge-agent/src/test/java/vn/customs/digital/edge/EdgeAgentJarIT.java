package vn.customs.digital.edge;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.edge.support.NotifySocket;
import vn.customs.digital.testing.Await;

/**
 * The shaded jar as it ships ({@code java -jar target/edge-agent.jar}, run by failsafe after {@code
 * package}) on a lane of simulated devices and the fake api: what the jar leaves out (SQLite's
 * other platforms, overlapping resources) would show here. A vehicle that passes needs the
 * simulated passage loop, which the jar does not carry: that test runs the jar's classes with the
 * simulated lane's launcher beside them. {@code -Dedge.java=PATH} runs it with another java
 * launcher, e.g. the trimmed runtime of {@code ops/edge runtime}.
 */
@DisplayName("The packaged edge agent jar")
class EdgeAgentJarIT {
  private static final Path LOGS = Path.of("target", "edge-agent-jar-it");

  @TempDir Path dir;
  private Vertx vertx;
  private LaneFixture lane;
  private final Path jar = Path.of(System.getProperty("edge.jar", "target/edge-agent.jar"));
  private final String java =
      System.getProperty(
          "edge.java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
  private Process agent;
  private int healthPort;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startLane() throws Exception {
    vertx = Vertx.vertx();
    lane =
        new LaneFixture(
            vertx, dir, LaneFixture.Options.defaults().withSimulatedPassage(Duration.ofMillis(20)));
    lane.api.clear("MSCU1234566", "D-1", null, null, Instant.now().plus(Duration.ofDays(1)));
    healthPort = lane.pinAgentPorts().health();
    assertThat(jar).as("the shaded jar (built by mvn package)").isRegularFile();
  }

  private void start(List<String> command) throws IOException {
    start(command, Map.of());
  }

  private void start(List<String> command, Map<String, String> env) throws IOException {
    Files.createDirectories(LOGS);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(LOGS.resolve("agent.log").toFile());
    builder.environment().putAll(env);
    agent = builder.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (agent != null) {
      agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    lane.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> health() throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health"))
            .timeout(Duration.ofSeconds(2))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitUp() {
    Await.until(
        "agent /health 200 UP (log: " + LOGS.resolve("agent.log") + ")",
        Duration.ofSeconds(60),
        () -> agent.isAlive() && health().statusCode() == 200);
  }

  @Test
  @DisplayName(
      "starts on a lane and reports UP: clearances synced and verified, both devices observed;"
          + " tells systemd it is ready and pings its watchdog (the jar's epoll library)")
  void startsAndReportsUp() throws Exception {
    Path socket = dir.resolve("notify.sock");
    try (NotifySocket systemd = new NotifySocket(socket.toString())) {
      start(
          List.of(
              java,
              "-Xmx64m",
              "-jar",
              jar.toString(),
              "--config",
              dir.resolve("gate.yaml").toString()),
          Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "900000"));
      awaitUp();
      Await.until(
          "READY=1, then watchdog pings",
          Duration.ofSeconds(10),
          () -> systemd.received("WATCHDOG=1").size() >= 2);
      assertThat(systemd.received().get(0).text()).startsWith("READY=1");
    }

    JsonObject h = new JsonObject(health().body());
    assertThat(h.getString("status")).isEqualTo("UP");
    assertThat(h.getJsonObject("clearances").getInteger("entries")).isEqualTo(1);
    assertThat(h.getJsonObject("devices").getJsonObject("camera").getString("lastSeen"))
        .isNotNull();
  }

  @Test
  @DisplayName(
      "opens the barrier for a cleared container and journals its passage through to the api")
  void clearedVehiclePasses() throws Exception {
    // the jar's classes with the simulated vehicles beside them: the jar itself carries no
    // simulation
    start(
        lane.agentCommand(
            java,
            List.of("-Xmx64m"),
            jar + File.pathSeparator + LaneFixture.simulationClassPath()));
    awaitUp();
    Await.until(
        "the camera observed by the agent",
        Duration.ofSeconds(10),
        () -> lane.devices.recognitionObservers() > 0);

    lane.devices.arrive("15C12345", List.of("MSCU1234566"), 0.99, null);

    Await.until(
        "the passage reached the api",
        Duration.ofSeconds(20),
        () -> !lane.api.events("PASSAGE_CONFIRMED").isEmpty());
    assertThat(lane.api.events("BARRIER_OPENED")).hasSize(1);
    assertThat(lane.api.events("HOLD")).isEmpty();
  }
}
