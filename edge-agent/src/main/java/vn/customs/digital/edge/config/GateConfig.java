package vn.customs.digital.edge.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent's whole configuration, read once from gate.yaml by {@link GateConfigLoader}. Immutable.
 */
public record GateConfig(
    String gate,
    String lane,
    String deviceId,
    Api api,
    Devices devices,
    Gpio gpio,
    Policy policy,
    Journal journal,
    Uplink uplink,
    LaneDisplay laneDisplay,
    Health health) {

  /**
   * Where the journal and the clearance cache live, and how large the journal may grow (see
   * JournalQuota).
   */
  public record Journal(Path directory, long maxBytes, int warnPercent) {}

  /** How fast the backlog of an outage drains to the api (live events are not paced). */
  public record Uplink(int backlogRate) {}

  /** The central api: where clearances come from and events go to. */
  public record Api(
      URI url, URI webSocketUrl, String audience, Path deviceKeyFile, Duration requestTimeout) {}

  /** The CoAP devices of the lane and how often their observations are checked. */
  public record Devices(CoapDevice camera, CoapDevice sealReader, Duration observeCheckInterval) {}

  /**
   * One CoAP device: its id (reported in events), the resource to observe, and an optional DTLS
   * pre-shared key.
   */
  public record CoapDevice(String id, URI uri, Optional<Psk> psk) {
    public boolean secure() {
      return "coaps".equalsIgnoreCase(uri.getScheme());
    }
  }

  /** DTLS pre-shared key (Scandium) for one device. */
  public record Psk(String identity, byte[] secret) {}

  public enum GpioMode {
    MOCK,
    GPIOD
  }

  /** GPIO wiring: the provider, the two lines, and the barrier's timing. */
  public record Gpio(
      GpioMode mode,
      Pin barrier,
      Pin passageLoop,
      Duration passageDebounce,
      Duration watchdogTimeout,
      Duration openTimeout) {}

  /**
   * A BCM pin number and whether "active" (barrier open / vehicle on the loop) is the high level.
   */
  public record Pin(int address, boolean activeHigh) {}

  /**
   * Decision policy: how old the clearance cache may be, the minimum OCR confidence, how often to
   * resync.
   */
  public record Policy(Duration cacheMaxAge, double minOcrConfidence, Duration syncInterval) {}

  /** The agent's own CoAP server (lane display resource); port 0 picks a free one. */
  public record LaneDisplay(String host, int coapPort) {}

  /** The health and metrics HTTP endpoint; port 0 picks a free one, -1 disables it. */
  public record Health(String host, int port) {}
}
