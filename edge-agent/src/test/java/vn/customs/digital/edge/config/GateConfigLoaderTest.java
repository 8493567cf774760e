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
  @TempDir
  Path dir;

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
    assertThat(config.journalDirectory()).isAbsolute();
  }

  @Test
  @DisplayName("A broken config reports every problem at once, not just the first")
  void reportsEveryProblem() throws Exception {
    Files.writeString(dir.resolve("gate.yaml"), """
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
        .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
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

  @Test
  @DisplayName("Simulated passages are refused on real GPIO")
  void refusesSimulatedPassageOnGpiod() throws Exception {
    String yaml = Files.readString(Path.of("config/gate-dev.yaml")).replace("mode: mock", "mode: gpiod");
    assertThatThrownBy(() -> GateConfigLoader.parse(yaml, Path.of("config").toAbsolutePath(), "gate.yaml"))
        .isInstanceOfSatisfying(InvalidConfigException.class,
            e -> assertThat(e.problems()).containsExactly(
                "gpio.simulatePassage: only allowed with gpio mode 'mock' (a real lane has a real loop)"));
  }
}
