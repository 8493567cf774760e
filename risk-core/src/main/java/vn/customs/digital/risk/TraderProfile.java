package vn.customs.digital.risk;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The declarant's compliance profile at decision time, as kept by the api from inspection outcomes,
 * amendments and payments.
 *
 * <p>The last two counts came later than the rest: a profile stored before them reads back with 0
 * of each ({@link RiskJson#readProfile}), which is what was recorded then.
 *
 * @param taxCode enterprise tax code; must be the declaration's declarant
 * @param registrationDate date the enterprise was registered (its age is counted from it)
 * @param declarationsLast12Months declarations lodged in the 12 months before the decision
 * @param violationsLast12Months violations found in the last 12 months
 * @param violationsLast24Months violations found in the last 24 months (includes the last 12)
 * @param priorityEnterprise whether the enterprise holds priority (AEO) status
 * @param overdueDebtVnd tax debt overdue more than 90 days, zero when none
 * @param amendmentsAfterReleaseLast12Months amendments made in the last 12 months to declarations
 *     already released (each amending version counts once)
 * @param latePaymentsLast12Months duty payments made after their due date in the last 12 months
 */
public record TraderProfile(
    String taxCode,
    LocalDate registrationDate,
    int declarationsLast12Months,
    ViolationCounts violationsLast12Months,
    ViolationCounts violationsLast24Months,
    boolean priorityEnterprise,
    BigDecimal overdueDebtVnd,
    int amendmentsAfterReleaseLast12Months,
    int latePaymentsLast12Months) {

  public TraderProfile {
    Objects.requireNonNull(taxCode, "taxCode");
    Objects.requireNonNull(registrationDate, "registrationDate");
    Objects.requireNonNull(violationsLast12Months, "violationsLast12Months");
    Objects.requireNonNull(violationsLast24Months, "violationsLast24Months");
    Objects.requireNonNull(overdueDebtVnd, "overdueDebtVnd");
    if (declarationsLast12Months < 0) {
      throw new IllegalArgumentException("declarationsLast12Months must not be negative");
    }
    if (!violationsLast12Months.noneExceeds(violationsLast24Months)) {
      throw new IllegalArgumentException(
          "the 24-month window includes the last 12 months, so its counts cannot be smaller: "
              + violationsLast12Months
              + " vs "
              + violationsLast24Months);
    }
    if (overdueDebtVnd.signum() < 0) {
      throw new IllegalArgumentException("overdueDebtVnd must not be negative");
    }
    if (amendmentsAfterReleaseLast12Months < 0) {
      throw new IllegalArgumentException("amendmentsAfterReleaseLast12Months must not be negative");
    }
    if (latePaymentsLast12Months < 0) {
      throw new IllegalArgumentException("latePaymentsLast12Months must not be negative");
    }
  }

  /** Whole months from registration to the given day (0 for a registration date after it). */
  public long ageInMonths(LocalDate on) {
    return Math.max(0, ChronoUnit.MONTHS.between(registrationDate, on));
  }

  /** Violations at or above a severity in a 12- or 24-month window. */
  public int violations(ViolationSeverity atLeast, int windowMonths) {
    return switch (windowMonths) {
      case 12 -> violationsLast12Months.atLeast(atLeast);
      case 24 -> violationsLast24Months.atLeast(atLeast);
      default ->
          throw new IllegalArgumentException(
              "the profile keeps 12- and 24-month windows, not " + windowMonths);
    };
  }
}
