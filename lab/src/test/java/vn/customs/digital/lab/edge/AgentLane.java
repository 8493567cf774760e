package vn.customs.digital.lab.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.edge.GateAgent;
import vn.customs.digital.edge.config.GateConfigLoader;
import vn.customs.digital.edge.simulation.SimulatedDevices;
import vn.customs.digital.edge.simulation.SimulatedPassage;
import vn.customs.digital.edge.support.JournalFile;
import vn.customs.digital.testing.Await;

/**
 * One gate lane against the real api: a device registered by an officer over HTTP with a freshly
 * generated key, the edge agent's simulated camera and e-seal reader (CoAP over UDP on loopback),
 * and the real {@link GateAgent} with the Pi4J mock provider on a Vert.x of its own, talking to the
 * api at the URL it is given (the api itself, or an {@link ApiLink} in front of it).
 */
final class AgentLane implements AutoCloseable {
  final String gate;
  final String deviceId;
  final Path directory;
  final SimulatedDevices devices;
  private final Options options;
  private final Vertx agentVertx =
      Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(4));
  GateAgent agent;

  /**
   * What a test may change: gate.yaml's sync interval, and simulated vehicles crossing after each
   * opening.
   */
  record Options(String syncInterval, Optional<Duration> simulatePassage) {
    static Options defaults() {
      return new Options("30s", Optional.empty());
    }

    Options withSyncInterval(String interval) {
      return new Options(interval, simulatePassage);
    }

    Options withSimulatedPassage(Duration after) {
      return new Options(syncInterval, Optional.of(after));
    }
  }

  AgentLane(
      Vertx vertx, Path directory, String gate, String deviceId, String apiUrl, Options options)
      throws Exception {
    this.gate = gate;
    this.deviceId = deviceId;
    this.directory = directory;
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID(deviceId).generate();
    register(vertx, key);
    Files.writeString(directory.resolve("device-key.jwk"), key.toJSONString());
    this.devices = new SimulatedDevices("127.0.0.1", 0, Optional.empty()).start();
    Files.writeString(
        directory.resolve("gate.yaml"),
        """
        gate: %s
        lane: L1
        deviceId: %s
        api:
          url: %s
          audience: %s
          deviceKeyFile: device-key.jwk
          requestTimeout: 2s
        devices:
          camera: {id: %s-cam, uri: "%s"}
          sealReader: {id: %s-seal, uri: "%s"}
          observeCheck: 500ms
        gpio:
          mode: mock
          passageLoop: {pin: 27, active: high, debounce: 20ms}
        policy:
          syncInterval: %s
        journal:
          directory: journal
        laneDisplay: {host: 127.0.0.1, coapPort: 0}
        health: {port: -1}
        """
            .formatted(
                gate,
                deviceId,
                apiUrl,
                ApiConfig.Auth.DEFAULT_AUDIENCE,
                deviceId,
                devices.uri("recognition"),
                deviceId,
                devices.uri("seals"),
                options.syncInterval()));
    this.options = options;
  }

  /** POST /gates as an officer: the gate with one lane, L1. */
  static void registerGate(Vertx vertx, String gate) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/gates")
                .bearerTokenAuthentication(TestTokens.officer())
                .sendJsonObject(
                    new JsonObject()
                        .put("code", gate)
                        .put("officeCode", "03CC")
                        .put("name", "Test gate " + gate)
                        .put("lanes", List.of("L1"))));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }

  /** POST /gates/{gate}/devices as an officer, with the public half of the key. */
  private void register(Vertx vertx, ECKey key) throws JOSEException {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/gates/" + gate + "/devices")
                .bearerTokenAuthentication(TestTokens.officer())
                .sendJsonObject(
                    new JsonObject()
                        .put("id", deviceId)
                        .put("publicJwk", new JsonObject(key.toPublicJWK().toJSONObject()))));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }

  /**
   * Starts the agent and waits until it holds the api's snapshot, is pushed to, and observes both
   * devices.
   */
  GateAgent startAgent() throws Exception {
    agent = new GateAgent(GateConfigLoader.load(directory.resolve("gate.yaml")), Clock.systemUTC());
    agentVertx.deployVerticle(agent).await(20, TimeUnit.SECONDS);
    options
        .simulatePassage()
        .ifPresent(after -> SimulatedPassage.afterEachOpening(agent.lane().gpio(), after));
    Await.until(
        "the agent synced its clearance feed and opened the push feed",
        Duration.ofSeconds(15),
        () ->
            agent.lane().cache().syncedAt().isPresent()
                && agent.lane().health().clearances().pushConnected());
    Await.until(
        "camera and seal reader observed",
        Duration.ofSeconds(15),
        () -> devices.recognitionObservers() > 0 && devices.sealObservers() > 0);
    return agent;
  }

  /** Drives the mock passage loop: a vehicle rolls onto it and off again. */
  void vehiclePassesLoop() {
    SimulatedPassage.vehiclePasses(agent);
  }

  /**
   * The ids and types of every event in the agent's journal, in journal (seq) order, and how many
   * are unsent.
   */
  record Journal(List<String> ids, List<String> types, int unsent) {
    /** The ids of the events of other types than {@code type}, in journal order. */
    List<String> idsExcept(String type) {
      List<String> kept = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        if (!types.get(i).equals(type)) {
          kept.add(ids.get(i));
        }
      }
      return kept;
    }

    long count(String type) {
      return types.stream().filter(type::equals).count();
    }
  }

  /** Reads the journal's SQLite file; call with the agent stopped. */
  Journal journal() throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> types = new ArrayList<>();
    int unsent = 0;
    for (JournalFile.Entry entry : JournalFile.entries(directory.resolve("journal"))) {
      ids.add(entry.event().id());
      types.add(entry.event().type().name());
      unsent += entry.unsent() ? 1 : 0;
    }
    return new Journal(ids, types, unsent);
  }

  void stopAgent() throws Exception {
    if (agent != null) {
      agentVertx.undeploy(agentVertx.deploymentIDs().iterator().next()).await(20, TimeUnit.SECONDS);
      agent = null;
    }
  }

  @Override
  public void close() throws Exception {
    stopAgent();
    devices.stop();
    agentVertx.close().await(20, TimeUnit.SECONDS);
  }
}
