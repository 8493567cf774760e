package vn.customs.digital.api.payments;

import java.time.Instant;
import java.time.LocalDate;
import vn.customs.digital.api.risk.RiskService;

/**
 * When a declaration's duties fall due, and so whether a payment of them was late.
 *
 * <p>Duties are due by the end of the {@code days}-th customs day (Vietnam time) after the day the
 * declaration was registered, that is first submitted and numbered. The default term, 30 days, is
 * the longest the Law on Export and Import Duties (107/2016/QH13, Art. 9) allows after
 * registration, for duties guaranteed by a credit institution; without a guarantee duties are due
 * before clearance, which this system enforces anyway by releasing only paid declarations. A late
 * payment is therefore one that left the goods waiting beyond the longest term the law grants.
 *
 * <p>The time that counts is when the bank paid (VNPAY's {@code vnp_PayDate}, covered by the
 * gateway's signature): not when its notification reached the api, and not the expiry of the
 * payment session, which is a technical limit of minutes, not a tax deadline.
 *
 * @param days the term in customs days after the registration day ({@code PAYMENT_DUE_DAYS})
 */
public record DutyDueDate(int days) {
  public static final int DEFAULT_DAYS = 30;

  /**
   * The last customs day on which duties of a declaration registered at {@code registeredAt} are
   * paid on time.
   */
  public LocalDate dueDate(Instant registeredAt) {
    return customsDay(registeredAt).plusDays(days);
  }

  /** Whether a payment made by the bank at {@code paidAt} came after the due date. */
  public boolean late(Instant registeredAt, Instant paidAt) {
    return customsDay(paidAt).isAfter(dueDate(registeredAt));
  }

  static LocalDate customsDay(Instant t) {
    return t.atZone(RiskService.CUSTOMS_ZONE).toLocalDate();
  }
}
