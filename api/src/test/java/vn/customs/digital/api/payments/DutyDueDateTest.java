package vn.customs.digital.api.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Due date of duties")
class DutyDueDateTest {
  private final DutyDueDate term = new DutyDueDate(30);

  @Test
  @DisplayName(
      "is the 30th customs day after registration: a payment until its last second is on time, one a second later is late")
  void lastSecondOfTheDueDate() {
    Instant registered = Instant.parse("2026-11-23T03:00:00Z"); // 10:00 in Hanoi

    assertThat(term.dueDate(registered)).isEqualTo(LocalDate.of(2026, 12, 23));
    assertThat(term.late(registered, Instant.parse("2026-12-23T16:59:59Z")))
        .isFalse(); // 23:59:59 on 23 December
    assertThat(term.late(registered, Instant.parse("2026-12-23T17:00:00Z")))
        .isTrue(); // 00:00:00 on 24 December
  }

  @Test
  @DisplayName("counts customs days on Vietnam time, not UTC")
  void vietnamDays() {
    Instant registered =
        Instant.parse(
            "2026-11-23T18:30:00Z"); // 01:30 on 24 November in Hanoi, still the 23rd in UTC

    assertThat(term.dueDate(registered)).isEqualTo(LocalDate.of(2026, 12, 24));
    assertThat(term.late(registered, Instant.parse("2026-12-24T12:00:00Z"))).isFalse();
  }
}
