package vn.customs.digital.api.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.PhoneKeys;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.ReferenceDeclaration;

/**
 * What payments tests share: a trader of the priority enterprise 0301234567 with a registered
 * signing key, declarations that await payment, hand-signed IPNs.
 */
public final class PaymentFixture {
  /** As in TestApi's environment. */
  public static final String TMN_CODE = "DCTEST01";

  public static final String SECRET = "TESTSECRETFORVNPAYHMACSHA512KEYS";

  /**
   * A priority (AEO) enterprise in the seed data: the default ruleset routes it GREEN unless the
   * random draw picks it.
   */
  public static final String PRIORITY_ENTERPRISE = "0301234567";

  private static long transactionNo = 80_000_000L;

  private PaymentFixture() {}

  public static String token(String taxCode) {
    return TestTokens.trader(taxCode);
  }

  /** The enterprise's phone key, registered with the api on first use. */
  public static ECKey key(Vertx vertx, String taxCode) {
    return PhoneKeys.shared(vertx, taxCode);
  }

  public static String sign(ECKey key, String payload) {
    return PhoneKeys.sign(key, payload);
  }

  public static JsonObject referenceFor(String taxCode) {
    return new JsonObject(ReferenceDeclaration.payload()).put("declarantTaxCode", taxCode);
  }

  /** Submits the signed reference declaration for the enterprise; the api's answer. */
  static JsonObject submit(Vertx vertx, String taxCode) {
    return submit(vertx, taxCode, new JsonObject());
  }

  /** Submits the signed reference declaration with some fields replaced; the api's answer. */
  public static JsonObject submit(Vertx vertx, String taxCode, JsonObject changes) {
    String jws = sign(key(vertx, taxCode), referenceFor(taxCode).mergeIn(changes).encode());
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations")
                .bearerTokenAuthentication(token(taxCode))
                .putHeader("Content-Type", "application/jose")
                .sendBuffer(Buffer.buffer(jws)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  /**
   * A GREEN declaration of the priority enterprise, AWAITING_PAYMENT. The AEO rule makes it green
   * whatever its score; only the random draw (1.75% for AEO enterprises under the default ruleset,
   * keyed on the declaration number) can pick it, so a picked one is replaced by the next
   * submission, whose number, hence draw, differs. Five picks in a row would be a real fault.
   */
  public static JsonObject greenAwaitingPayment(Vertx vertx) {
    return greenAwaitingPayment(vertx, new JsonObject());
  }

  /**
   * As {@link #greenAwaitingPayment(Vertx)}, with some fields of the reference declaration
   * replaced.
   */
  public static JsonObject greenAwaitingPayment(Vertx vertx, JsonObject changes) {
    for (int attempt = 0; attempt < 5; attempt++) {
      JsonObject d = submit(vertx, PRIORITY_ENTERPRISE, changes);
      if ("GREEN".equals(d.getString("channel"))) {
        assertThat(d.getString("status")).isEqualTo("AWAITING_PAYMENT");
        assertThat(new BigDecimal(d.getString("totalPayableVnd"))).isPositive();
        return d;
      }
    }
    throw new AssertionError("five submissions of the priority enterprise in a row were not GREEN");
  }

  static HttpResponse<Buffer> createPayment(
      Vertx vertx, String taxCode, String declarationId, String idempotencyKey) {
    var req =
        TestApi.client(vertx)
            .post("/api/v1/declarations/" + declarationId + "/payments")
            .bearerTokenAuthentication(token(taxCode));
    if (idempotencyKey != null) {
      req.putHeader("Idempotency-Key", idempotencyKey);
    }
    return Await.result(req.send());
  }

  public static JsonObject openPayment(Vertx vertx, String declarationId) {
    HttpResponse<Buffer> r = createPayment(vertx, PRIORITY_ENTERPRISE, declarationId, null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  public static HttpResponse<Buffer> get(Vertx vertx, String taxCode, String uri) {
    return Await.result(
        TestApi.client(vertx).get(uri).bearerTokenAuthentication(token(taxCode)).send());
  }

  public static JsonObject declaration(Vertx vertx, String id) {
    return get(vertx, PRIORITY_ENTERPRISE, "/api/v1/declarations/" + id).bodyAsJsonObject();
  }

  /**
   * The IPN VNPAY sends for a transaction of this payment, with the given amount in dong and
   * response code.
   */
  public static Map<String, String> ipn(
      JsonObject payment, BigDecimal amountVnd, String responseCode, String transactionNo) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("vnp_Amount", amountVnd.movePointRight(2).toPlainString());
    p.put("vnp_BankCode", "NCB");
    p.put("vnp_BankTranNo", "VNP" + transactionNo);
    p.put("vnp_CardType", "ATM");
    p.put("vnp_OrderInfo", "Nop thue to khai hai quan");
    p.put("vnp_PayDate", Vnpay.time(Instant.now()));
    p.put("vnp_ResponseCode", responseCode);
    p.put("vnp_TmnCode", TMN_CODE);
    p.put("vnp_TransactionNo", transactionNo);
    p.put("vnp_TransactionStatus", "00".equals(responseCode) ? "00" : "02");
    p.put("vnp_TxnRef", payment.getString("reference"));
    return p;
  }

  public static Map<String, String> successIpn(JsonObject payment) {
    return ipn(payment, new BigDecimal(payment.getString("amountVnd")), "00", nextTransactionNo());
  }

  static synchronized String nextTransactionNo() {
    return String.valueOf(++transactionNo);
  }

  /** Sends an IPN signed with {@code secret}; the api's JSON answer. */
  static JsonObject sendIpn(Vertx vertx, Map<String, String> params, String secret) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .get("/api/v1/payments/vnpay/ipn?" + Vnpay.signedQuery(secret, params))
                .send());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  public static JsonObject sendIpn(Vertx vertx, Map<String, String> params) {
    return sendIpn(vertx, params, SECRET);
  }

  public static long count(String sql, Object... args) {
    return Await.result(TestApi.shared().pool().preparedQuery(sql).execute(Tuple.from(args)))
        .iterator()
        .next()
        .getLong(0);
  }

  public static String paymentStatus(String paymentId) {
    return Await.result(
            TestApi.shared()
                .pool()
                .preparedQuery("select status from payments where id = $1")
                .execute(Tuple.of(UUID.fromString(paymentId))))
        .iterator()
        .next()
        .getString(0);
  }
}
