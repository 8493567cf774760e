package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.gates.GateFixture.assertInvalid;
import static vn.customs.digital.api.gates.GateFixture.assertProblem;
import static vn.customs.digital.api.gates.GateFixture.count;
import static vn.customs.digital.api.gates.GateFixture.post;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Traders and brokers tell the gate which vehicle brings the goods")
class PreArrivalTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static JsonObject arrival() {
    return GateFixture.arrival("15c-123.45");
  }

  private static HttpResponse<Buffer> declare(
      Vertx vertx, String token, String declarationId, JsonObject body) {
    return GateFixture.declarePreArrival(vertx, token, declarationId, body);
  }

  private static long stored(String declarationId) {
    return count(
        "select count(*) from pre_arrivals where declaration_id = $1",
        UUID.fromString(declarationId));
  }

  @Test
  @DisplayName(
      "the declaring trader gives plate, driver, arrival and seals (200, plate without separators); a delegated broker may replace them")
  void traderAndBroker(Vertx vertx) {
    String container = GateFixture.newContainer();
    String id =
        GateFixture.awaitingPayment(vertx, GateFixture.newGateCode(), container).getString("id");
    HttpResponse<Buffer> r =
        declare(
            vertx,
            TestTokens.trader(GateFixture.TRADER),
            id,
            arrival().put("seals", new JsonObject().put(container, "SEAL-1")));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("plate")).isEqualTo("15C12345");
    var row =
        GateFixture.one(
            "select plate, driver, seals, declared_by from pre_arrivals where declaration_id = $1",
            UUID.fromString(id));
    assertThat(row.getString("plate")).isEqualTo("15C12345");
    assertThat(row.getJsonObject("seals").getString(container)).isEqualTo("SEAL-1");

    GateFixture.delegateToBroker(vertx);
    HttpResponse<Buffer> byBroker =
        declare(
            vertx, TestTokens.broker(GateFixture.BROKER), id, arrival().put("plate", "29H 888.88"));
    assertThat(byBroker.statusCode()).as(byBroker.bodyAsString()).isEqualTo(200);
    row =
        GateFixture.one(
            "select plate, declared_by from pre_arrivals where declaration_id = $1",
            UUID.fromString(id));
    assertThat(row.getString("plate")).isEqualTo("29H88888");
    assertThat(row.getString("declared_by")).isEqualTo("broker-" + GateFixture.BROKER);
    assertThat(stored(id)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "another enterprise's trader, an undelegated broker and an unknown declaration get 404; an officer 403; nothing is stored")
  void otherTenants(Vertx vertx) {
    String id =
        GateFixture.awaitingPayment(vertx, GateFixture.newGateCode(), GateFixture.newContainer())
            .getString("id");
    assertProblem(declare(vertx, TestTokens.trader("0101234567"), id, arrival()), 404);
    assertProblem(declare(vertx, TestTokens.broker("0309999993"), id, arrival()), 404);
    assertProblem(declare(vertx, TestTokens.officer(), id, arrival()), 403);
    assertProblem(declare(vertx, null, id, arrival()), 401);
    assertProblem(
        declare(
            vertx, TestTokens.trader(GateFixture.TRADER), UUID.randomUUID().toString(), arrival()),
        404);
    assertThat(stored(id)).isZero();
  }

  @Test
  @DisplayName(
      "a malformed plate, driver, arrival time or seal is refused as a problem naming the field, and nothing is stored")
  void invalid(Vertx vertx) {
    String container = GateFixture.newContainer();
    String id =
        GateFixture.awaitingPayment(vertx, GateFixture.newGateCode(), container).getString("id");
    String trader = TestTokens.trader(GateFixture.TRADER);
    assertInvalid(declare(vertx, trader, id, arrival().put("plate", "AB")), 422, "/plate");
    assertInvalid(
        declare(vertx, trader, id, arrival().put("plate", "15C-123.45/X")), 422, "/plate");
    assertInvalid(declare(vertx, trader, id, arrival().put("driver", "  ")), 422, "/driver");
    assertInvalid(
        declare(vertx, trader, id, arrival().put("driver", "x".repeat(201))), 422, "/driver");
    assertInvalid(
        declare(vertx, trader, id, arrival().put("expectedArrival", "tomorrow morning")),
        400,
        "/expectedArrival");
    assertInvalid(
        declare(
            vertx,
            trader,
            id,
            arrival().put("seals", new JsonObject().put("not a container", "SEAL-1"))),
        422,
        "/seals/not a container");
    assertInvalid(
        declare(vertx, trader, id, arrival().put("seals", new JsonObject().put(container, ""))),
        422,
        "/seals/" + container);
    JsonObject noPlate = arrival();
    noPlate.remove("plate");
    assertProblem(declare(vertx, trader, id, noPlate), 400);
    assertThat(stored(id)).isZero();
  }

  @Test
  @DisplayName("a cancelled declaration takes no pre-arrival information (409)")
  void cancelled(Vertx vertx) {
    String id =
        GateFixture.awaitingPayment(vertx, GateFixture.newGateCode(), GateFixture.newContainer())
            .getString("id");
    HttpResponse<Buffer> cancel =
        post(
            vertx,
            TestTokens.trader(GateFixture.TRADER),
            "/api/v1/declarations/" + id + "/cancellation",
            new JsonObject().put("reason", "the buyer withdrew"));
    assertThat(cancel.statusCode()).as(cancel.bodyAsString()).isEqualTo(200);
    assertProblem(declare(vertx, TestTokens.trader(GateFixture.TRADER), id, arrival()), 409);
    assertThat(stored(id)).isZero();
  }

  private static HttpResponse<Buffer> read(Vertx vertx, String token, String declarationId) {
    return GateFixture.get(vertx, token, "/api/v1/declarations/" + declarationId + "/pre-arrival");
  }

  @Test
  @DisplayName(
      "what was given is read back by the declaration's readers (its trader, a delegated broker, an officer of its office), as stored, with an ETag")
  void readBack(Vertx vertx) {
    String container = GateFixture.newContainer();
    String id =
        GateFixture.awaitingPayment(vertx, GateFixture.newGateCode(), container).getString("id");
    String trader = TestTokens.trader(GateFixture.TRADER);
    assertProblem(read(vertx, trader, id), 404);

    HttpResponse<Buffer> given =
        declare(
            vertx,
            trader,
            id,
            arrival()
                .put("expectedArrival", "2026-11-24T08:00:00Z")
                .put("seals", new JsonObject().put(container, "SEAL-7")));
    assertThat(given.statusCode()).as(given.bodyAsString()).isEqualTo(200);

    HttpResponse<Buffer> r = read(vertx, trader, id);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("declarationId")).isEqualTo(id);
    assertThat(body.getString("plate")).isEqualTo("15C12345");
    assertThat(body.getString("driver")).isEqualTo(given.bodyAsJsonObject().getString("driver"));
    assertThat(body.getString("expectedArrival")).isEqualTo("2026-11-24T08:00:00Z");
    assertThat(body.getJsonObject("seals").getString(container)).isEqualTo("SEAL-7");
    assertThat(body.getString("declaredBy")).isEqualTo("trader-" + GateFixture.TRADER);
    assertThat(body.getString("declaredAt")).isNotBlank();
    String etag = r.getHeader("ETag");
    assertThat(etag).isNotBlank();
    HttpResponse<Buffer> again =
        Await.result(
            TestApi.client(vertx)
                .get("/api/v1/declarations/" + id + "/pre-arrival")
                .bearerTokenAuthentication(trader)
                .putHeader("If-None-Match", etag)
                .send());
    assertThat(again.statusCode()).isEqualTo(304);

    GateFixture.delegateToBroker(vertx);
    HttpResponse<Buffer> byBroker = read(vertx, TestTokens.broker(GateFixture.BROKER), id);
    assertThat(byBroker.statusCode()).as(byBroker.bodyAsString()).isEqualTo(200);
    assertThat(byBroker.bodyAsJsonObject().getString("plate")).isEqualTo("15C12345");
    HttpResponse<Buffer> byOfficer = read(vertx, TestTokens.officer(), id);
    assertThat(byOfficer.statusCode()).as(byOfficer.bodyAsString()).isEqualTo(200);
    assertThat(byOfficer.bodyAsJsonObject().getString("plate")).isEqualTo("15C12345");
  }

  @Test
  @DisplayName(
      "another enterprise's trader, an undelegated broker, an officer of another office and an unknown declaration read 404; no token 401")
  void readByOthers(Vertx vertx) {
    String id =
        GateFixture.awaitingPayment(vertx, GateFixture.newGateCode(), GateFixture.newContainer())
            .getString("id");
    assertThat(declare(vertx, TestTokens.trader(GateFixture.TRADER), id, arrival()).statusCode())
        .isEqualTo(200);
    assertProblem(read(vertx, TestTokens.trader("0101234567"), id), 404);
    assertProblem(read(vertx, TestTokens.broker("0309999993"), id), 404);
    assertProblem(read(vertx, TestTokens.officer("officer-far", "01BT"), id), 404);
    assertProblem(read(vertx, null, id), 401);
    assertProblem(
        read(vertx, TestTokens.trader(GateFixture.TRADER), UUID.randomUUID().toString()), 404);
  }
}
