package vn.customs.digital.api.payments;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One payment of a declaration's duties, as stored. */
record Payment(
    UUID id,
    UUID declarationId,
    String reference,
    String gateway,
    BigDecimal amountVnd,
    String currency,
    Status status,
    String paymentUrl,
    Instant createdAt,
    Instant expiresAt,
    Instant settledAt,
    Instant paidAt,
    String gatewayTransactionNo,
    String bankCode,
    String responseCode) {

  enum Status {
    PENDING,
    PAID,
    FAILED,
    EXPIRED
  }

  static Payment from(Row r) {
    return new Payment(
        r.getUUID("id"),
        r.getUUID("declaration_id"),
        r.getString("reference"),
        r.getString("gateway"),
        r.getBigDecimal("amount_vnd"),
        r.getString("currency"),
        Status.valueOf(r.getString("status")),
        r.getString("payment_url"),
        instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("expires_at")),
        instant(r.getOffsetDateTime("settled_at")),
        instant(r.getOffsetDateTime("paid_at")),
        r.getString("gateway_transaction_no"),
        r.getString("bank_code"),
        r.getString("response_code"));
  }

  /** The payment as the app sees it; the payment URL only while it can still be used. */
  JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("declarationId", declarationId.toString())
        .put("reference", reference)
        .put("gateway", gateway)
        .put("amountVnd", amountVnd.toPlainString())
        .put("currency", currency)
        .put("status", status.name())
        .put("paymentUrl", status == Status.PENDING ? paymentUrl : null)
        .put("createdAt", createdAt.toString())
        .put("expiresAt", expiresAt.toString())
        .put("paidAt", paidAt == null ? null : paidAt.toString())
        .put("gatewayTransactionNo", gatewayTransactionNo)
        .put("bankCode", bankCode)
        .put("responseCode", responseCode);
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
