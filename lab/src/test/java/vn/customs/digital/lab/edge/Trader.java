package vn.customs.digital.lab.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.declarations.ContainerNumbers;
import vn.customs.digital.api.payments.PaymentFixture;
import vn.customs.digital.lab.payments.SandboxPayments;
import vn.customs.digital.testing.Await;

/**
 * Both sides of a gate crossing as the api sees them, over HTTP only: the trader declares goods in
 * given containers for a gate, pays at the sandbox bank and announces the truck; an officer holds
 * released goods.
 */
final class Trader {
  /** The priority enterprise of the seed data: its dutiable imports are GREEN and await payment. */
  static final String TAX_CODE = PaymentFixture.PRIORITY_ENTERPRISE;

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  private Trader() {}

  /**
   * {@code count} ISO 6346 container numbers (valid check digits) with this owner code, e.g. {@code
   * DCEU}.
   */
  static List<String> containers(String owner, int first, int count) {
    return IntStream.range(first, first + count)
        .mapToObj(
            serial -> {
              String firstTen = owner + "%06d".formatted(serial);
              for (int digit = 0; digit <= 9; digit++) {
                if (ContainerNumbers.isValid(firstTen + digit)) {
                  return firstTen + digit;
                }
              }
              throw new IllegalStateException("no check digit for " + firstTen);
            })
        .toList();
  }

  /**
   * A signed declaration of the reference goods in these containers, leaving through this gate:
   * GREEN, unpaid.
   */
  static JsonObject declaredUnpaid(Vertx vertx, String gate, List<String> containers) {
    return PaymentFixture.greenAwaitingPayment(
        vertx,
        new JsonObject().put("borderGateCode", gate).put("containers", new JsonArray(containers)));
  }

  /** Pays the duties at the sandbox bank and returns once the api has released the declaration. */
  static JsonObject pay(Vertx vertx, JsonObject declaration) {
    JsonObject payment = PaymentFixture.openPayment(vertx, declaration.getString("id"));
    SandboxPayments.payAtBank(vertx, payment.getString("paymentUrl"), "pay");
    return statusBecomes(vertx, declaration.getString("id"), "RELEASED");
  }

  static JsonObject released(Vertx vertx, String gate, List<String> containers) {
    return pay(vertx, declaredUnpaid(vertx, gate, containers));
  }

  /** The truck that brings the goods: its plate, and the e-seal on each container. */
  static void preArrival(
      Vertx vertx, String declarationId, String plate, Map<String, String> seals) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations/" + declarationId + "/pre-arrival")
                .bearerTokenAuthentication(TestTokens.trader(TAX_CODE))
                .sendJsonObject(
                    new JsonObject()
                        .put("plate", plate)
                        .put("driver", "Nguyen Van A")
                        .put("expectedArrival", Instant.now().plusSeconds(3600).toString())
                        .put("seals", new JsonObject(Map.copyOf(seals)))));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  /** An officer holds released goods before they exit (POST /declarations/{id}/hold): HELD. */
  static JsonObject heldByOfficer(Vertx vertx, String declarationId) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations/" + declarationId + "/hold")
                .bearerTokenAuthentication(TestTokens.officer())
                .sendJsonObject(
                    new JsonObject().put("reason", "documents to be checked again before exit")));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static JsonObject declaration(Vertx vertx, String id) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .get("/api/v1/declarations/" + id)
                .bearerTokenAuthentication(TestTokens.trader(TAX_CODE))
                .send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  /** The declaration as its trader sees it, once it has {@code status}. */
  static JsonObject statusBecomes(Vertx vertx, String id, String status) {
    return Await.until(
        "the declaration " + status,
        DEADLINE,
        () -> declaration(vertx, id),
        d -> status.equals(d.getString("status")));
  }
}
