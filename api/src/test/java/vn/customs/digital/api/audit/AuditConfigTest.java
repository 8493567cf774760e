package vn.customs.digital.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Audit configuration")
class AuditConfigTest {

  @Test
  @DisplayName(
      "checkpoints are signed hourly by default, and at any interval from a second to a day")
  void interval() {
    assertThat(AuditConfig.fromEnv(Map.of()).checkpointInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(AuditConfig.fromEnv(Map.of("AUDIT_CHECKPOINT_INTERVAL", "30m")).checkpointInterval())
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(AuditConfig.fromEnv(Map.of("AUDIT_CHECKPOINT_INTERVAL", "1d")).checkpointInterval())
        .isEqualTo(Duration.ofDays(1));
  }

  @Test
  @DisplayName(
      "an interval longer than a day, or not a duration, stops the start naming the setting")
  void badInterval() {
    assertThatThrownBy(() -> AuditConfig.fromEnv(Map.of("AUDIT_CHECKPOINT_INTERVAL", "2d")))
        .hasMessageContaining("AUDIT_CHECKPOINT_INTERVAL=2d is out of range 1s..1d");
    assertThatThrownBy(() -> AuditConfig.fromEnv(Map.of("AUDIT_CHECKPOINT_INTERVAL", "daily")))
        .hasMessageContaining("AUDIT_CHECKPOINT_INTERVAL=daily must be a duration");
  }
}
