package vn.customs.digital.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Production start-up")
class ProductionStartupTest {

  private static List<String> problems(Map<String, String> env) {
    try {
      Settings.fromEnv(env);
      return List.of();
    } catch (ApiConfig.InvalidConfig e) {
      return e.problems();
    }
  }

  @Test
  @DisplayName(
      "every missing or wrong setting of the api, notifications and payments is named in one list")
  void everyProblemAtOnce(@TempDir Path dir) {
    List<String> problems =
        problems(
            Map.of(
                "APP_PROFILE", "production",
                "SERVICE_KEY_FILE", dir.resolve("absent.jwk").toString(),
                "NOTIFY_MAX_ATTEMPTS", "many",
                "NOTIFY_BATCH_SIZE", "0"));
    assertThat(String.join("\n", problems))
        .contains("AUTH_ISSUER")
        .contains("SERVICE_KEY_FILE")
        .contains("ops/keys service")
        .contains("VNPAY_TMN_CODE")
        .contains("VNPAY_HASH_SECRET")
        .contains("VNPAY_PAY_URL")
        .contains("VNPAY_RETURN_URL")
        .contains("NOTIFY_MAX_ATTEMPTS")
        .contains("NOTIFY_BATCH_SIZE");
  }

  @Test
  @DisplayName("a development start with defaults has no configuration problem")
  void developmentDefaults() {
    assertThat(problems(Map.of())).isEmpty();
  }

  @Test
  @DisplayName(
      "the api process started with a production profile and nothing else prints every problem and exits 2")
  void processExits(@TempDir Path dir) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName())
            .directory(dir.toFile())
            .redirectErrorStream(true);
    pb.environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("AUTH_")
                    || k.startsWith("VNPAY_")
                    || k.startsWith("SERVICE_")
                    || k.startsWith("NOTIFY_")
                    || k.startsWith("FCM_"));
    pb.environment().put("APP_PROFILE", "production");
    Process process = pb.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isEqualTo(2);
    assertThat(output)
        .contains("problem(s):")
        .contains("AUTH_ISSUER")
        .contains("SERVICE_KEY_FILE")
        .contains("VNPAY_TMN_CODE")
        .contains("VNPAY_HASH_SECRET");
    assertThat(output.lines().filter(l -> l.startsWith("  - ")).count()).isGreaterThanOrEqualTo(5);
  }
}
