package vn.customs.digital.api.payments;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.audit.AuditLog;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.declarations.DeclarationLifecycle;
import vn.customs.digital.api.declarations.DeclarationStatus;
import vn.customs.digital.api.declarations.Declarations;
import vn.customs.digital.api.payments.Vnpay.IpnAnswer;
import vn.customs.digital.api.platform.TimeOrderedIds;
import vn.customs.digital.api.platform.TransactionEnd;
import vn.customs.digital.api.risk.RiskService;
import vn.customs.digital.api.signing.ServiceKeys;
import vn.customs.digital.notifications.DatabaseAvailability;
import vn.customs.digital.notifications.Outbox;
import vn.customs.digital.problems.Problem;

/**
 * The payment workflow: opening a payment for a declaration awaiting payment, settling it from the
 * gateway's notification exactly once, the e-receipt, and expiry of unpaid payments.
 *
 * <p>Locks: every write takes the declaration row first ({@code for update}), then the payment row.
 * Two notifications for one payment therefore settle one after the other, and the second finds the
 * payment already settled: one credit, whatever the timing.
 *
 * <p>A payment the bank made after the duties' due date ({@link DutyDueDate}) is late: its
 * settlement records that in the trader's profile, in the same transaction.
 */
public final class PaymentService {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);
  public static final String RECEIPT_TYPE = "receipt+jwt";
  public static final String IPN_METRIC = "payments.ipn";

  /** What an IPN can come to (the {@code outcome} tag of {@link #IPN_METRIC}). */
  static final java.util.List<String> IPN_OUTCOMES =
      java.util.List.of(
          "confirmed",
          "declined",
          "duplicate",
          "already_settled",
          "refund_due",
          "unknown_order",
          "wrong_amount",
          "forged",
          "error");

  private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9]{1,100}");
  private static final Pattern SHORT_TEXT = Pattern.compile("[\\x20-\\x7e]{0,64}");

  private final Pool pool;
  private final Clock clock;
  private final PaymentGateway gateway;
  private final PaymentsConfig config;
  private final ServiceKeys keys;
  private final DeclarationLifecycle lifecycle;
  private final Tenancy tenancy;
  private final RiskService risk;

  public PaymentService(
      Pool pool,
      Clock clock,
      PaymentGateway gateway,
      PaymentsConfig config,
      ServiceKeys keys,
      DeclarationLifecycle lifecycle,
      Tenancy tenancy,
      RiskService risk) {
    this.pool = pool;
    this.clock = clock;
    this.gateway = gateway;
    this.config = config;
    this.keys = keys;
    this.lifecycle = lifecycle;
    this.tenancy = tenancy;
    this.risk = risk;
    // Every outcome's counter exists from the start at zero, so that a rate or an alert on it has a
    // series to read.
    IPN_OUTCOMES.forEach(PaymentService::ipnCounter);
  }

  /**
   * Expires unpaid payments once a minute (creation also expires a declaration's overdue one on the
   * spot).
   */
  public PaymentService start(Vertx vertx) {
    DatabaseAvailability availability = DatabaseAvailability.of(vertx);
    vertx.setPeriodic(
        60_000,
        60_000,
        t ->
            expireOverdue()
                .onFailure(
                    e -> {
                      if (!availability.failed(e)) {
                        LOG.warn("expiring overdue payments failed: {}", e.getMessage());
                      }
                    }));
    return this;
  }

  public Future<Integer> expireOverdue() {
    return pool.preparedQuery(PaymentSql.EXPIRE_OVERDUE)
        .execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.rowCount());
  }

  public PaymentsConfig config() {
    return config;
  }

  /**
   * Opens a payment for the declaration's outstanding duties, in a transaction of its own that
   * reports the payment to {@code end} (where the route keeps the answer to an {@code
   * Idempotency-Key}).
   */
  public <T> Future<T> create(
      Caller caller,
      UUID declarationId,
      String payerIp,
      String locale,
      TransactionEnd<Payment, T> end) {
    return Outbox.withTransaction(
        pool,
        conn ->
            create(conn, caller, declarationId, payerIp, locale)
                .compose(payment -> end.apply(conn, payment)));
  }

  private Future<Payment> create(
      SqlConnection conn, Caller caller, UUID declarationId, String payerIp, String locale) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expires = now.plus(config.ttl());
    return conn.preparedQuery(PaymentSql.LOCK_DECLARATION)
        .execute(Tuple.of(declarationId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(
                    Problem.notFound("no declaration " + declarationId).exception());
              }
              Row d = rows.iterator().next();
              DeclarationStatus status = DeclarationStatus.valueOf(d.getString("status"));
              BigDecimal amount = d.getBigDecimal("total_payable_vnd");
              if (status != DeclarationStatus.AWAITING_PAYMENT) {
                return Future.failedFuture(
                    Problem.conflict(
                            "not-awaiting-payment",
                            "only a declaration awaiting payment can be paid; this one is "
                                + status)
                        .exception());
              }
              if (amount == null
                  || amount.signum() <= 0
                  || amount.stripTrailingZeros().scale() > 0) {
                return Future.failedFuture(
                    Problem.conflict(
                            "nothing-to-pay", "the declaration has no amount in whole dong to pay")
                        .exception());
              }
              String number = d.getString("number").trim();
              return conn.preparedQuery(PaymentSql.EXPIRE_OVERDUE_OF_DECLARATION)
                  .execute(Tuple.of(declarationId, now.atOffset(ZoneOffset.UTC)))
                  .compose(
                      v ->
                          conn.preparedQuery(PaymentSql.OPEN_OF_DECLARATION)
                              .execute(Tuple.of(declarationId)))
                  .compose(
                      open -> {
                        if (open.size() == 0) {
                          return Future.succeededFuture();
                        }
                        Row o = open.iterator().next();
                        if (o.getBigDecimal("amount_vnd").compareTo(amount) != 0) {
                          // The declaration was amended since: that payment is for an amount no
                          // longer owed.
                          return conn.preparedQuery(PaymentSql.SUPERSEDE)
                              .execute(Tuple.of(o.getUUID("id")))
                              .mapEmpty();
                        }
                        return Future.failedFuture(
                            Problem.conflict(
                                    "payment-open",
                                    "payment "
                                        + o.getUUID("id")
                                        + " is open until "
                                        + o.getOffsetDateTime("expires_at").toInstant()
                                        + "; pay it or let it expire")
                                .exception());
                      })
                  .compose(
                      none -> {
                        UUID id = TimeOrderedIds.next();
                        String reference = id.toString().replace("-", "");
                        BigDecimal whole = amount.setScale(0);
                        String url =
                            gateway.paymentUrl(
                                new PaymentGateway.Order(
                                    reference,
                                    whole,
                                    "Nop thue to khai hai quan " + number,
                                    payerIp,
                                    locale,
                                    now,
                                    expires));
                        return conn.preparedQuery(PaymentSql.INSERT)
                            .execute(
                                Tuple.from(
                                    new Object[] {
                                      id,
                                      declarationId,
                                      reference,
                                      gateway.name(),
                                      whole,
                                      url,
                                      caller.subject(),
                                      now.atOffset(ZoneOffset.UTC),
                                      expires.atOffset(ZoneOffset.UTC)
                                    }))
                            .compose(
                                v ->
                                    AuditLog.append(
                                        conn,
                                        new AuditLog.Entry(
                                            now,
                                            caller.subject(),
                                            declarationId,
                                            "PAYMENT_OPENED",
                                            new JsonObject()
                                                .put("paymentId", id.toString())
                                                .put("reference", reference)
                                                .put("amountVnd", whole.toPlainString())
                                                .put("gateway", gateway.name()))))
                            .compose(
                                v ->
                                    conn.preparedQuery(PaymentSql.ONE)
                                        .execute(Tuple.of(id, declarationId)))
                            .map(created -> Payment.from(created.iterator().next()));
                      });
            });
  }

  public Future<JsonArray> list(UUID declarationId) {
    return pool.preparedQuery(PaymentSql.LIST_OF_DECLARATION)
        .execute(Tuple.of(declarationId))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              rows.forEach(r -> out.add(Payment.from(r).toJson()));
              return out;
            });
  }

  public Future<JsonObject> one(UUID declarationId, UUID paymentId) {
    return pool.preparedQuery(PaymentSql.ONE)
        .execute(Tuple.of(paymentId, declarationId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw Problem.notFound(
                        "no payment " + paymentId + " of declaration " + declarationId)
                    .exception();
              }
              return Payment.from(rows.iterator().next()).toJson();
            });
  }

  /** A stored receipt: the compact JWS and when it was issued. */
  public record Receipt(String jws, String kid, Instant issuedAt, UUID paymentId) {}

  public Future<Receipt> receipt(UUID declarationId) {
    return pool.preparedQuery(PaymentSql.LATEST_RECEIPT)
        .execute(Tuple.of(declarationId))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw Problem.notFound(
                        "declaration "
                            + declarationId
                            + " has no receipt: it is issued once the duties are paid")
                    .exception();
              }
              Row r = rows.iterator().next();
              return new Receipt(
                  r.getString("jws"),
                  r.getString("kid"),
                  r.getOffsetDateTime("issued_at").toInstant(),
                  r.getUUID("payment_id"));
            });
  }

  /**
   * What the payer's browser brings back from the gateway: verified, never acted upon (only the IPN
   * settles).
   */
  public Future<JsonObject> returned(Map<String, String> params) {
    PaymentGateway.Notification n = gateway.read(params);
    JsonObject out =
        new JsonObject()
            .put("signatureValid", n.authentic())
            .put("reference", n.reference())
            .put("responseCode", n.responseCode())
            .put("success", n.authentic() && n.success());
    if (!n.authentic() || n.reference() == null || !REFERENCE.matcher(n.reference()).matches()) {
      return Future.succeededFuture(out);
    }
    return pool.preparedQuery(PaymentSql.BY_REFERENCE)
        .execute(Tuple.of(n.reference()))
        .map(
            rows ->
                rows.size() == 0
                    ? out
                    : out.put("payment", Payment.from(rows.iterator().next()).toJson()));
  }

  /**
   * Settles a payment from the gateway's notification and answers in the gateway's terms. A forged
   * or mismatching notification changes nothing; it is logged and counted.
   */
  public Future<IpnAnswer> settle(Map<String, String> params) {
    PaymentGateway.Notification n = gateway.read(params);
    if (!n.authentic()) {
      return Future.succeededFuture(
          refuse("forged", IpnAnswer.INVALID_SIGNATURE, n, "IPN signature does not verify"));
    }
    if (!config.tmnCode().equals(n.terminal())
        || n.reference() == null
        || !REFERENCE.matcher(n.reference()).matches()
        || n.transactionNo() == null
        || !SHORT_TEXT.matcher(n.transactionNo()).matches()
        || (n.bankCode() != null && !SHORT_TEXT.matcher(n.bankCode()).matches())
        || (n.responseCode() != null && !SHORT_TEXT.matcher(n.responseCode()).matches())) {
      return Future.succeededFuture(
          refuse(
              "unknown_order",
              IpnAnswer.ORDER_NOT_FOUND,
              n,
              "IPN for another terminal or without a usable reference"));
    }
    return pool.preparedQuery(PaymentSql.DECLARATION_OF_REFERENCE)
        .execute(Tuple.of(n.reference()))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.succeededFuture(
                        refuse(
                            "unknown_order",
                            IpnAnswer.ORDER_NOT_FOUND,
                            n,
                            "IPN for an unknown order"))
                    : Outbox.withTransaction(
                        pool,
                        conn ->
                            settleLocked(
                                conn, rows.iterator().next().getUUID("declaration_id"), n)))
        .recover(
            e -> {
              if (DatabaseAvailability.isOutage(e)) {
                // Not a fault of this code, so no stack trace; the gateway sends the IPN again
                // later.
                LOG.atWarn()
                    .addKeyValue("reference", n.reference())
                    .log("IPN not processed, the database is unavailable: " + e.getMessage());
              } else {
                LOG.atError()
                    .addKeyValue("reference", n.reference())
                    .setCause(e)
                    .log("IPN could not be processed");
              }
              return Future.succeededFuture(counted("error", IpnAnswer.UNKNOWN_ERROR));
            });
  }

  private Future<IpnAnswer> settleLocked(
      SqlConnection conn, UUID declarationId, PaymentGateway.Notification n) {
    return conn.preparedQuery(PaymentSql.LOCK_DECLARATION)
        .execute(Tuple.of(declarationId))
        .compose(
            v -> conn.preparedQuery(PaymentSql.LOCK_BY_REFERENCE).execute(Tuple.of(n.reference())))
        .compose(
            rows -> {
              Payment p = Payment.from(rows.iterator().next());
              if (n.amountVnd() == null
                  || p.amountVnd().compareTo(n.amountVnd()) != 0
                  || (n.currency() != null && !p.currency().equals(n.currency()))) {
                return Future.succeededFuture(
                    refuse(
                        "wrong_amount",
                        IpnAnswer.INVALID_AMOUNT,
                        n,
                        "IPN amount "
                            + n.amountVnd()
                            + " "
                            + n.currency()
                            + " differs from the payment's "
                            + p.amountVnd()
                            + " VND"));
              }
              boolean sameTransaction = n.transactionNo().equals(p.gatewayTransactionNo());
              if (n.success()) {
                return switch (p.status()) {
                  // The same notification again (a retry or a duplicate): the same answer, nothing
                  // credited twice.
                  case PAID ->
                      Future.succeededFuture(
                          sameTransaction
                              ? counted("duplicate", IpnAnswer.CONFIRMED)
                              : refuse(
                                  "already_settled",
                                  IpnAnswer.ALREADY_CONFIRMED,
                                  n,
                                  "success IPN for a payment paid by another transaction"));
                  case PENDING -> credit(conn, p, n);
                  // A success reported after a decline (notifications out of order) or after expiry
                  // (delayed):
                  // the bank took the money, so it is credited unless the declaration is paid
                  // already.
                  case FAILED, EXPIRED ->
                      conn.preparedQuery(PaymentSql.PAID_OF_DECLARATION)
                          .execute(Tuple.of(declarationId))
                          .compose(
                              paid ->
                                  paid.iterator().next().getLong(0) > 0
                                      ? Future.succeededFuture(
                                          refuse(
                                              "refund_due",
                                              IpnAnswer.ALREADY_CONFIRMED,
                                              n,
                                              "money taken for a declaration that is already paid: refund due"))
                                      : credit(conn, p, n));
                };
              }
              return switch (p.status()) {
                case PENDING -> decline(conn, p, n);
                case FAILED ->
                    Future.succeededFuture(
                        sameTransaction
                            ? counted("duplicate", IpnAnswer.CONFIRMED)
                            : refuse(
                                "already_settled",
                                IpnAnswer.ALREADY_CONFIRMED,
                                n,
                                "decline IPN for a payment already declined"));
                // A decline arriving after the success (out of order) never undoes a payment.
                case PAID, EXPIRED ->
                    Future.succeededFuture(
                        refuse(
                            "already_settled",
                            IpnAnswer.ALREADY_CONFIRMED,
                            n,
                            "decline IPN for a payment already " + p.status()));
              };
            });
  }

  private Future<IpnAnswer> credit(SqlConnection conn, Payment p, PaymentGateway.Notification n) {
    Instant now = clock.instant();
    Instant paidAt = n.paidAt() != null ? n.paidAt() : now.truncatedTo(ChronoUnit.SECONDS);
    String actor = "gateway:" + gateway.name();
    return conn.preparedQuery(PaymentSql.MARK_PAID)
        .execute(
            Tuple.from(
                new Object[] {
                  p.id(),
                  now.atOffset(ZoneOffset.UTC),
                  paidAt.atOffset(ZoneOffset.UTC),
                  n.transactionNo(),
                  n.bankCode(),
                  n.responseCode(),
                  p.status().name()
                }))
        .compose(
            updated ->
                updated.rowCount() == 1
                    ? Declarations.byId(conn, p.declarationId())
                    : Future.failedFuture(
                        new IllegalStateException(
                            "payment " + p.id() + " changed under its row lock")))
        .compose(
            d -> {
              boolean release = releasable(d, p);
              LocalDate dueDate =
                  d.submittedAt() == null ? null : config.dueDate().dueDate(d.submittedAt());
              boolean late = dueDate != null && config.dueDate().late(d.submittedAt(), paidAt);
              JsonObject payload = receiptPayload(d, p, n, paidAt, now);
              String jws = keys.sign(payload, RECEIPT_TYPE);
              return conn.preparedQuery(PaymentSql.INSERT_RECEIPT)
                  .execute(
                      Tuple.of(
                          p.id(), d.id(), jws, keys.currentKeyId(), now.atOffset(ZoneOffset.UTC)))
                  .compose(
                      v ->
                          lifecycle.announce(
                              conn,
                              d,
                              now,
                              actor,
                              "PAYMENT_CONFIRMED",
                              new JsonObject()
                                  .put("paymentId", p.id().toString())
                                  .put("reference", p.reference())
                                  .put("amountVnd", p.amountVnd().toPlainString())
                                  .put("transactionNo", n.transactionNo())
                                  .put("bankCode", n.bankCode())
                                  .put("paidAt", paidAt.toString())
                                  .put("dueDate", dueDate == null ? null : dueDate.toString())
                                  .put("late", late),
                              "payment.confirmed",
                              false,
                              new JsonObject()
                                  .put("paymentId", p.id().toString())
                                  .put("reference", p.reference())
                                  .put("amountVnd", p.amountVnd().toPlainString())))
                  .compose(
                      v ->
                          late
                              ? risk.recordLatePayment(
                                  conn,
                                  d.enterpriseTaxCode(),
                                  d.id(),
                                  p.id(),
                                  DutyDueDate.customsDay(paidAt),
                                  new JsonObject()
                                      .put("paymentId", p.id().toString())
                                      .put("reference", p.reference())
                                      .put("amountVnd", p.amountVnd().toPlainString())
                                      .put("registeredAt", d.submittedAt().toString())
                                      .put("dueDate", dueDate.toString())
                                      .put("paidAt", paidAt.toString()))
                              : Future.<Void>succeededFuture())
                  // Released: any other open payment of the declaration can no longer be owed. The
                  // goods are cleared at their
                  // gate by the trigger declarations_gate_feed, in this transaction (see the gates
                  // package).
                  .compose(
                      v ->
                          release
                              ? lifecycle
                                  .transition(
                                      conn,
                                      d,
                                      DeclarationStatus.RELEASED,
                                      actor,
                                      "RELEASED",
                                      new JsonObject()
                                          .put("reason", "duties paid")
                                          .put("paymentId", p.id().toString()),
                                      "declaration.released",
                                      true)
                                  .compose(
                                      x ->
                                          conn.preparedQuery(PaymentSql.SUPERSEDE_OPEN)
                                              .execute(Tuple.of(d.id(), p.id())))
                                  .<Void>mapEmpty()
                              : Future.<Void>succeededFuture())
                  .map(
                      v -> {
                        LOG.atInfo()
                            .addKeyValue("paymentId", p.id())
                            .addKeyValue("declarationId", d.id())
                            .addKeyValue("released", release)
                            .addKeyValue("late", late)
                            .log("payment confirmed");
                        return counted("confirmed", IpnAnswer.CONFIRMED);
                      });
            });
  }

  /**
   * Payment releases a declaration that awaits exactly this amount: green with duties at once,
   * yellow or red once the officer cleared it (both lead to AWAITING_PAYMENT). A declaration
   * amended to another amount while the payer was at the bank stays where it is, the payment
   * recorded.
   */
  private static boolean releasable(Declarations.Declaration d, Payment p) {
    boolean release =
        d.status() == DeclarationStatus.AWAITING_PAYMENT
            && d.totalPayableVnd() != null
            && d.totalPayableVnd().compareTo(p.amountVnd()) == 0;
    if (!release && d.status() == DeclarationStatus.AWAITING_PAYMENT) {
      LOG.atWarn()
          .addKeyValue("paymentId", p.id())
          .addKeyValue("declarationId", d.id())
          .log("paid amount differs from the amount now due (amended meanwhile): not released");
    }
    return release;
  }

  private Future<IpnAnswer> decline(SqlConnection conn, Payment p, PaymentGateway.Notification n) {
    Instant now = clock.instant();
    return conn.preparedQuery(PaymentSql.MARK_FAILED)
        .execute(
            Tuple.of(
                p.id(),
                now.atOffset(ZoneOffset.UTC),
                n.transactionNo(),
                n.bankCode(),
                n.responseCode()))
        .compose(
            v ->
                AuditLog.append(
                    conn,
                    new AuditLog.Entry(
                        now,
                        "gateway:" + gateway.name(),
                        p.declarationId(),
                        "PAYMENT_DECLINED",
                        new JsonObject()
                            .put("paymentId", p.id().toString())
                            .put("reference", p.reference())
                            .put("responseCode", n.responseCode())
                            .put("transactionNo", n.transactionNo()))))
        .map(v -> counted("declined", IpnAnswer.CONFIRMED));
  }

  /**
   * The e-receipt's content: what was assessed (every tax line, per item and in total), what was
   * paid, through whom, and when. Amounts are decimal strings of whole dong.
   */
  static JsonObject receiptPayload(
      Declarations.Declaration d,
      Payment p,
      PaymentGateway.Notification n,
      Instant paidAt,
      Instant issuedAt) {
    JsonObject assessment = d.assessment() == null ? new JsonObject() : d.assessment();
    return new JsonObject()
        .put("iss", "urn:digital-customs:receipts")
        .put("iat", issuedAt.getEpochSecond())
        .put("receiptId", p.id().toString())
        .put("declarationId", d.id().toString())
        .put("declarationNumber", d.number())
        .put("declarationVersion", d.version())
        .put("enterpriseTaxCode", d.enterpriseTaxCode())
        .put("currency", "VND")
        .put("taxLines", assessment.getJsonArray("totals", new JsonArray()))
        .put("items", assessment.getJsonArray("items", new JsonArray()))
        .put("totalVnd", p.amountVnd().toPlainString())
        .put("paymentReference", p.reference())
        .put("gateway", p.gateway())
        .put("gatewayTransactionNo", n.transactionNo())
        .put("bankCode", n.bankCode())
        .put("paidAt", paidAt.toString())
        .put("issuedAt", issuedAt.truncatedTo(ChronoUnit.MILLIS).toString());
  }

  private static IpnAnswer refuse(
      String outcome, IpnAnswer answer, PaymentGateway.Notification n, String why) {
    LOG.atWarn()
        .addKeyValue("outcome", outcome)
        .addKeyValue("reference", n.reference())
        .addKeyValue("transactionNo", n.transactionNo())
        .addKeyValue("rspCode", answer.code)
        .log(why);
    return counted(outcome, answer);
  }

  private static IpnAnswer counted(String outcome, IpnAnswer answer) {
    ipnCounter(outcome).increment();
    return answer;
  }

  private static Counter ipnCounter(String outcome) {
    return Counter.builder(IPN_METRIC)
        .description("Payment notifications (IPN) from the gateway, by what they came to")
        .tag("outcome", outcome)
        .register(Metrics.globalRegistry);
  }
}
