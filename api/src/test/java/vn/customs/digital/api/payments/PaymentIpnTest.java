package vn.customs.digital.api.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.payments.PaymentFixture.PRIORITY_ENTERPRISE;
import static vn.customs.digital.api.payments.PaymentFixture.count;
import static vn.customs.digital.api.payments.PaymentFixture.createPayment;
import static vn.customs.digital.api.payments.PaymentFixture.declaration;
import static vn.customs.digital.api.payments.PaymentFixture.greenAwaitingPayment;
import static vn.customs.digital.api.payments.PaymentFixture.ipn;
import static vn.customs.digital.api.payments.PaymentFixture.openPayment;
import static vn.customs.digital.api.payments.PaymentFixture.paymentStatus;
import static vn.customs.digital.api.payments.PaymentFixture.sendIpn;
import static vn.customs.digital.api.payments.PaymentFixture.successIpn;

import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Paying duties: opening payments and settling them from VNPAY's IPN")
class PaymentIpnTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static double counter(String outcome) {
    return Metrics.globalRegistry.counter(PaymentService.IPN_METRIC, "outcome", outcome).count();
  }

  private static long credits(String paymentId) {
    return count("select count(*) from receipts where payment_id = $1", UUID.fromString(paymentId));
  }

  private static long audits(String declarationId, String action) {
    return count(
        "select count(*) from audit_log where declaration_id = $1 and action = $2",
        UUID.fromString(declarationId),
        action);
  }

  @Test
  @DisplayName(
      "a green declaration with duties gets a payment for its whole amount in VND, with the gateway URL and a 15-minute expiry")
  void opensPayment(Vertx vertx) {
    JsonObject d = greenAwaitingPayment(vertx);
    HttpResponse<Buffer> r = createPayment(vertx, PRIORITY_ENTERPRISE, d.getString("id"), null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject p = r.bodyAsJsonObject();
    assertThat(r.getHeader("Location"))
        .isEqualTo("/api/v1/declarations/" + d.getString("id") + "/payments/" + p.getString("id"));
    assertThat(p.getString("status")).isEqualTo("PENDING");
    assertThat(p.getString("currency")).isEqualTo("VND");
    assertThat(p.getString("amountVnd")).isEqualTo(d.getString("totalPayableVnd"));
    assertThat(
            Duration.between(
                Instant.parse(p.getString("createdAt")), Instant.parse(p.getString("expiresAt"))))
        .isEqualTo(Duration.ofMinutes(15));
    String url = p.getString("paymentUrl");
    assertThat(url)
        .startsWith("http://127.0.0.1:" + TestApi.SANDBOX_BANK_PORT + "/paymentv2/vpcpay.html?")
        .contains(
            "vnp_Amount="
                + new BigDecimal(d.getString("totalPayableVnd")).movePointRight(2).toPlainString())
        .contains("vnp_TxnRef=" + p.getString("reference"))
        .contains(
            "vnp_Version=2.1.0",
            "vnp_Command=pay",
            "vnp_TmnCode=DCTEST01",
            "vnp_CurrCode=VND",
            "vnp_SecureHash=");
    var fetched = PaymentFixture.get(vertx, PRIORITY_ENTERPRISE, r.getHeader("Location"));
    assertThat(fetched.bodyAsJsonObject().getString("reference"))
        .isEqualTo(p.getString("reference"));
  }

  @Test
  @DisplayName(
      "one open payment at a time: a second one is a 409, while a retry with the same Idempotency-Key replays the first")
  void oneOpenPayment(Vertx vertx) {
    String id = greenAwaitingPayment(vertx).getString("id");
    String key = "pay-" + UUID.randomUUID();
    var first = createPayment(vertx, PRIORITY_ENTERPRISE, id, key);
    var retry = createPayment(vertx, PRIORITY_ENTERPRISE, id, key);
    var second = createPayment(vertx, PRIORITY_ENTERPRISE, id, null);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.bodyAsJsonObject().getString("id"))
        .isEqualTo(first.bodyAsJsonObject().getString("id"));
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(second.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:payment-open");
    assertThat(
            count("select count(*) from payments where declaration_id = $1", UUID.fromString(id)))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("another enterprise cannot open a payment on a declaration it cannot see")
  void crossTenant(Vertx vertx) {
    String id = greenAwaitingPayment(vertx).getString("id");
    var r = createPayment(vertx, "0101234567", id, null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(
            count("select count(*) from payments where declaration_id = $1", UUID.fromString(id)))
        .isZero();
  }

  @Test
  @DisplayName(
      "a confirmed IPN pays, releases the green declaration and issues one receipt, in one transaction with audit and outbox")
  void confirmReleases(Vertx vertx) {
    JsonObject d = greenAwaitingPayment(vertx);
    JsonObject p = openPayment(vertx, d.getString("id"));
    long before = count("select count(*) from outbox where declaration_id = $1", d.getString("id"));
    JsonObject answer = sendIpn(vertx, successIpn(p));
    assertThat(answer)
        .isEqualTo(new JsonObject().put("RspCode", "00").put("Message", "Confirm Success"));
    assertThat(paymentStatus(p.getString("id"))).isEqualTo("PAID");
    JsonObject after = declaration(vertx, d.getString("id"));
    assertThat(after.getString("status")).isEqualTo("RELEASED");
    assertThat(after.getString("releasedAt")).isNotNull();
    assertThat(credits(p.getString("id"))).isEqualTo(1);
    assertThat(audits(d.getString("id"), "PAYMENT_CONFIRMED")).isEqualTo(1);
    assertThat(audits(d.getString("id"), "RELEASED")).isEqualTo(1);
    assertThat(count("select count(*) from outbox where declaration_id = $1", d.getString("id")))
        .isEqualTo(before + 2);
    assertThat(
            count(
                "select count(*) from outbox where declaration_id = $1 and event_type = 'payment.confirmed'",
                d.getString("id")))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from outbox where declaration_id = $1 and event_type = 'declaration.released'",
                d.getString("id")))
        .isEqualTo(1);

    // Paid and released: nothing more to pay.
    var again = createPayment(vertx, PRIORITY_ENTERPRISE, d.getString("id"), null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:not-awaiting-payment");
  }

  @Test
  @DisplayName("a duplicate IPN gets the same answer and credits nothing twice")
  void duplicate(Vertx vertx) {
    JsonObject d = greenAwaitingPayment(vertx);
    JsonObject p = openPayment(vertx, d.getString("id"));
    Map<String, String> ipn = successIpn(p);
    double duplicates = counter("duplicate");
    JsonObject first = sendIpn(vertx, ipn);
    JsonObject second = sendIpn(vertx, ipn);
    assertThat(first.getString("RspCode")).isEqualTo("00");
    assertThat(second).isEqualTo(first);
    assertThat(credits(p.getString("id"))).isEqualTo(1);
    assertThat(audits(d.getString("id"), "PAYMENT_CONFIRMED")).isEqualTo(1);
    assertThat(counter("duplicate")).isEqualTo(duplicates + 1);
  }

  @Test
  @DisplayName("two IPNs for the same payment at the same moment credit it once")
  void concurrent(Vertx vertx) {
    JsonObject d = greenAwaitingPayment(vertx);
    JsonObject p = openPayment(vertx, d.getString("id"));
    Map<String, String> ipn = successIpn(p);
    var client = TestApi.client(vertx);
    String uri = "/api/v1/payments/vnpay/ipn?" + Vnpay.signedQuery(PaymentFixture.SECRET, ipn);
    var a = client.get(uri).send();
    var b = client.get(uri).send();
    Await.result(Future.all(a, b));
    assertThat(a.result().bodyAsJsonObject().getString("RspCode")).isEqualTo("00");
    assertThat(b.result().bodyAsJsonObject().getString("RspCode")).isEqualTo("00");
    assertThat(credits(p.getString("id"))).isEqualTo(1);
    assertThat(audits(d.getString("id"), "PAYMENT_CONFIRMED")).isEqualTo(1);
    assertThat(audits(d.getString("id"), "RELEASED")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a stale decline arriving after the success is answered 02 and never undoes the payment")
  void declineAfterSuccess(Vertx vertx) {
    JsonObject d = greenAwaitingPayment(vertx);
    JsonObject p = openPayment(vertx, d.getString("id"));
    BigDecimal amount = new BigDecimal(p.getString("amountVnd"));
    Map<String, String> staleDecline = ipn(p, amount, "51", PaymentFixture.nextTransactionNo());
    assertThat(sendIpn(vertx, successIpn(p)).getString("RspCode")).isEqualTo("00");
    JsonObject late = sendIpn(vertx, staleDecline);
    assertThat(late)
        .isEqualTo(new JsonObject().put("RspCode", "02").put("Message", "Order already confirmed"));
    assertThat(paymentStatus(p.getString("id"))).isEqualTo("PAID");
    assertThat(declaration(vertx, d.getString("id")).getString("status")).isEqualTo("RELEASED");
  }

  @Test
  @DisplayName(
      "a success arriving after a decline of the same order (out of order) is credited: the bank took the money")
  void successAfterDecline(Vertx vertx) {
    JsonObject d = greenAwaitingPayment(vertx);
    JsonObject p = openPayment(vertx, d.getString("id"));
    BigDecimal amount = new BigDecimal(p.getString("amountVnd"));
    assertThat(
            sendIpn(vertx, ipn(p, amount, "24", PaymentFixture.nextTransactionNo()))
                .getString("RspCode"))
        .isEqualTo("00");
    assertThat(paymentStatus(p.getString("id"))).isEqualTo("FAILED");
    assertThat(sendIpn(vertx, successIpn(p)).getString("RspCode")).isEqualTo("00");
    assertThat(paymentStatus(p.getString("id"))).isEqualTo("PAID");
    assertThat(declaration(vertx, d.getString("id")).getString("status")).isEqualTo("RELEASED");
    assertThat(credits(p.getString("id"))).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a forged IPN (signed with another secret) is answered 97, changes nothing, and is counted")
  void forged(Vertx vertx) {
    JsonObject d = greenAwaitingPayment(vertx);
    JsonObject p = openPayment(vertx, d.getString("id"));
    double forged = counter("forged");
    JsonObject answer = sendIpn(vertx, successIpn(p), "FORGEDSECRETFORVNPAYHMACSHA512XX");
    assertThat(answer)
        .isEqualTo(new JsonObject().put("RspCode", "97").put("Message", "Invalid signature"));
    assertThat(paymentStatus(p.getString("id"))).isEqualTo("PENDING");
    assertThat(declaration(vertx, d.getString("id")).getString("status"))
        .isEqualTo("AWAITING_PAYMENT");
    assertThat(credits(p.getString("id"))).isZero();
    assertThat(counter("forged")).isEqualTo(forged + 1);

    // A genuine IPN whose parameters were altered in transit fails the same way.
    String query =
        Vnpay.signedQuery(PaymentFixture.SECRET, successIpn(p))
            .replace("vnp_ResponseCode=00", "vnp_ResponseCode=00&vnp_Extra=1")
            .replace("vnp_BankCode=NCB", "vnp_BankCode=VCB");
    var altered =
        Await.result(TestApi.client(vertx).get("/api/v1/payments/vnpay/ipn?" + query).send());
    assertThat(altered.bodyAsJsonObject().getString("RspCode")).isEqualTo("97");
    assertThat(paymentStatus(p.getString("id"))).isEqualTo("PENDING");
  }

  @Test
  @DisplayName(
      "an IPN for another amount or currency is answered 04, changes nothing, and is counted")
  void wrongAmount(Vertx vertx) {
    JsonObject d = greenAwaitingPayment(vertx);
    JsonObject p = openPayment(vertx, d.getString("id"));
    BigDecimal amount = new BigDecimal(p.getString("amountVnd"));
    double wrong = counter("wrong_amount");
    JsonObject less =
        sendIpn(
            vertx,
            ipn(p, amount.subtract(BigDecimal.ONE), "00", PaymentFixture.nextTransactionNo()));
    Map<String, String> usd = successIpn(p);
    usd.put("vnp_CurrCode", "USD");
    JsonObject otherCurrency = sendIpn(vertx, usd);
    assertThat(less)
        .isEqualTo(new JsonObject().put("RspCode", "04").put("Message", "Invalid amount"));
    assertThat(otherCurrency.getString("RspCode")).isEqualTo("04");
    assertThat(paymentStatus(p.getString("id"))).isEqualTo("PENDING");
    assertThat(credits(p.getString("id"))).isZero();
    assertThat(counter("wrong_amount")).isEqualTo(wrong + 2);
  }

  @Test
  @DisplayName("an IPN for an order that does not exist is answered 01")
  void unknownOrder(Vertx vertx) {
    JsonObject ghost =
        new JsonObject().put("reference", UUID.randomUUID().toString().replace("-", ""));
    JsonObject answer =
        sendIpn(
            vertx, ipn(ghost, new BigDecimal("1000000"), "00", PaymentFixture.nextTransactionNo()));
    assertThat(answer)
        .isEqualTo(new JsonObject().put("RspCode", "01").put("Message", "Order not found"));
  }

  @Test
  @DisplayName("an unpaid payment expires; the expired one can then be replaced by a new one")
  void expiryAndReplacement(Vertx vertx) {
    String id = greenAwaitingPayment(vertx).getString("id");
    JsonObject first = openPayment(vertx, id);
    assertThat(createPayment(vertx, PRIORITY_ENTERPRISE, id, null).statusCode()).isEqualTo(409);
    // Time passes: the payment's expiry is now behind us.
    Await.result(
        TestApi.shared()
            .pool()
            .preparedQuery(
                "update payments set expires_at = now() - interval '1 second', created_at = created_at - interval '15 minutes' where id = $1")
            .execute(Tuple.of(UUID.fromString(first.getString("id")))));
    JsonObject second = openPayment(vertx, id);
    assertThat(second.getString("id")).isNotEqualTo(first.getString("id"));
    assertThat(paymentStatus(first.getString("id"))).isEqualTo("EXPIRED");
    assertThat(paymentStatus(second.getString("id"))).isEqualTo("PENDING");
    var list =
        PaymentFixture.get(vertx, PRIORITY_ENTERPRISE, "/api/v1/declarations/" + id + "/payments")
            .bodyAsJsonObject();
    assertThat(list.getJsonArray("items")).hasSize(2);
    assertThat(list.getJsonArray("items").getJsonObject(1).getString("paymentUrl")).isNull();
  }

  @Test
  @DisplayName(
      "an open payment for an amount no longer due (amended meanwhile) is superseded, and its late success does not release")
  void amendedAmount(Vertx vertx) {
    String id = greenAwaitingPayment(vertx).getString("id");
    JsonObject old = openPayment(vertx, id);
    // The amount due changes, as a re-assessed amendment leaves it.
    Await.result(
        TestApi.shared()
            .pool()
            .preparedQuery(
                "update declarations set total_payable_vnd = total_payable_vnd + 1000 where id = $1")
            .execute(Tuple.of(UUID.fromString(id))));
    JsonObject current = openPayment(vertx, id);
    assertThat(new BigDecimal(current.getString("amountVnd")))
        .isEqualByComparingTo(new BigDecimal(old.getString("amountVnd")).add(new BigDecimal(1000)));
    assertThat(paymentStatus(old.getString("id"))).isEqualTo("EXPIRED");

    // The bank had already taken the old amount: recorded, but the declaration still awaits what it
    // owes.
    assertThat(sendIpn(vertx, successIpn(old)).getString("RspCode")).isEqualTo("00");
    assertThat(paymentStatus(old.getString("id"))).isEqualTo("PAID");
    assertThat(declaration(vertx, id).getString("status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(paymentStatus(current.getString("id"))).isEqualTo("PENDING");

    assertThat(sendIpn(vertx, successIpn(current)).getString("RspCode")).isEqualTo("00");
    assertThat(declaration(vertx, id).getString("status")).isEqualTo("RELEASED");
  }

  @Test
  @DisplayName("the periodic sweep expires every overdue unpaid payment")
  void sweep(Vertx vertx) {
    String id = greenAwaitingPayment(vertx).getString("id");
    JsonObject p = openPayment(vertx, id);
    Await.result(
        TestApi.shared()
            .pool()
            .preparedQuery(
                "update payments set expires_at = now() - interval '1 second' where id = $1")
            .execute(Tuple.of(UUID.fromString(p.getString("id")))));
    PaymentService service =
        new PaymentService(
            TestApi.shared().pool(),
            java.time.Clock.systemUTC(),
            null,
            PaymentsConfig.fromEnv(Map.of()),
            null,
            null,
            null,
            null);
    assertThat(Await.result(service.expireOverdue())).isGreaterThanOrEqualTo(1);
    assertThat(paymentStatus(p.getString("id"))).isEqualTo("EXPIRED");
  }

  @Test
  @DisplayName(
      "a declaration under document check cannot be paid; once the officer clears it, payment releases it")
  void yellowAfterClearance(Vertx vertx) {
    String id = greenAwaitingPayment(vertx).getString("id");
    UUID uuid = UUID.fromString(id);
    // A yellow-channel declaration, as risk selection leaves one with duties.
    Await.result(
        TestApi.shared()
            .pool()
            .preparedQuery(
                "update declarations set channel = 'YELLOW', status = 'DOCUMENT_CHECK' where id = $1")
            .execute(Tuple.of(uuid)));
    var refused = createPayment(vertx, PRIORITY_ENTERPRISE, id, null);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:not-awaiting-payment");
    assertThat(count("select count(*) from payments where declaration_id = $1", uuid)).isZero();

    // The officer's clearance, as the officer workflow records it: cleared, duties still due.
    Await.result(
        TestApi.shared()
            .pool()
            .preparedQuery(
                "update declarations set inspection_cleared = true, status = 'AWAITING_PAYMENT' where id = $1")
            .execute(Tuple.of(uuid)));
    JsonObject p = openPayment(vertx, id);
    assertThat(sendIpn(vertx, successIpn(p)).getString("RspCode")).isEqualTo("00");
    JsonObject after = declaration(vertx, id);
    assertThat(after.getString("status")).isEqualTo("RELEASED");
    assertThat(after.getString("channel")).isEqualTo("YELLOW");
  }

  @Test
  @DisplayName("a draft, not awaiting payment, cannot be paid")
  void draftCannotBePaid(Vertx vertx) {
    var draft =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations")
                .bearerTokenAuthentication(PaymentFixture.token(PRIORITY_ENTERPRISE))
                .sendJsonObject(PaymentFixture.referenceFor(PRIORITY_ENTERPRISE)));
    assertThat(draft.statusCode()).as(draft.bodyAsString()).isEqualTo(201);
    var r =
        createPayment(vertx, PRIORITY_ENTERPRISE, draft.bodyAsJsonObject().getString("id"), null);
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("DRAFT");
  }
}
