package vn.customs.digital.edge.support;

import com.nimbusds.jose.jwk.ECKey;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import vn.customs.digital.edge.GateAgent;
import vn.customs.digital.edge.config.GateConfig;
import vn.customs.digital.edge.config.GateConfigLoader;
import vn.customs.digital.edge.simulation.SimulatedDevices;
import vn.customs.digital.edge.simulation.SimulatedLane;
import vn.customs.digital.edge.simulation.SimulatedPassage;
import vn.customs.digital.edge.systemd.SystemdNotify;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.MutableClock;

/**
 * A whole lane on loopback: the fake api, the simulated camera and e-seal reader (real CoAP over
 * UDP, ephemeral ports), a gate.yaml written for them, and the agent with the Pi4J mock provider.
 */
public final class LaneFixture implements AutoCloseable {
  public static final String GATE = "VNHPH";
  public static final String DEVICE = "vnhph-l1-agent";

  public final Vertx vertx;
  public final Path directory;
  public final ECKey deviceKey = TestKeys.generate(DEVICE);
  public final FakeGateApi api;
  public final SimulatedDevices devices;
  public final MutableClock clock = MutableClock.running();
  private final Options options;
  public GateAgent agent;
  private String agentDeployment;

  /** What differs between tests; everything else is the development defaults. */
  public record Options(
      String pskSecret,
      Duration simulatePassage,
      double minConfidence,
      String cacheMaxAge,
      String observeCheck,
      String extraYaml) {
    public static Options defaults() {
      return new Options(null, null, 0.9, "2h", "200ms", "");
    }

    public Options withPsk(String secret) {
      return new Options(
          secret, simulatePassage, minConfidence, cacheMaxAge, observeCheck, extraYaml);
    }

    /**
     * A simulated vehicle crosses the loop {@code after} each opening of the barrier
     * (SimulatedPassage).
     */
    public Options withSimulatedPassage(Duration after) {
      return new Options(pskSecret, after, minConfidence, cacheMaxAge, observeCheck, extraYaml);
    }
  }

  public LaneFixture(Vertx vertx, Path directory, Options options) throws Exception {
    this.vertx = vertx;
    this.directory = directory;
    this.options = options;
    this.api = new FakeGateApi(vertx, GATE, DEVICE, deviceKey);
    Optional<GateConfig.Psk> psk =
        Optional.ofNullable(options.pskSecret())
            .map(s -> new GateConfig.Psk("vnhph-l1-devices", s.getBytes(StandardCharsets.UTF_8)));
    this.devices = new SimulatedDevices("127.0.0.1", 0, psk).start();
    api.start().await(10, TimeUnit.SECONDS);
    TestKeys.writePkcs8Pem(deviceKey, directory.resolve("device-key.pem"));
    Files.writeString(directory.resolve("gate.yaml"), yaml(options));
  }

  public String yaml(Options o) {
    String psk =
        o.pskSecret() == null
            ? ""
            : "\n    psk: {identity: vnhph-l1-devices, secret: \"" + o.pskSecret() + "\"}";
    return """
        gate: %s
        lane: L1
        deviceId: %s
        api:
          url: %s
          audience: %s
          deviceKeyFile: device-key.pem
          requestTimeout: 2s
        devices:
          camera:
            id: vnhph-l1-cam
            uri: %s%s
          sealReader:
            id: vnhph-l1-seal
            uri: %s%s
          observeCheck: %s
        gpio:
          mode: mock
          barrier: {pin: 17, active: high}
          passageLoop: {pin: 27, active: high, debounce: 20ms}
          watchdog: 1s
          openTimeout: 60s
        policy:
          cacheMaxAge: %s
          minOcrConfidence: %s
          syncInterval: 30s
        journal:
          directory: journal
        laneDisplay:
          host: 127.0.0.1
          coapPort: 0
        health:
          host: 127.0.0.1
          port: 0
        %s
        """
        .formatted(
            GATE,
            DEVICE,
            api.url(),
            FakeGateApi.AUDIENCE,
            devices.uri("recognition"),
            psk,
            devices.uri("seals"),
            psk,
            o.observeCheck(),
            o.cacheMaxAge(),
            o.minConfidence(),
            o.extraYaml());
  }

