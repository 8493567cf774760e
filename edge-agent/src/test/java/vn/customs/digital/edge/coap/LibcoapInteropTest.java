package vn.customs.digital.edge.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
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
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.testing.Await;

/**
 * Interoperability with an independent CoAP implementation: libcoap's example server and client
 * (Debian libcoap3-bin, installed by ops/test). Skipped only where the binaries are missing.
 */
class LibcoapInteropTest {
  private static final Path SERVER = Path.of("/usr/bin/coap-server-notls");
  private static final Path CLIENT = Path.of("/usr/bin/coap-client-notls");

  @TempDir Path dir;
  private LaneFixture lane;
  private Process server;

  @AfterEach
  void tearDown() throws Exception {
    if (lane != null) {
      lane.close();
    }
    if (server != null) {
      server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static String client(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CLIENT.toString(), "-B", "3"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("coap-client did not finish: " + command);
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  @DisplayName(
      "The agent observes a camera resource served by libcoap's coap-server and acts on its notification")
  void observesLibcoapServer() throws Exception {
    assumeTrue(
        Files.isExecutable(SERVER) && Files.isExecutable(CLIENT), "libcoap3-bin not installed");
    int port = freeUdpPort();
    server =
        new ProcessBuilder(
                SERVER.toString(), "-A", "127.0.0.1", "-p", String.valueOf(port), "-d", "10")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("coap-server.log").toFile())
            .start();
    String base = "coap://127.0.0.1:" + port;
    Await.until(
        "coap-server answers",
        Duration.ofSeconds(10),
        () -> client("-m", "get", base + "/.well-known/core").contains("</"));
    // libcoap's server creates observable resources on PUT (-d)
    client(
        "-m",
        "put",
        "-t",
        "50",
        "-e",
        "{\"readId\":\"boot\",\"confidence\":0,\"containerNumbers\":[]}",
        base + "/recognition");
    client("-m", "put", "-t", "50", "-e", "{\"seals\":[]}", base + "/seals");

    lane = new LaneFixture(Vertx.vertx(), dir, LaneFixture.Options.defaults());
    lane.api.clear("MSCU1234566", "D-1", null, null, Instant.now().plus(Duration.ofDays(1)));
    Path yaml = dir.resolve("gate.yaml");
    Files.writeString(
        yaml,
        Files.readString(yaml)
            .replace(lane.devices.uri("recognition"), base + "/recognition")
            .replace(lane.devices.uri("seals"), base + "/seals"));
    lane.startAgent(false);
    Await.until("agent registered its observations", () -> lane.agent.lane().devicesObserved());

    client(
        "-m",
        "put",
        "-t",
        "50",
        "-e",
        "{\"readId\":\"r-1\",\"plate\":\"15C12345\","
            + "\"containerNumbers\":[\"MSCU1234566\"],\"confidence\":0.98}",
        base + "/recognition");

    // the agent counts the decision just after driving the relay: wait for the count, then look at
    // the relay
    Await.until(
        "vehicle decided on libcoap's notification",
        () -> lane.agent.lane().metrics().decisionsOpen.sum() == 1);
    assertThat(lane.agent.lane().gpio().relayActive()).as("barrier relay").isTrue();
    assertThat(lane.agent.lane().metrics().decisionsHold.sum()).isZero();
  }

  @Test
  @DisplayName("The agent's lane display resource answers libcoap's coap-client")
  void laneDisplayAnswersLibcoapClient() throws Exception {
    assumeTrue(Files.isExecutable(CLIENT), "libcoap3-bin not installed");
    lane = new LaneFixture(Vertx.vertx(), dir, LaneFixture.Options.defaults());
    lane.startAgent();
    lane.devices.arrive("15C12345", List.of("TGHU7654321"), 0.99, null);
    Await.until("hold decided", () -> lane.agent.lane().metrics().decisionsHold.sum() == 1);

    String answer =
        client("-m", "get", "coap://127.0.0.1:" + lane.agent.lane().display().port() + "/lane");
    String discovery =
        client(
            "-m",
            "get",
            "coap://127.0.0.1:" + lane.agent.lane().display().port() + "/.well-known/core");

    assertThat(answer).contains("HOLD NOT_RELEASED TGHU7654321");
    assertThat(discovery).contains("</lane>").contains("obs");
  }
}
