package vn.customs.digital.lab.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.payments.PaymentFixture.PRIORITY_ENTERPRISE;
import static vn.customs.digital.api.payments.PaymentFixture.count;
import static vn.customs.digital.api.payments.PaymentFixture.declaration;
import static vn.customs.digital.api.payments.PaymentFixture.paymentStatus;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.payments.PaymentFixture;
import vn.customs.digital.api.payments.Vnpay;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName(
    "Level-4 journey: declare, pay through the (sandbox) bank, get released and a verifiable e-receipt")
class PaymentJourneyTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @BeforeAll
  static void start() {
    TestApi.shared();
    SandboxPayments.bank();
  }

  @AfterEach
  void normalBank(Vertx vertx) {
    switches(
        vertx,
        new JsonObject()
            .put("decline", false)
            .put("ipnDelayMs", 0)
            .put("duplicateIpn", false)
            .put("outOfOrderIpn", false)
            .put("dropIpn", false));
  }

  private static WebClient bankClient(Vertx vertx) {
    return WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
  }

  private static void switches(Vertx vertx, JsonObject s) {
    var r =
        Await.result(
            bankClient(vertx)
                .put(TestApi.SANDBOX_BANK_PORT, "127.0.0.1", "/sandbox/switches")
                .sendJsonObject(s));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  private static HttpResponse<Buffer> payAtBank(Vertx vertx, String paymentUrl, String action) {
    return SandboxPayments.payAtBank(vertx, paymentUrl, action);
  }

  private static JsonArray bankTransactions(Vertx vertx, String reference) {
    JsonObject list =
        Await.result(
                bankClient(vertx)
                    .get(TestApi.SANDBOX_BANK_PORT, "127.0.0.1", "/sandbox/transactions")
                    .send())
            .bodyAsJsonObject();
    JsonArray mine = new JsonArray();
    list.getJsonArray("transactions")
        .forEach(
            t -> {
              if (reference.equals(((JsonObject) t).getString("txnRef"))) {
                mine.add(t);
              }
            });
    return mine;
  }

  /** Verifies a compact JWS knowing nothing but the JWK set published by the api. */
  private static boolean verifiesAgainstPublishedKeys(Vertx vertx, String jws)
      throws ParseException, JOSEException {
    String jwks =
        Await.result(TestApi.client(vertx).get("/api/v1/.well-known/jwks.json").send())
            .bodyAsString();
    JWKSet keys = JWKSet.parse(jwks);
    JWSObject object = JWSObject.parse(jws);
    ECKey key = (ECKey) keys.getKeyByKeyId(object.getHeader().getKeyID());
    assertThat(key).as("the receipt's kid is published").isNotNull();
    assertThat(key.isPrivate()).isFalse();
    return object.verify(new ECDSAVerifier(key.toECPublicKey()));
  }

  @Test
  @DisplayName(
      "token, signed declaration, green, payment through the sandbox bank, released, receipt verified against the published JWKS")
  void wholeJourney(Vertx vertx) throws Exception {
    // A trader's token and a signed declaration of the priority enterprise: GREEN, duties due.
    JsonObject d = PaymentFixture.greenAwaitingPayment(vertx);
    String id = d.getString("id");
    assertThat(d.getString("channel")).isEqualTo("GREEN");

    // Pay: the api gives the bank's URL; the payer pays there; the bank calls the IPN and sends the
    // browser back.
    JsonObject payment = PaymentFixture.openPayment(vertx, id);
    HttpResponse<Buffer> back = payAtBank(vertx, payment.getString("paymentUrl"), "pay");
    String location = back.getHeader("Location");
    assertThat(location)
        .startsWith("http://127.0.0.1/app/payments/return?")
        .contains("vnp_ResponseCode=00", "vnp_SecureHash=");

    JsonObject released =
        Await.until(
            "the declaration RELEASED",
            DEADLINE,
            () -> declaration(vertx, id),
            j -> "RELEASED".equals(j.getString("status")));
    assertThat(released.getString("releasedAt")).isNotNull();
    assertThat(paymentStatus(payment.getString("id"))).isEqualTo("PAID");

    // The app forwards what the browser brought back: the signature holds and the payment is PAID.
    JsonObject returned =
        Await.result(
                TestApi.client(vertx)
                    .get("/api/v1/payments/vnpay/return?" + URI.create(location).getRawQuery())
                    .send())
            .bodyAsJsonObject();
    assertThat(returned.getBoolean("signatureValid")).isTrue();
    assertThat(returned.getBoolean("success")).isTrue();
    assertThat(returned.getJsonObject("payment").getString("status")).isEqualTo("PAID");

    // The e-receipt, as application/jose, verified offline with only the published keys.
    HttpResponse<Buffer> jose = receipt(vertx, id, "application/jose");
    assertThat(jose.statusCode()).isEqualTo(200);
    assertThat(jose.getHeader("Content-Type")).isEqualTo("application/jose");
    String jws = jose.bodyAsString();
    assertThat(verifiesAgainstPublishedKeys(vertx, jws)).isTrue();
    assertThat(JWSObject.parse(jws).getHeader().getType().getType()).isEqualTo("receipt+jwt");

    JsonObject receipt = new JsonObject(JWSObject.parse(jws).getPayload().toString());
    JsonObject bank = bankTransactions(vertx, payment.getString("reference")).getJsonObject(0);
    assertThat(receipt.getString("declarationId")).isEqualTo(id);
    assertThat(receipt.getString("declarationNumber")).isEqualTo(d.getString("number"));
    assertThat(receipt.getString("totalVnd")).isEqualTo(d.getString("totalPayableVnd"));
    assertThat(receipt.getString("paymentReference")).isEqualTo(payment.getString("reference"));
    assertThat(receipt.getString("gatewayTransactionNo"))
        .isEqualTo(bank.getString("transactionNo"));
    assertThat(receipt.getString("bankCode")).isEqualTo("VCB");
    assertThat(receipt.getString("paidAt"))
        .isEqualTo(bank.getString("paidAt").replaceAll("\\.[0-9]+Z$", "Z"));
    assertThat(receipt.getString("issuedAt")).isNotNull();
    JsonArray lines = receipt.getJsonArray("taxLines");
    assertThat(lines).isNotEmpty();
    BigDecimal sum =
        lines.stream()
            .map(o -> new BigDecimal(((JsonObject) o).getString("amount")))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(sum).isEqualByComparingTo(receipt.getString("totalVnd"));
    assertThat(receipt.getJsonArray("items")).hasSize(2);

    // The readable form carries the same JWS; it is the default (no Accept, or any type first).
    for (String accept : new String[] {"application/json", "*/*", null}) {
      HttpResponse<Buffer> readable = receipt(vertx, id, accept);
      assertThat(readable.getHeader("Content-Type")).as(accept).startsWith("application/json");
      assertThat(readable.bodyAsJsonObject().getString("jws")).isEqualTo(jws);
      assertThat(readable.bodyAsJsonObject().getJsonObject("receipt")).isEqualTo(receipt);
    }
  }

  /** GET the declaration's e-receipt with this Accept header (none if null). */
  private static HttpResponse<Buffer> receipt(Vertx vertx, String id, String accept) {
    var request =
        TestApi.client(vertx)
            .get("/api/v1/declarations/" + id + "/receipt")
            .bearerTokenAuthentication(TestTokens.trader(PRIORITY_ENTERPRISE));
    if (accept != null) {
      request.putHeader("Accept", accept);
    }
    return Await.result(request.send());
  }

  @Test
  @DisplayName("a receipt altered by one byte no longer verifies against the published keys")
  void alteredReceipt(Vertx vertx) throws Exception {
    String id = PaymentFixture.greenAwaitingPayment(vertx).getString("id");
    JsonObject payment = PaymentFixture.openPayment(vertx, id);
    assertThat(
            PaymentFixture.sendIpn(vertx, PaymentFixture.successIpn(payment)).getString("RspCode"))
        .isEqualTo("00");
    String jws = receipt(vertx, id, "application/jose").bodyAsString();
    assertThat(verifiesAgainstPublishedKeys(vertx, jws)).isTrue();

    String[] parts = jws.split("\\.");
    byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
    int at =
        new String(payload, StandardCharsets.UTF_8).indexOf("\"totalVnd\":\"")
            + "\"totalVnd\":\"".length();
    payload[at] =
        (byte) (payload[at] == '9' ? '1' : payload[at] + 1); // one digit of the total, one byte
    String altered =
        parts[0]
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(payload)
            + "."
            + parts[2];
    assertThat(altered).isNotEqualTo(jws);
    assertThat(verifiesAgainstPublishedKeys(vertx, altered)).isFalse();
  }

  @Test
  @DisplayName(
      "a declined payment at the bank leaves the declaration awaiting payment, and a new payment can replace it")
  void declined(Vertx vertx) {
    String id = PaymentFixture.greenAwaitingPayment(vertx).getString("id");
    switches(vertx, new JsonObject().put("decline", true));
    JsonObject first = PaymentFixture.openPayment(vertx, id);
    String location = payAtBank(vertx, first.getString("paymentUrl"), "pay").getHeader("Location");
    assertThat(location).contains("vnp_ResponseCode=51");
    Await.until(
        "the declined payment FAILED",
        DEADLINE,
        () -> paymentStatus(first.getString("id")),
        "FAILED"::equals);
    assertThat(declaration(vertx, id).getString("status")).isEqualTo("AWAITING_PAYMENT");

    switches(vertx, new JsonObject().put("decline", false));
    JsonObject second = PaymentFixture.openPayment(vertx, id);
    payAtBank(vertx, second.getString("paymentUrl"), "pay");
    Await.until(
        "the declaration RELEASED by the second payment",
        DEADLINE,
        () -> declaration(vertx, id).getString("status"),
        "RELEASED"::equals);
    assertThat(paymentStatus(second.getString("id"))).isEqualTo("PAID");
  }

  @Test
  @DisplayName("the bank's duplicate IPNs, sent at once, are both answered 00 and credit once")
  void duplicateIpnsFromBank(Vertx vertx) {
    String id = PaymentFixture.greenAwaitingPayment(vertx).getString("id");
    switches(vertx, new JsonObject().put("duplicateIpn", true));
    JsonObject payment = PaymentFixture.openPayment(vertx, id);
    payAtBank(vertx, payment.getString("paymentUrl"), "pay");
    JsonArray answers =
        Await.until(
            "both IPNs answered",
            DEADLINE,
            () ->
                bankTransactions(vertx, payment.getString("reference"))
                    .getJsonObject(0)
                    .getJsonArray("ipnAnswers"),
            a -> a.size() >= 2);
    assertThat(answers.stream().map(a -> ((JsonObject) a).getString("rspCode")).toList())
        .containsExactly("00", "00");
    assertThat(
            count(
                "select count(*) from receipts where payment_id = $1",
                UUID.fromString(payment.getString("id"))))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_log where declaration_id = $1 and action = 'RELEASED'",
                UUID.fromString(id)))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "IPNs out of order (a stale decline after the success) leave the payment PAID; the stale one is answered 02")
  void outOfOrderIpnsFromBank(Vertx vertx) {
    String id = PaymentFixture.greenAwaitingPayment(vertx).getString("id");
    switches(vertx, new JsonObject().put("outOfOrderIpn", true));
    JsonObject payment = PaymentFixture.openPayment(vertx, id);
    payAtBank(vertx, payment.getString("paymentUrl"), "pay");
    JsonArray txns =
        Await.until(
            "both transactions' IPNs answered",
            DEADLINE,
            () -> bankTransactions(vertx, payment.getString("reference")),
            t ->
                t.size() == 2
                    && t.stream()
                        .allMatch(x -> !((JsonObject) x).getJsonArray("ipnAnswers").isEmpty()));
    for (Object o : txns) {
      JsonObject t = (JsonObject) o;
      String expected = "SUCCESS".equals(t.getString("status")) ? "00" : "02";
      assertThat(t.getJsonArray("ipnAnswers").getJsonObject(0).getString("rspCode"))
          .as(t.encode())
          .isEqualTo(expected);
    }
    assertThat(paymentStatus(payment.getString("id"))).isEqualTo("PAID");
    assertThat(declaration(vertx, id).getString("status")).isEqualTo("RELEASED");
  }

  @Test
  @DisplayName(
      "a delayed IPN: the browser is back before the money is confirmed, and the release follows when the IPN lands")
  void delayedIpn(Vertx vertx) {
    String id = PaymentFixture.greenAwaitingPayment(vertx).getString("id");
    switches(vertx, new JsonObject().put("ipnDelayMs", 1500));
    JsonObject payment = PaymentFixture.openPayment(vertx, id);
    String location =
        payAtBank(vertx, payment.getString("paymentUrl"), "pay").getHeader("Location");
    JsonObject returned =
        Await.result(
                TestApi.client(vertx)
                    .get("/api/v1/payments/vnpay/return?" + URI.create(location).getRawQuery())
                    .send())
            .bodyAsJsonObject();
    // The return says success, but only the IPN settles: the payment is still PENDING here.
    assertThat(returned.getBoolean("success")).isTrue();
    assertThat(returned.getJsonObject("payment").getString("status")).isEqualTo("PENDING");
    Await.until(
        "the declaration RELEASED once the IPN lands",
        DEADLINE,
        () -> declaration(vertx, id).getString("status"),
        "RELEASED"::equals);
  }

  @Test
  @DisplayName(
      "reconciliation lists an IPN that never arrived (paid at the bank, pending here) and exits 1; once the IPN lands the order is no longer listed")
  void reconciliation(Vertx vertx) throws Exception {
    String id = PaymentFixture.greenAwaitingPayment(vertx).getString("id");
    switches(vertx, new JsonObject().put("dropIpn", true));
    JsonObject payment = PaymentFixture.openPayment(vertx, id);
    payAtBank(vertx, payment.getString("paymentUrl"), "pay");
    String today = LocalDate.now(Vnpay.ZONE).toString();
    Reconcile lost = reconcile(today);
    assertThat(lost.exit()).as(lost.output()).isEqualTo(1);
    assertThat(lost.output()).contains(payment.getString("reference")).contains("status differs");

    // The bank's IPN finally lands (as VNPAY's retries would deliver it): the day reconciles.
    JsonObject bankTxn = bankTransactions(vertx, payment.getString("reference")).getJsonObject(0);
    var ipn =
        PaymentFixture.ipn(
            payment,
            new BigDecimal(payment.getString("amountVnd")),
            "00",
            bankTxn.getString("transactionNo"));
    ipn.put("vnp_PayDate", bankTxn.getString("payDate"));
    ipn.put("vnp_BankCode", bankTxn.getString("bankCode"));
    assertThat(PaymentFixture.sendIpn(vertx, ipn).getString("RspCode")).isEqualTo("00");
    Reconcile after = reconcile(today);
    assertThat(after.output()).doesNotContain(payment.getString("reference"));
  }

  private record Reconcile(int exit, String output) {}

  private static Reconcile reconcile(String date) throws Exception {
    java.nio.file.Path script =
        java.nio.file.Path.of("../ops/payments").toAbsolutePath().normalize();
    var db = vn.customs.digital.testing.TestDatabase.shared();
    ProcessBuilder pb =
        new ProcessBuilder("bash", script.toString(), "reconcile", "--date", date)
            .redirectErrorStream(true);
    pb.environment().put("PGHOST", db.host);
    pb.environment().put("PGPORT", String.valueOf(db.port));
    pb.environment().put("PGUSER", db.user);
    pb.environment().put("PGPASSWORD", db.password);
    pb.environment().put("PGDATABASE", db.database);
    pb.environment().put("SANDBOX_BANK_URL", "http://127.0.0.1:" + TestApi.SANDBOX_BANK_PORT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(done).as("ops/payments reconcile finished").isTrue();
    return new Reconcile(p.exitValue(), out);
  }
}
