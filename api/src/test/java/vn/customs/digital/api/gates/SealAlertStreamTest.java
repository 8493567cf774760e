package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;

/** A tampered e-seal reported by a gate reaches the officers' live stream, and nobody else's. */
@ExtendWith(VertxExtension.class)
class SealAlertStreamTest {

  /** An open GET /api/v1/me/events of one user, everything it received so far. */
  static StringBuffer stream(Vertx vertx, HttpClient client, String token) {
    return TestApi.liveStream(client, token, null);
  }

  @Test
  @DisplayName(
      "a TAMPERED seal event is pushed to an officer's open live stream at once; the trader's stream does not get it")
  void tamperReachesOfficers(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String container = GateFixture.newContainer();
    JsonObject d = GateFixture.awaitingPayment(vertx, device.gate(), container);
    String seal = "SEAL-" + UUID.randomUUID();
    GateFixture.preArrival(
        vertx,
        d.getString("id"),
        GateFixture.arrival("15C12345").put("seals", new JsonObject().put(container, seal)));
    HttpClient client = vertx.createHttpClient();
    StringBuffer officer = stream(vertx, client, GateFixture.officer());
    StringBuffer trader = stream(vertx, client, TestTokens.trader(GateFixture.TRADER));
    GateFixture.pay(vertx, d);

    JsonObject tampered =
        GateFixture.event(
            "SEAL_STATE",
            new JsonObject()
                .put("sealId", seal)
                .put("sealState", "TAMPERED")
                .put("containerNumber", container));
    var r = device.send(vertx, new JsonArray().add(tampered));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);

    Await.until(
        "the seal alert on the officers' stream",
        Await.DEFAULT_TIMEOUT,
        officer::toString,
        s -> s.contains(seal));
    assertThat(officer.toString()).contains("seal.alert").contains(tampered.getString("id"));
    // the trader's stream is live too (it heard of its declaration's release), but never of the
    // alert
    Await.until(
        "the seal alert on the trader's stream",
        Await.DEFAULT_TIMEOUT,
        trader::toString,
        s -> s.contains(d.getString("id")));
    assertThat(trader.toString()).doesNotContain(seal).doesNotContain("seal.alert");
    client.close();
  }
}
