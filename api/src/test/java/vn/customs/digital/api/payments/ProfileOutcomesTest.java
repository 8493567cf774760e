package vn.customs.digital.api.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.payments.PaymentFixture.PRIORITY_ENTERPRISE;
import static vn.customs.digital.api.payments.PaymentFixture.declaration;
import static vn.customs.digital.api.payments.PaymentFixture.greenAwaitingPayment;
import static vn.customs.digital.api.payments.PaymentFixture.openPayment;
import static vn.customs.digital.api.payments.PaymentFixture.sendIpn;
import static vn.customs.digital.api.payments.PaymentFixture.submit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;

/**
 * Amendments after release and late payments, recorded as they happen and read into the trader
 * profile of the next decision (the profile stored with that decision is the one it used). The
 * priority enterprise's profile is cached by its first submission in each test, so a count that
 * shows up in the next one also proves the cache was invalidated.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Outcomes that feed the trader profile: amendments after release and late payments")
class ProfileOutcomesTest {
  private static final String AMENDMENTS = "amendmentsAfterReleaseLast12Months";
  private static final String LATE_PAYMENTS = "latePaymentsLast12Months";

  @BeforeAll
  static void start() {
    TestApi.shared();
  }

  @Test
  @DisplayName(
      "an amendment after release keeps the status and channel, and counts in the profile of the trader's next decision")
  void amendmentAfterReleaseCounts(Vertx vertx) {
    JsonObject released = released(vertx);

    Counted amendment = amendAndCount(vertx, released);

    assertThat(amendment.response().statusCode())
        .as(amendment.response().bodyAsString())
        .isEqualTo(200);
    JsonObject amended = amendment.response().bodyAsJsonObject();
    assertThat(amended.getString("status")).isEqualTo("RELEASED");
    assertThat(amended.getString("channel")).isEqualTo(released.getString("channel"));
    assertThat(amended.getInteger("version")).isEqualTo(released.getInteger("version") + 1);
    assertThat(new BigDecimal(amended.getString("totalPayableVnd")))
        .isGreaterThan(new BigDecimal(released.getString("totalPayableVnd")));
    assertThat(amendment.after()).isEqualTo(amendment.before() + 1);
  }

  @Test
  @DisplayName("an amendment before release is no amendment after release: the count stays")
  void amendmentBeforeReleaseDoesNotCount(Vertx vertx) {
    Counted amendment = amendAndCount(vertx, greenAwaitingPayment(vertx));

    assertThat(amendment.response().statusCode())
        .as(amendment.response().bodyAsString())
        .isEqualTo(200);
    assertThat(amendment.after()).isEqualTo(amendment.before());
  }

  @Test
  @DisplayName(
      "an amendment after release is refused once 60 days have passed, and when it moves the goods to another gate")
  void amendmentAfterReleaseLimits(Vertx vertx) {
    JsonObject released = released(vertx);
    String id = released.getString("id");

    HttpResponse<Buffer> otherGate =
        amend(vertx, id, correctedInvoice().put("borderGateCode", "VNCLP"));
    sql(
        "update declarations set released_at = released_at - interval '61 days' where id = $1",
        UUID.fromString(id));
    HttpResponse<Buffer> late = amend(vertx, id, correctedInvoice());

    assertThat(otherGate.statusCode()).as(otherGate.bodyAsString()).isEqualTo(422);
    assertThat(otherGate.getHeader("Content-Type")).startsWith("application/problem+json");
    JsonObject error = otherGate.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("pointer")).isEqualTo("/borderGateCode");
    assertThat(error.getString("detail")).startsWith("cannot change after release");
    assertThat(late.statusCode()).as(late.bodyAsString()).isEqualTo(409);
    assertThat(late.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:amendment-period-over");
    assertThat(declaration(vertx, id).getInteger("version"))
        .isEqualTo(released.getInteger("version"));
  }

  @Test
  @DisplayName(
      "a payment the bank made the day after the due date counts as late in the profile of the trader's next decision")
  void latePaymentCounts(Vertx vertx) {
    JsonObject first = greenAwaitingPayment(vertx);
    JsonObject profile = profileOf(vertx, first);
    Instant paidAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    // Registered 31 days before the bank paid: the duties (due within 30 days) were a day late.
    payAfterRegistration(vertx, first, paidAt, Duration.ofDays(31));

    JsonObject next = decisionOf(vertx, submit(vertx, PRIORITY_ENTERPRISE));
    assertThat(next.getJsonObject("profile").getInteger(LATE_PAYMENTS))
        .isEqualTo(profile.getInteger(LATE_PAYMENTS) + 1);
    assertThat(
            next.getJsonObject("decision").getJsonArray("contributions").stream()
                .map(c -> ((JsonObject) c).getString("indicatorId")))
        .contains("late-payment");
  }

  @Test
  @DisplayName("a payment the bank made on the due date itself is on time: the count stays")
  void timelyPaymentDoesNotCount(Vertx vertx) {
    JsonObject first = greenAwaitingPayment(vertx);
    int before = profileOf(vertx, first).getInteger(LATE_PAYMENTS);
    Instant paidAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    payAfterRegistration(vertx, first, paidAt, Duration.ofDays(30));

    assertThat(profileOf(vertx, submit(vertx, PRIORITY_ENTERPRISE)).getInteger(LATE_PAYMENTS))
        .isEqualTo(before);
  }

  /** A green declaration of the priority enterprise, paid on time and so released. */
  private static JsonObject released(Vertx vertx) {
    JsonObject d = greenAwaitingPayment(vertx);
    assertThat(
            sendIpn(vertx, PaymentFixture.successIpn(openPayment(vertx, d.getString("id"))))
                .getString("RspCode"))
        .isEqualTo("00");
    JsonObject released = declaration(vertx, d.getString("id"));
    assertThat(released.getString("status")).isEqualTo("RELEASED");
    return released;
  }

  /**
   * Moves the declaration's registration to {@code sinceRegistration} before {@code paidAt}, then
   * pays it at that time.
   */
  private static void payAfterRegistration(
      Vertx vertx, JsonObject declaration, Instant paidAt, Duration sinceRegistration) {
    String id = declaration.getString("id");
    sql(
        "update declarations set submitted_at = $2 where id = $1",
        UUID.fromString(id),
        paidAt.minus(sinceRegistration).atOffset(java.time.ZoneOffset.UTC));
    JsonObject payment = openPayment(vertx, id);
    Map<String, String> ipn = PaymentFixture.successIpn(payment);
    ipn.put("vnp_PayDate", Vnpay.time(paidAt));
    assertThat(sendIpn(vertx, ipn).getString("RspCode")).isEqualTo("00");
    assertThat(declaration(vertx, id).getString("status")).isEqualTo("RELEASED");
  }

  /**
   * An amendment's answer, and the trader's count of amendments after release in the profiles of
   * the decisions before and after it.
   */
  private record Counted(HttpResponse<Buffer> response, int before, int after) {}

  /**
   * Amends the declaration with a corrected invoice, then submits the trader's next declaration.
   */
  private static Counted amendAndCount(Vertx vertx, JsonObject declaration) {
    int before = profileOf(vertx, declaration).getInteger(AMENDMENTS);
    HttpResponse<Buffer> response = amend(vertx, declaration.getString("id"), correctedInvoice());
    int after = profileOf(vertx, submit(vertx, PRIORITY_ENTERPRISE)).getInteger(AMENDMENTS);
    return new Counted(response, before, after);
  }

  /** The reference declaration with the smartphones' invoice value corrected upwards. */
  private static JsonObject correctedInvoice() {
    JsonObject doc = PaymentFixture.referenceFor(PRIORITY_ENTERPRISE);
    JsonArray items = doc.getJsonArray("items");
    items.getJsonObject(0).put("value", 46000.00);
    return doc;
  }

  private static HttpResponse<Buffer> amend(Vertx vertx, String id, JsonObject document) {
    String jws =
        PaymentFixture.sign(PaymentFixture.key(vertx, PRIORITY_ENTERPRISE), document.encode());
    return Await.result(
        TestApi.client(vertx)
            .post("/api/v1/declarations/" + id + "/amendments")
            .bearerTokenAuthentication(PaymentFixture.token(PRIORITY_ENTERPRISE))
            .putHeader("Content-Type", "application/jose")
            .sendBuffer(Buffer.buffer(jws)));
  }

  /**
   * The stored decision of the declaration's current version, with the facts and profile it was
   * made from, as an officer reads it.
   */
  private static JsonObject decisionOf(Vertx vertx, JsonObject declaration) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .get("/api/v1/declarations/" + declaration.getString("id") + "/decision")
                .bearerTokenAuthentication(TestTokens.officer())
                .send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static JsonObject profileOf(Vertx vertx, JsonObject declaration) {
    return decisionOf(vertx, declaration).getJsonObject("profile");
  }

  private static void sql(String sql, Object... args) {
    Await.result(TestApi.shared().pool().preparedQuery(sql).execute(Tuple.from(args)));
  }
}
