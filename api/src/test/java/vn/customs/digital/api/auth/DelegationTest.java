package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Delegations from a trader to a broker, and who may act for an enterprise")
class DelegationTest {
  private static final String ENTERPRISE = "0400000001";
  private static final String OTHER = "0400000002";
  private static final String BROKER = "0400000009";

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  static HttpResponse<Buffer> call(
      Vertx vertx, HttpMethod method, String uri, String token, JsonObject body) {
    var req = TestApi.client(vertx).request(method, uri);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    return Await.result((body == null ? req.send() : req.sendJsonObject(body)));
  }

  private static String path(String enterprise) {
    return "/api/v1/enterprises/" + enterprise + "/delegations";
  }

  private static Tenancy tenancy() {
    return new Tenancy(TestApi.shared().pool(), Clock.systemUTC());
  }

  @Test
  @DisplayName("a broker acts for an enterprise only while the enterprise's trader delegates to it")
  void brokerWithAndWithoutDelegation(Vertx vertx) {
    String enterprise = "0400000011";
    String broker = "0400000019";
    Caller asBroker = new Caller("broker-user", Role.BROKER, broker, null);
    assertThat(Await.result(tenancy().mayActFor(asBroker, enterprise))).isFalse();

    HttpResponse<Buffer> granted =
        call(
            vertx,
            HttpMethod.POST,
            path(enterprise),
            TestTokens.trader(enterprise),
            new JsonObject().put("brokerTaxCode", broker));
    assertThat(granted.statusCode()).isEqualTo(201);
    assertThat(granted.getHeader("Location")).isEqualTo(path(enterprise) + "/" + broker);
    assertThat(granted.bodyAsJsonObject().getString("grantedBy")).isEqualTo("trader-" + enterprise);
    assertThat(Await.result(tenancy().mayActFor(asBroker, enterprise))).isTrue();
    assertThat(Await.result(tenancy().mayActFor(asBroker, "0400000012"))).isFalse();
    assertThat(Await.result(tenancy().brokersOf(enterprise))).containsExactly(broker);

    HttpResponse<Buffer> revoked =
        call(
            vertx,
            HttpMethod.DELETE,
            path(enterprise) + "/" + broker,
            TestTokens.trader(enterprise),
            null);
    assertThat(revoked.statusCode()).isEqualTo(204);
    assertThat(Await.result(tenancy().mayActFor(asBroker, enterprise))).isFalse();
    assertThat(Await.result(tenancy().brokersOf(enterprise))).isEmpty();
    assertThat(
            call(
                    vertx,
                    HttpMethod.DELETE,
                    path(enterprise) + "/" + broker,
                    TestTokens.trader(enterprise),
                    null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("a trader acts for its own enterprise only; officers act for none through Tenancy")
  void traderAndOfficer() {
    Caller trader = new Caller("t", Role.TRADER, ENTERPRISE, null);
    assertThat(Await.result(tenancy().mayActFor(trader, ENTERPRISE))).isTrue();
    assertThat(Await.result(tenancy().mayActFor(trader, OTHER))).isFalse();
    assertThat(
            Await.result(
                tenancy().mayActFor(new Caller("o", Role.OFFICER, null, null), ENTERPRISE)))
        .isFalse();
    assertThat(Await.result(tenancy().mayActFor(trader, "not-a-tax-code"))).isFalse();
  }

  @Test
  @DisplayName(
      "granting the same broker again is idempotent (200); with another validity it is a conflict (409)")
  void idempotentGrant(Vertx vertx) {
    String enterprise = "0400000021";
    String until =
        Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString();
    JsonObject body = new JsonObject().put("brokerTaxCode", BROKER).put("validUntil", until);
    HttpResponse<Buffer> first =
        call(vertx, HttpMethod.POST, path(enterprise), TestTokens.trader(enterprise), body);
    HttpResponse<Buffer> again =
        call(vertx, HttpMethod.POST, path(enterprise), TestTokens.trader(enterprise), body);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    HttpResponse<Buffer> other =
        call(
            vertx,
            HttpMethod.POST,
            path(enterprise),
            TestTokens.trader(enterprise),
            new JsonObject().put("brokerTaxCode", BROKER));
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(other.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:delegation-conflict");
    HttpResponse<Buffer> list =
        call(vertx, HttpMethod.GET, path(enterprise), TestTokens.trader(enterprise), null);
    assertThat(list.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
    assertThat(
            list.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("validUntil"))
        .isEqualTo(until);
  }

  @Test
  @DisplayName("a delegation with an end date stops counting once that date has passed")
  void lapses(Vertx vertx) {
    String enterprise = "0400000031";
    Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    assertThat(
            call(
                    vertx,
                    HttpMethod.POST,
                    path(enterprise),
                    TestTokens.trader(enterprise),
                    new JsonObject()
                        .put("brokerTaxCode", BROKER)
                        .put("validUntil", until.toString()))
                .statusCode())
        .isEqualTo(201);
    Caller broker = new Caller("b", Role.BROKER, BROKER, null);
    Tenancy tomorrowPlusOne =
        new Tenancy(TestApi.shared().pool(), Clock.fixed(until.plusSeconds(1), ZoneOffset.UTC));
    assertThat(Await.result(tenancy().mayActFor(broker, enterprise))).isTrue();
    assertThat(Await.result(tomorrowPlusOne.mayActFor(broker, enterprise))).isFalse();
    assertThat(Await.result(tomorrowPlusOne.brokersOf(enterprise))).isEmpty();
  }

  @Test
  @DisplayName(
      "a trader cannot see or change another enterprise's delegations: 404, as if it did not exist")
  void otherEnterprise(Vertx vertx) {
    String token = TestTokens.trader(ENTERPRISE);
    HttpResponse<Buffer> list = call(vertx, HttpMethod.GET, path(OTHER), token, null);
    HttpResponse<Buffer> grant =
        call(
            vertx,
            HttpMethod.POST,
            path(OTHER),
            token,
            new JsonObject().put("brokerTaxCode", BROKER));
    HttpResponse<Buffer> revoke =
        call(vertx, HttpMethod.DELETE, path(OTHER) + "/" + BROKER, token, null);
    assertThat(list.statusCode()).isEqualTo(404);
    assertThat(grant.statusCode()).isEqualTo(404);
    assertThat(revoke.statusCode()).isEqualTo(404);
    assertThat(list.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:not-found");
  }

  @Test
  @DisplayName(
      "a broker cannot manage delegations (403), and a delegation to oneself or into the past is refused (422)")
  void refusals(Vertx vertx) {
    assertThat(
            call(vertx, HttpMethod.GET, path(ENTERPRISE), TestTokens.broker(BROKER), null)
                .statusCode())
        .isEqualTo(403);
    HttpResponse<Buffer> self =
        call(
            vertx,
            HttpMethod.POST,
            path(ENTERPRISE),
            TestTokens.trader(ENTERPRISE),
            new JsonObject().put("brokerTaxCode", ENTERPRISE));
    assertThat(self.statusCode()).isEqualTo(422);
    assertThat(self.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/brokerTaxCode");
    HttpResponse<Buffer> past =
        call(
            vertx,
            HttpMethod.POST,
            path(ENTERPRISE),
            TestTokens.trader(ENTERPRISE),
            new JsonObject()
                .put("brokerTaxCode", BROKER)
                .put("validUntil", "2020-01-01T00:00:00Z"));
    assertThat(past.statusCode()).isEqualTo(422);
    assertThat(past.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/validUntil");
    HttpResponse<Buffer> badCode =
        call(
            vertx,
            HttpMethod.POST,
            path(ENTERPRISE),
            TestTokens.trader(ENTERPRISE),
            new JsonObject().put("brokerTaxCode", "12ab"));
    assertThat(badCode.statusCode()).isEqualTo(400);
  }
}
