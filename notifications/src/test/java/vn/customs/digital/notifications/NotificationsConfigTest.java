package vn.customs.digital.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationsConfigTest {

  @Test
  @DisplayName("With no variables set, pushes are paused and the documented defaults apply")
  void defaults() {
    NotificationsConfig config = NotificationsConfig.fromEnv(Map.of());

    assertThat(config.pushConfigured()).isFalse();
    assertThat(config.maxAttempts()).isEqualTo(10);
    assertThat(config.batchSize()).isEqualTo(100);
    assertThat(config.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.lease()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.sseHeartbeat()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  @DisplayName("Credentials and project id given together configure FCM")
  void withCredentials(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("sa.json"), "{}");

    NotificationsConfig config =
        NotificationsConfig.fromEnv(
            Map.of(
                "FCM_CREDENTIALS",
                file.toString(),
                "FCM_PROJECT_ID",
                "dc-prod",
                "NOTIFY_BATCH_SIZE",
                "500"));

    assertThat(config.pushConfigured()).isTrue();
    assertThat(config.fcmProjectId()).contains("dc-prod");
    assertThat(config.batchSize()).isEqualTo(500);
  }

  @Test
  @DisplayName("Invalid settings are refused with a message naming the variable")
  void invalid(@TempDir Path dir) {
    assertThatThrownBy(() -> NotificationsConfig.fromEnv(Map.of("NOTIFY_MAX_ATTEMPTS", "ten")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOTIFY_MAX_ATTEMPTS");
    assertThatThrownBy(() -> NotificationsConfig.fromEnv(Map.of("NOTIFY_BATCH_SIZE", "501")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOTIFY_BATCH_SIZE");
    assertThatThrownBy(() -> NotificationsConfig.fromEnv(Map.of("FCM_PROJECT_ID", "dc-prod")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FCM_CREDENTIALS and FCM_PROJECT_ID");
    assertThatThrownBy(
            () ->
                NotificationsConfig.fromEnv(
                    Map.of(
                        "FCM_CREDENTIALS",
                        dir.resolve("missing.json").toString(),
                        "FCM_PROJECT_ID",
                        "p")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("readable service-account JSON");
  }

  @Test
  @DisplayName(
      "FCM_ENDPOINT takes an http(s) origin outside production, is refused with APP_PROFILE=production, and is unset by default")
  void endpoint() {
    assertThat(NotificationsConfig.fromEnv(Map.of()).fcmEndpoint()).isEmpty();
    assertThat(
            NotificationsConfig.fromEnv(Map.of("FCM_ENDPOINT", "http://127.0.0.1:8099/"))
                .fcmEndpoint())
        .contains(java.net.URI.create("http://127.0.0.1:8099"));
    assertThatThrownBy(
            () ->
                NotificationsConfig.fromEnv(
                    Map.of("FCM_ENDPOINT", "http://127.0.0.1:8099", "APP_PROFILE", "production")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FCM_ENDPOINT is refused with APP_PROFILE=production");
    for (String bad :
        new String[] {"127.0.0.1:8099", "ftp://h", "http://h/v1", "http://u@h", "http://h?x=1"}) {
      assertThatThrownBy(() -> NotificationsConfig.fromEnv(Map.of("FCM_ENDPOINT", bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("FCM_ENDPOINT must be an origin");
    }
  }
}
