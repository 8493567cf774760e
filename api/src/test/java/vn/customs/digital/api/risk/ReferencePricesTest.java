package vn.customs.digital.api.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;

/**
 * Valuation reference prices (V16) reach the risk core: a line far below the reference price of its
 * goods, origin and unit fires the UNDERVALUATION indicators, explained in the decision record; the
 * same goods at their market price, or goods without a reference price, do not.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Valuation reference prices")
class ReferencePricesTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static JsonObject firstItemFacts(JsonObject record) {
    return record.getJsonObject("facts").getJsonArray("items").getJsonObject(0);
  }

  @Test
  @DisplayName(
      "200 smartphones from China at USD 50 each (about 24 % of the reference price) fire UNDERVALUATION, explained")
  void undervalued(Vertx vertx) {
    JsonObject record = Desk.decided(vertx, 10_000.00, "CN");
    assertThat(DecisionRecords.fired(record)).contains("undervalue-electronics", "undervalue-any");
    // The facts carry the price of their origin (5,500,000 VND), not the any-origin one.
    assertThat(firstItemFacts(record).getValue("referenceUnitPriceVnd").toString())
        .isEqualTo("5500000");
    JsonObject contribution =
        record.getJsonObject("decision").getJsonArray("contributions").stream()
            .map(JsonObject.class::cast)
            .filter(c -> c.getString("indicatorId").equals("undervalue-electronics"))
            .findFirst()
            .orElseThrow();
    assertThat(contribution.getString("explanation")).contains("item 1");
  }

  @Test
  @DisplayName(
      "the reference declaration's smartphones (USD 200 each) do not fire it; neither do goods without a reference price")
  void atMarketPrice(Vertx vertx) {
    JsonObject record = Desk.decided(vertx, 40_000.00, "CN");
    assertThat(DecisionRecords.fired(record))
        .doesNotContain("undervalue-electronics", "undervalue-any");
    assertThat(firstItemFacts(record).getValue("referenceUnitPriceVnd").toString())
        .isEqualTo("5500000");
    // From Korea: the any-origin price (7,000,000 VND); USD 200 is 75 % of it, above the 60 % line.
    JsonObject korea = Desk.decided(vertx, 40_000.00, "KR");
    assertThat(firstItemFacts(korea).getValue("referenceUnitPriceVnd").toString())
        .isEqualTo("7000000");
    assertThat(DecisionRecords.fired(korea))
        .doesNotContain("undervalue-electronics", "undervalue-any");
    // The laptops' unit (C62) has a price; goods with none get null, and nothing fires on them.
    JsonObject reference = Desk.reference();
    JsonArray items = reference.getJsonArray("items").copy();
    items.getJsonObject(0).put("hsCode", "84713090").put("value", 1.00);
    var r = Desk.submit(vertx, Desk.HANOI, new JsonObject().put("items", items));
    JsonObject unpriced =
        Desk.get(vertx, Desk.officer(), "/api/v1/declarations/" + r.getString("id") + "/decision")
            .bodyAsJsonObject();
    assertThat(firstItemFacts(unpriced).getValue("referenceUnitPriceVnd")).isNull();
    assertThat(DecisionRecords.fired(unpriced))
        .doesNotContain("undervalue-electronics", "undervalue-any");
  }
}
