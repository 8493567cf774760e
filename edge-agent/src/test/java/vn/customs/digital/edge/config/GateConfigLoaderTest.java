package vn.customs.digital.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateConfigLoaderTest {
  @TempDir Path dir;

  @Test
  @DisplayName("The development example config loads with its devices, pins and policy")
  void loadsTheDevelopmentExample() throws Exception {
    GateConfig config = GateConfigLoader.load(Path.of("config/gate-dev.yaml"));

    assertThat(config.gate()).isEqualTo("VNHPH");
    assertThat(config.api().url().toString()).isEqualTo("http://127.0.0.1:8080");
    assertThat(config.api().webSocketUrl().toString()).isEqualTo("ws://127.0.0.1:8080");
    assertThat(config.devices().camera().uri().getPath()).isEqualTo("/recognition");
    assertThat(config.gpio().mode()).isEqualTo(GateConfig.GpioMode.MOCK);
    assertThat(config.policy().cacheMaxAge()).isEqualTo(Duration.ofHours(2));
    assertThat(config.journal().directory()).isAbsolute();
    assertThat(config.journal().maxBytes()).isEqualTo(GateConfigLoader.DEFAULT_JOURNAL_BYTES);
    assertThat(config.journal().warnPercent()).isEqualTo(80);
    assertThat(config.uplink().backlogRate()).isEqualTo(GateConfigLoader.DEFAULT_BACKLOG_RATE);
  }

  @Test
  @DisplayName(
      "The journal quota takes sizes in bytes, KiB/MiB/GiB or KB/MB/GB, and the backlog rate in events a second")
  void readsQuotaAndBacklogRate() throws Exception {
    String yaml =
        Files.readString(Path.of("config/gate-dev.yaml"))
            .replace("backlogRate: 100", "backlogRate: 250")
            .replace("maxBytes: 128MiB", "maxBytes: 256MiB")
            .replace("warnPercent: 80", "warnPercent: 75");
    GateConfig config =
        GateConfigLoader.parse(yaml, Path.of("config").toAbsolutePath(), "gate.yaml");
    assertThat(config.journal().maxBytes()).isEqualTo(256L << 20);
    assertThat(config.journal().warnPercent()).isEqualTo(75);
    assertThat(config.uplink().backlogRate()).isEqualTo(250);
    assertThat(
            GateConfigLoader.parse(
                    yaml.replace("256MiB", "2GB"), Path.of("config").toAbsolutePath(), "gate.yaml")
                .journal()
                .maxBytes())
        .isEqualTo(2_000_000_000L);
  }

  @Test
  @DisplayName(
      "A quota below 1 MiB or not a size, a warning level outside 60-95 % and a backlog rate of 0 are refused")
  void refusesBadQuotaAndRate() throws Exception {
    String yaml =
        Files.readString(Path.of("config/gate-dev.yaml"))
            .replace("backlogRate: 100", "backlogRate: 0")
            .replace("maxBytes: 128MiB", "maxBytes: 64KiB")
            .replace("warnPercent: 80", "warnPercent: 99");
    assertThatThrownBy(
            () -> GateConfigLoader.parse(yaml, Path.of("config").toAbsolutePath(), "gate.yaml"))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "journal.maxBytes: at least 1048576 bytes",
                        "journal.warnPercent: must be a whole number from 60 to 95",
                        "uplink.backlogRate: must be a whole number from 1 to 100000"));
    assertThatThrownBy(
            () ->
                GateConfigLoader.parse(
                    yaml.replace("64KiB", "lots")
                        .replace("warnPercent: 99", "warnPercent: 80")
                        .replace("backlogRate: 0", "backlogRate: 10"),
                    Path.of("config").toAbsolutePath(),
                    "gate.yaml"))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "journal.maxBytes: 'lots' is not a size (bytes, or e.g. 512MiB, 2GiB, 500MB)"));
  }

  @Test
  @DisplayName("A broken config reports every problem at once, not just the first")
  void reportsEveryProblem() throws Exception {
    Files.writeString(
        dir.resolve("gate.yaml"),
        """
        gate: hp
        deviceId: "agent one"
        api:
          url: ftp://example
          deviceKeyFile: missing.pem
        devices:
          camera: {id: cam, uri: "coaps://127.0.0.1/recognition"}
        gpio:
          mode: wiringpi
          barrier: {pin: 99, active: sideways}
        policy:
          minOcrConfidence: 1.5
          cacheMaxAge: forever
        """);

    assertThatThrownBy(() -> GateConfigLoader.load(dir.resolve("gate.yaml")))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(p -> p.startsWith("gate:"))
                    .anyMatch(p -> p.startsWith("deviceId:"))
                    .anyMatch(p -> p.startsWith("api.url:"))
                    .anyMatch(p -> p.startsWith("api.audience:"))
                    .anyMatch(p -> p.startsWith("api.deviceKeyFile:") && p.contains("missing.pem"))
                    .anyMatch(p -> p.startsWith("devices.camera.psk:"))
                    .anyMatch(p -> p.startsWith("devices.sealReader:"))
                    .anyMatch(p -> p.startsWith("gpio.mode:"))
                    .anyMatch(p -> p.startsWith("gpio.barrier.pin:"))
                    .anyMatch(p -> p.startsWith("gpio.barrier.active:"))
                    .anyMatch(p -> p.startsWith("policy.minOcrConfidence:"))
                    .anyMatch(p -> p.startsWith("policy.cacheMaxAge:"))
                    .anyMatch(p -> p.startsWith("journal.directory:")));
  }
}
