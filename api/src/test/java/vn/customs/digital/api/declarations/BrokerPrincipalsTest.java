package vn.customs.digital.api.declarations;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.declarations.DeclarationSubmissionTest.get;
import static vn.customs.digital.api.declarations.DeclarationSubmissionTest.submit;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName(
    "A broker's principals: who delegated to it, and its declarations one principal at a time")
class BrokerPrincipalsTest {
  private static final String BROKER = "0500000009";
  private static final String FIRST = "0500000001";
  private static final String SECOND = "0500000002";
  private static final String THIRD = "0500000003";

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static HttpResponse<Buffer> delegate(
      Vertx vertx, String enterprise, String broker, String until) {
    JsonObject body = new JsonObject().put("brokerTaxCode", broker);
    if (until != null) {
      body.put("validUntil", until);
    }
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/enterprises/" + enterprise + "/delegations")
                .bearerTokenAuthentication(TestTokens.trader(enterprise))
                .sendJsonObject(body));
    assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 201);
    return r;
  }

  private static List<String> enterprises(JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("enterpriseTaxCode")).toList();
  }

  @Test
  @DisplayName(
      "the broker reads the delegations in force to it with their validity, by tax code, paged; a revoked one is gone")
  void principals(Vertx vertx) {
    String broker = "0500000019";
    String until =
        Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString();
    delegate(vertx, "0500000013", broker, null);
    delegate(vertx, "0500000011", broker, until);
    delegate(vertx, "0500000012", broker, null);
    delegate(vertx, "0500000014", "0500000029", null); // to another broker
    HttpResponse<Buffer> revoked =
        Await.result(
            TestApi.client(vertx)
                .delete("/api/v1/enterprises/0500000012/delegations/" + broker)
                .bearerTokenAuthentication(TestTokens.trader("0500000012"))
                .send());
    assertThat(revoked.statusCode()).isEqualTo(204);

    String token = TestTokens.broker(broker);
    String path = "/api/v1/brokers/" + broker + "/principals";
    HttpResponse<Buffer> all = get(vertx, token, path);
    assertThat(all.statusCode()).as(all.bodyAsString()).isEqualTo(200);
    JsonArray items = all.bodyAsJsonObject().getJsonArray("items");
    assertThat(enterprises(items)).containsExactly("0500000011", "0500000013");
    assertThat(items.getJsonObject(0).getString("validUntil")).isEqualTo(until);
    assertThat(items.getJsonObject(0).getString("brokerTaxCode")).isEqualTo(broker);
    assertThat(items.getJsonObject(0).getString("grantedBy")).isEqualTo("trader-0500000011");
    assertThat(items.getJsonObject(1).getValue("validUntil")).isNull();
    assertThat(all.bodyAsJsonObject().getValue("nextCursor")).isNull();

    JsonObject page1 = get(vertx, token, path + "?limit=1").bodyAsJsonObject();
    assertThat(enterprises(page1.getJsonArray("items"))).containsExactly("0500000011");
    JsonObject page2 =
        get(vertx, token, path + "?limit=1&cursor=" + page1.getString("nextCursor"))
            .bodyAsJsonObject();
    assertThat(enterprises(page2.getJsonArray("items"))).containsExactly("0500000013");
    assertThat(page2.getValue("nextCursor")).isNull();
  }

  @Test
  @DisplayName(
      "only the broker itself reads its principals: another broker's path 404, a trader or officer 403, no token 401, a bad cursor 400")
  void principalsAreTheBrokers(Vertx vertx) {
    String path = "/api/v1/brokers/" + BROKER + "/principals";
    assertThat(get(vertx, TestTokens.broker("0500000099"), path).statusCode()).isEqualTo(404);
    assertThat(get(vertx, TestTokens.trader(BROKER), path).statusCode()).isEqualTo(403);
    assertThat(get(vertx, TestTokens.officer(), path).statusCode()).isEqualTo(403);
    assertThat(Await.result(TestApi.client(vertx).get(path).send()).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> bad = get(vertx, TestTokens.broker(BROKER), path + "?cursor=nonsense");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("cursor");
    assertThat(get(vertx, TestTokens.broker(BROKER), path + "?limit=501").statusCode())
        .isEqualTo(400);
  }

  @Test
  @DisplayName(
      "the declaration list filters by principal: the broker sees one principal's, a principal that never delegated gives an empty page")
  void listByPrincipal(Vertx vertx) {
    delegate(vertx, FIRST, BROKER, null);
    delegate(vertx, SECOND, BROKER, null);
    for (String enterprise : List.of(FIRST, SECOND, SECOND)) {
      Enterprise trader = Enterprise.trader(vertx, enterprise);
      HttpResponse<Buffer> r =
          submit(vertx, trader.token, trader.sign(Enterprise.referenceFor(enterprise)), null);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    }
    Enterprise third = Enterprise.trader(vertx, THIRD);
    assertThat(
            submit(vertx, third.token, third.sign(Enterprise.referenceFor(THIRD)), null)
                .statusCode())
        .isEqualTo(201);
    String broker = TestTokens.broker(BROKER);

    JsonArray both =
        get(vertx, broker, "/api/v1/declarations?limit=100")
            .bodyAsJsonObject()
            .getJsonArray("items");
    assertThat(enterprises(both)).containsOnly(FIRST, SECOND).contains(FIRST, SECOND);

    HttpResponse<Buffer> second = get(vertx, broker, "/api/v1/declarations?principal=" + SECOND);
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(200);
    assertThat(enterprises(second.bodyAsJsonObject().getJsonArray("items")))
        .hasSize(2)
        .containsOnly(SECOND);
    assertThat(
            enterprises(
                get(vertx, broker, "/api/v1/declarations?principal=" + FIRST + "&limit=1")
                    .bodyAsJsonObject()
                    .getJsonArray("items")))
        .containsExactly(FIRST);
    // a principal filter never widens what the caller may see
    assertThat(
            get(vertx, broker, "/api/v1/declarations?principal=" + THIRD)
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .isEmpty();
    assertThat(
            get(vertx, third.token, "/api/v1/declarations?principal=" + SECOND)
                .bodyAsJsonObject()
                .getJsonArray("items"))
        .isEmpty();
    HttpResponse<Buffer> bad = get(vertx, broker, "/api/v1/declarations?principal=12");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getJsonArray("errors").encode()).contains("principal");
  }
}
