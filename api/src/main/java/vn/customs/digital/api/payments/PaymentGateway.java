package vn.customs.digital.api.payments;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * The port to a payment gateway: where to send the payer, and what a call-back from the gateway
 * says. Adapters speak one gateway's protocol; the payment workflow ({@link PaymentService}) knows
 * none of it.
 */
public interface PaymentGateway {

  /** The gateway's name as stored on payments, e.g. {@code VNPAY}. */
  String name();

  /** The URL the payer's browser opens to pay this order. */
  String paymentUrl(Order order);

  /**
   * Reads a server-to-server notification (IPN); {@link Notification#authentic()} says whether its
   * signature holds.
   */
  Notification read(Map<String, String> params);

  /**
   * What to pay.
   *
   * @param reference our unique order reference, echoed by the gateway
   * @param amountVnd whole dong, positive
   * @param description short ASCII text shown on the bank's page
   * @param payerIp the payer's IP address, as the gateway requires it
   * @param locale "vn" or "en"
   */
  record Order(
      String reference,
      BigDecimal amountVnd,
      String description,
      String payerIp,
      String locale,
      Instant createdAt,
      Instant expiresAt) {}

  /**
   * A gateway's notification about one order.
   *
   * @param authentic the signature holds; nothing else in an inauthentic notification may be
   *     trusted
   * @param terminal the merchant terminal it is addressed to
   * @param amountVnd the amount paid in whole dong; null when absent or not a whole dong amount
   * @param currency the currency when the gateway states one, else null
   * @param success the bank reports the money as taken
   * @param transactionNo the gateway's transaction number
   * @param paidAt the bank's payment time, null when absent
   */
  record Notification(
      boolean authentic,
      String terminal,
      String reference,
      BigDecimal amountVnd,
      String currency,
      boolean success,
      String responseCode,
      String transactionNo,
      String bankCode,
      Instant paidAt) {}
}