  /**
   * The health and lane display ports of an agent in another process, which cannot be asked for
   * them.
   */
  public record AgentPorts(int health, int display) {}

  /** Writes free health and lane display ports into gate.yaml (port 0 there otherwise). */
  public AgentPorts pinAgentPorts() throws IOException {
    int health;
    try (ServerSocket s = new ServerSocket(0)) {
      health = s.getLocalPort();
    }
    int display;
    try (DatagramSocket s = new DatagramSocket(0)) {
      display = s.getLocalPort();
    }
    Path yaml = directory.resolve("gate.yaml");
    Files.writeString(
        yaml,
        Files.readString(yaml)
            .replace(
                "health:\n  host: 127.0.0.1\n  port: 0",
                "health:\n  host: 127.0.0.1\n  port: " + health)
            .replace("coapPort: 0", "coapPort: " + display));
    return new AgentPorts(health, display);
  }

  public GateConfig config() throws Exception {
    return GateConfigLoader.load(directory.resolve("gate.yaml"));
  }

  /** Deploys the agent and waits until it holds the api's snapshot and observes both devices. */
  public GateAgent startAgent() throws Exception {
    return startAgent(true);
  }

  /**
   * As {@link #startAgent()}; without waiting for the simulator's observers when the devices are
   * elsewhere.
   */
  public GateAgent startAgent(boolean awaitSimulatorObservers) throws Exception {
    return startAgent(awaitSimulatorObservers, SystemdNotify.fromEnvironment(Map.of()));
  }

  /** As {@link #startAgent(boolean)}, telling {@code systemd} of readiness and watchdog pings. */
  public GateAgent startAgent(boolean awaitSimulatorObservers, SystemdNotify systemd)
      throws Exception {
    agent = new GateAgent(config(), clock, systemd);
    agentDeployment = vertx.deployVerticle(agent).await(20, TimeUnit.SECONDS);
    if (options.simulatePassage() != null) {
      SimulatedPassage.afterEachOpening(agent.lane().gpio(), options.simulatePassage());
    }
    Await.until(
        "agent synced its clearance feed",
        Duration.ofSeconds(10),
        () -> agent.lane().cache().syncedAt().isPresent());
    if (awaitSimulatorObservers) {
      // the simulator may still count a stopped agent's observers: ask the agent, too
      Await.until(
          "camera and seal reader observed",
          Duration.ofSeconds(10),
          () ->
              agent.lane().devicesObserved()
                  && devices.recognitionObservers() > 0
                  && devices.sealObservers() > 0);
    }
    return agent;
  }

  public void stopAgent() throws Exception {
    if (agentDeployment != null) {
      vertx.undeploy(agentDeployment).await(20, TimeUnit.SECONDS);
      agentDeployment = null;
    }
  }

  /** Drives the mock passage loop: a vehicle rolls onto it and off again. */
  public void vehiclePassesLoop() {
    SimulatedPassage.vehiclePasses(agent);
  }

  /**
   * The command that runs this lane's agent in a JVM of its own: {@code java}, its options, the
   * agent's classes from {@code classPath} (this JVM's, or a packaged jar with {@link
   * #simulationClassPath()}), the lane's simulated passages if any (SimulatedLane), and its
   * gate.yaml.
   */
  public List<String> agentCommand(String java, List<String> jvmOptions, String classPath) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, SimulatedLane.class.getName()));
    if (options.simulatePassage() != null) {
      command.addAll(List.of("--passage-after", options.simulatePassage().toMillis() + "ms"));
    }
    command.addAll(List.of("--config", directory.resolve("gate.yaml").toString()));
    return command;
  }

  /**
   * Where the simulated lane's classes are (test classes or this module's test jar): beside a
   * packaged agent jar.
   */
  public static String simulationClassPath() {
    try {
      return Path.of(
              SimulatedLane.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    stopAgent();
    devices.stop();
    api.stop().await(10, TimeUnit.SECONDS);
  }
}
