package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.Settings;

@DisplayName("The one-time passage command's lifetime setting")
class PassageCommandTtlConfigTest {

  @Test
  @DisplayName("unset it is 5 minutes; within 30..1800 seconds it is taken as given")
  void defaultsAndBounds() {
    assertThat(ApiConfig.fromEnv(Map.of()).passageCommandTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(ApiConfig.fromEnv(Map.of("PASSAGE_COMMAND_TTL_SECONDS", "30")).passageCommandTtl())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(
            ApiConfig.fromEnv(Map.of("PASSAGE_COMMAND_TTL_SECONDS", " 1800 ")).passageCommandTtl())
        .isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  @DisplayName("out of bounds or not a number, the start is refused naming the variable")
  void refusedAtStart() {
    for (String bad : new String[] {"29", "1801", "0", "-5", "5m", "300.5"}) {
      assertThatThrownBy(() -> Settings.fromEnv(Map.of("PASSAGE_COMMAND_TTL_SECONDS", bad)))
          .as(bad)
          .isInstanceOf(ApiConfig.InvalidConfig.class)
          .hasMessageContaining("PASSAGE_COMMAND_TTL_SECONDS=" + bad);
    }
  }
}
