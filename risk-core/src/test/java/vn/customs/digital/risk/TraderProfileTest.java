package vn.customs.digital.risk;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.customs.digital.risk.Fixtures.profile;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Trader profile")
class TraderProfileTest {

  @Test
  @DisplayName("refuses a negative count of amendments after release or of late payments")
  void refusesNegativeOutcomeCounts() {
    assertThatThrownBy(() -> profile().amendmentsAfterRelease(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amendmentsAfterReleaseLast12Months");
    assertThatThrownBy(() -> profile().latePayments(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("latePaymentsLast12Months");
  }
}
