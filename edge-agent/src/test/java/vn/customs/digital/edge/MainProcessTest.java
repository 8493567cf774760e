package vn.customs.digital.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainProcessTest {
  @TempDir Path dir;

  @Test
  @DisplayName("The program exits non-zero and lists the problems when gate.yaml is invalid")
  void exitsNonZeroOnInvalidConfig() throws Exception {
    Path config = Files.writeString(dir.resolve("gate.yaml"), "gate: VNHPH\nlane: L1\n");
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "--config",
                    config.toString()))
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output)
        .contains(
            "invalid configuration",
            "deviceId: missing",
            "api: missing section",
            "journal.directory: missing");
  }
}
