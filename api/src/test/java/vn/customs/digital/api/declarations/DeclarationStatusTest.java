package vn.customs.digital.api.declarations;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.declarations.DeclarationStatus.CANCELLED;
import static vn.customs.digital.api.declarations.DeclarationStatus.EXITED;
import static vn.customs.digital.api.declarations.DeclarationStatus.HELD;
import static vn.customs.digital.api.declarations.DeclarationStatus.RELEASED;

import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The declaration lifecycle after release")
class DeclarationStatusTest {

  @Test
  @DisplayName(
      "released goods exit, are held or are cancelled; held goods are released again or cancelled; nothing leaves EXITED or CANCELLED")
  void afterRelease() {
    assertThat(RELEASED.next()).containsExactlyInAnyOrder(EXITED, HELD, CANCELLED);
    assertThat(HELD.next()).containsExactlyInAnyOrder(RELEASED, CANCELLED);
    assertThat(EXITED.next()).isEmpty();
    assertThat(CANCELLED.next()).isEmpty();
  }

  @Test
  @DisplayName(
      "only RELEASED and HELD are released and not exited; neither counts as before release, so the trader can no longer amend or cancel")
  void releasedNotExited() {
    assertThat(
            Arrays.stream(DeclarationStatus.values()).filter(DeclarationStatus::releasedNotExited))
        .containsExactly(RELEASED, HELD);
    assertThat(RELEASED.beforeRelease()).isFalse();
    assertThat(HELD.beforeRelease()).isFalse();
    assertThat(
            Arrays.stream(DeclarationStatus.values())
                .filter(s -> s != RELEASED && s != HELD && s.canMoveTo(HELD)))
        .isEmpty();
  }
}
