package vn.customs.digital.api.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.documents.DocumentsTest;
import vn.customs.digital.testing.Await;

/**
 * A risk manager updates the valuation reference prices through the api (real PostgreSQL, real
 * signed tokens): the change is audited, guarded by If-Match, refused at its pointers when wrong,
 * closed to every other role, and the next assessment compares with the new price.
 *
 * <p>Goods of their own (smartphones from Finland, and from Iceland) so that no other test's
 * declarations see these prices.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Updating valuation reference prices")
class ReferencePriceUpdateTest {
  private static final String FINLAND = "/api/v1/risk/reference-prices/85171300/FI/C62";

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static HttpResponse<Buffer> put(
      Vertx vertx, String token, String path, String ifMatch, JsonObject body) {
    HttpRequest<Buffer> r = TestApi.client(vertx).put(path).bearerTokenAuthentication(token);
    if (ifMatch != null) {
      r.putHeader("If-Match", ifMatch);
    }
    return Await.result(r.sendJsonObject(body));
  }

  private static HttpResponse<Buffer> get(Vertx vertx, String token, String path) {
    return Await.result(TestApi.client(vertx).get(path).bearerTokenAuthentication(token).send());
  }

  private static LocalDate today() {
    return LocalDate.now(RiskService.CUSTOMS_ZONE);
  }

  /** The decision record of the reference declaration with smartphones from {@code origin}. */
  private static JsonObject decided(Vertx vertx, String origin) {
    // 200 handsets at USD 200 each: about 5.3 million VND a handset.
    return Desk.decided(vertx, 40_000.00, origin);
  }

  private static List<String> fired(JsonObject record) {
    return DecisionRecords.fired(record);
  }

  private static Object referencePrice(JsonObject record) {
    return record
        .getJsonObject("facts")
        .getJsonArray("items")
        .getJsonObject(0)
        .getValue("referenceUnitPriceVnd");
  }

  @Test
  @DisplayName(
      "a price the risk manager sets for the goods' origin makes the next assessment fire UNDERVALUATION, audited with the price it replaced")
  void updatedPriceChangesTheNextAssessment(Vertx vertx) {
    // Before: no price of their own, the any-origin one (7,000,000 VND): 75 %, nothing fires.
    JsonObject before = decided(vertx, "FI");
    assertThat(referencePrice(before).toString()).isEqualTo("7000000");
    assertThat(fired(before)).doesNotContain("undervalue-electronics", "undervalue-any");
    assertThat(get(vertx, Desk.riskManager(), FINLAND).statusCode()).isEqualTo(404);

    HttpResponse<Buffer> created =
        put(
            vertx,
            Desk.riskManager(),
            FINLAND,
            null,
            new JsonObject()
                .put("priceVnd", 20_000_000)
                .put("source", "test: declared prices of premium handsets"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.getHeader("Location")).isEqualTo(FINLAND);
    JsonObject schedule = created.bodyAsJsonObject();
    assertThat(schedule.getString("inForce")).isEqualTo("20000000");
    assertThat(schedule.getString("origin")).isEqualTo("FI");
    JsonObject price = schedule.getJsonArray("prices").getJsonObject(0);
    assertThat(price.getString("validFrom")).isEqualTo(today().toString());
    assertThat(price.getString("recordedBy")).isEqualTo("risk-manager-1");
    assertThat(price.getBoolean("scheduled")).isFalse();

    // After: the next assessment compares with 20,000,000 VND (about 26 %): both indicators fire.
    JsonObject after = decided(vertx, "FI");
    assertThat(referencePrice(after).toString()).isEqualTo("20000000");
    assertThat(fired(after)).contains("undervalue-electronics", "undervalue-any");

    // A correction the same day replaces it; the audit chain holds both, the second naming the
    // first.
    HttpResponse<Buffer> corrected =
        put(
            vertx,
            Desk.riskManager(),
            FINLAND,
            created.getHeader("ETag"),
            new JsonObject().put("priceVnd", 6_000_000).put("source", "test: corrected"));
    assertThat(corrected.statusCode()).as(corrected.bodyAsString()).isEqualTo(200);
    assertThat(corrected.bodyAsJsonObject().getJsonArray("prices")).hasSize(1);
    assertThat(
            TestApi.count(
                "select count(*) from audit_log where action = 'REFERENCE_PRICE_SET'"
                    + " and actor = 'risk-manager-1' and details ->> 'hsCode' = '85171300'"
                    + " and details ->> 'origin' = 'FI' and details ->> 'priceVnd' = '6000000'"
                    + " and details ->> 'replacedPriceVnd' = '20000000'"))
        .isEqualTo(1);
    assertThat(
            TestApi.count(
                "select count(*) from audit_log where action = 'REFERENCE_PRICE_SET'"
                    + " and details ->> 'origin' = 'FI' and details ->> 'replacedPriceVnd' is null"))
        .isEqualTo(1);
    JsonObject corrected2 = decided(vertx, "FI");
    assertThat(referencePrice(corrected2).toString()).isEqualTo("6000000");
    assertThat(fired(corrected2)).doesNotContain("undervalue-electronics", "undervalue-any");
  }

  @Test
  @DisplayName(
      "If-Match guards a change: a stale ETag is 412 and changes nothing; GET answers 304 to its own ETag")
  void optimisticConcurrency(Vertx vertx) {
    String path = "/api/v1/risk/reference-prices/85171300/IS/C62";
    HttpResponse<Buffer> first =
        put(
            vertx,
            Desk.riskManager(),
            path,
            null,
            new JsonObject().put("priceVnd", 8_000_000).put("source", "test: first"));
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    String etag = first.getHeader("ETag");
    HttpResponse<Buffer> read = get(vertx, Desk.riskManager(), path);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.getHeader("ETag")).isEqualTo(etag);
    assertThat(
            Await.result(
                    TestApi.client(vertx)
                        .get(path)
                        .bearerTokenAuthentication(Desk.riskManager())
                        .putHeader("If-None-Match", etag)
                        .send())
                .statusCode())
        .isEqualTo(304);

    // Another risk manager schedules a price for next month: the first one's ETag is stale.
    String nextMonth = today().plusMonths(1).toString();
    HttpResponse<Buffer> scheduled =
        put(
            vertx,
            TestTokens.token(vn.customs.digital.api.auth.Role.RISK_MANAGER, null, "risk-manager-2"),
            path,
            etag,
            new JsonObject()
                .put("priceVnd", 9_000_000)
                .put("validFrom", nextMonth)
                .put("source", "test: next month"));
    assertThat(scheduled.statusCode()).as(scheduled.bodyAsString()).isEqualTo(200);
    JsonObject schedule = scheduled.bodyAsJsonObject();
    assertThat(schedule.getString("inForce")).isEqualTo("8000000");
    assertThat(schedule.getJsonArray("prices").getJsonObject(1).getBoolean("scheduled")).isTrue();

    HttpResponse<Buffer> stale =
        put(
            vertx,
            Desk.riskManager(),
            path,
            etag,
            new JsonObject().put("priceVnd", 1).put("source", "test: stale"));
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(stale.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(get(vertx, Desk.riskManager(), path).bodyAsJsonObject().getString("inForce"))
        .isEqualTo("8000000");
    // If-Match on goods without a price: nothing to match.
    assertThat(
            put(
                    vertx,
                    Desk.riskManager(),
                    "/api/v1/risk/reference-prices/85171300/LI/C62",
                    "*",
                    new JsonObject().put("priceVnd", 1).put("source", "test"))
                .statusCode())
        .isEqualTo(412);

    // The list shows the price in force and the scheduled one, filtered by HS code and origin.
    JsonObject list =
        get(vertx, Desk.riskManager(), "/api/v1/risk/reference-prices?hsCode=8517&origin=IS")
            .bodyAsJsonObject();
    assertThat(list.getJsonArray("items")).hasSize(2);
    assertThat(list.getJsonArray("items").getJsonObject(0).getString("href")).isEqualTo(path);
    JsonObject any =
        get(vertx, Desk.riskManager(), "/api/v1/risk/reference-prices?hsCode=22042111&origin=any")
            .bodyAsJsonObject();
    assertThat(any.getJsonArray("items")).hasSize(1);
    assertThat(any.getJsonArray("items").getJsonObject(0).getString("priceVnd"))
        .isEqualTo("180000");
  }

  @Test
  @DisplayName(
      "every problem of a change comes back in one 422 with pointers, a bad path is 400, and nothing is written")
  void validation(Vertx vertx) {
    HttpResponse<Buffer> bad =
        put(
            vertx,
            Desk.riskManager(),
            "/api/v1/risk/reference-prices/85171300/SE/C62",
            null,
            new JsonObject()
                .put("priceVnd", -5)
                .put("validFrom", today().minusDays(1).toString())
                .put("source", "")
                .put("currency", "USD"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(DocumentsTest.pointers(bad))
        .containsExactlyInAnyOrder("/priceVnd", "/validFrom", "/source", "/currency");
    assertThat(
            put(
                    vertx,
                    Desk.riskManager(),
                    "/api/v1/risk/reference-prices/85171300/SE/C62",
                    null,
                    new JsonObject().put("priceVnd", 1.5).put("source", "x"))
                .statusCode())
        .isEqualTo(422);
    HttpResponse<Buffer> badPath =
        put(
            vertx,
            Desk.riskManager(),
            "/api/v1/risk/reference-prices/8517/XX/BAG",
            null,
            new JsonObject().put("priceVnd", 1).put("source", "x"));
    assertThat(badPath.statusCode()).isEqualTo(400);
    assertThat(DocumentsTest.pointers(badPath)).containsExactly("hsCode", "origin", "unit");
    assertThat(
            TestApi.count(
                "select count(*) from reference_prices where origin = 'SE' or hs_code = '8517    '"))
        .isZero();
    HttpResponse<Buffer> badHs =
        get(vertx, Desk.riskManager(), "/api/v1/risk/reference-prices?hsCode=85x&origin=XX");
    assertThat(badHs.statusCode()).as(badHs.bodyAsString()).isEqualTo(400);
    assertThat(DocumentsTest.pointers(badHs)).containsExactlyInAnyOrder("hsCode", "origin");
    HttpResponse<Buffer> badLimit =
        get(vertx, Desk.riskManager(), "/api/v1/risk/reference-prices?hsCode=85&limit=0");
    assertThat(badLimit.statusCode()).as(badLimit.bodyAsString()).isEqualTo(400);
    assertThat(DocumentsTest.pointers(badLimit)).containsExactly("limit");
  }

  @Test
  @DisplayName("only a risk manager reads or sets reference prices: others 403, no token 401")
  void riskManagerOnly(Vertx vertx) {
    JsonObject body = new JsonObject().put("priceVnd", 1).put("source", "x");
    String path = "/api/v1/risk/reference-prices/85171300/CN/C62";
    for (String token :
        List.of(Desk.officer(), TestTokens.trader(Desk.HANOI), TestTokens.broker(Desk.HANOI))) {
      assertThat(put(vertx, token, path, null, body).statusCode()).isEqualTo(403);
      assertThat(get(vertx, token, path).statusCode()).isEqualTo(403);
      assertThat(get(vertx, token, "/api/v1/risk/reference-prices").statusCode()).isEqualTo(403);
    }
    assertThat(Await.result(TestApi.client(vertx).get(path).send()).statusCode()).isEqualTo(401);
    assertThat(get(vertx, Desk.riskManager(), path).bodyAsJsonObject().getString("inForce"))
        .isEqualTo("5500000");
  }
}
