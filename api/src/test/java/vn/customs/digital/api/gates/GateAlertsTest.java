package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.gates.GateFixture.event;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;

/**
 * A gate's alerts go to the officers of the gate's customs office (audience {@code office:<code>}),
 * on their live streams and phones, not to every officer. Real api, real PostgreSQL, real signed
 * tokens; the offices are this test's own.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A gate's alerts reach the officers of its office")
class GateAlertsTest {
  private static final String HERE = "91GA";
  private static final String THERE = "92GA";

  private final List<HttpClient> clients = new ArrayList<>();

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  @AfterEach
  void closeStreams() {
    clients.forEach(HttpClient::close);
  }

  /** The text an officer's open live stream received so far. */
  private StringBuffer open(Vertx vertx, String token) {
    HttpClient client = vertx.createHttpClient();
    clients.add(client);
    return SealAlertStreamTest.stream(vertx, client, token);
  }

  /** The seal alerts on a stream, by seal id. */
  private static List<String> sealAlerts(StringBuffer stream) {
    return stream
        .toString()
        .lines()
        .filter(line -> line.startsWith("data: "))
        .map(line -> new JsonObject(line.substring("data: ".length())))
        .filter(e -> "seal.alert".equals(e.getString("eventType")))
        .map(e -> e.getJsonObject("data").getString("sealId"))
        .toList();
  }

  private static String tamper(Vertx vertx, GateFixture.Device device) {
    String seal = "SEAL-" + UUID.randomUUID();
    HttpResponse<Buffer> r =
        device.send(
            vertx,
            new JsonArray()
                .add(
                    event(
                        "SEAL_STATE",
                        new JsonObject()
                            .put("sealId", seal)
                            .put("sealState", "TAMPERED")
                            .putNull("containerNumber"))));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return seal;
  }

  private static void awaitAlert(StringBuffer stream, String seal) {
    Await.until(
        "the seal alert " + seal + " on the stream",
        Await.DEFAULT_TIMEOUT,
        () -> sealAlerts(stream).contains(seal));
  }

  @Test
  @DisplayName(
      "a tampered seal at a gate is on the live stream of its office's officers, not on another office's"
          + " officer's; an officer of both offices gets the alerts of both gates")
  void alertsByOffice(Vertx vertx) {
    StringBuffer here = open(vertx, TestTokens.officer("officer-ga-1", HERE));
    StringBuffer there = open(vertx, TestTokens.officer("officer-ga-2", THERE));
    StringBuffer both = open(vertx, TestTokens.officer("officer-ga-3", HERE, THERE));
    GateFixture.Device hereGate =
        GateFixture.registerDevice(
            vertx, GateFixture.registerGate(vertx, GateFixture.newGateCode(), HERE));
    GateFixture.Device thereGate =
        GateFixture.registerDevice(
            vertx, GateFixture.registerGate(vertx, GateFixture.newGateCode(), THERE));

    String first = tamper(vertx, hereGate);
    String second = tamper(vertx, thereGate);

    assertThat(
            Arrays.asList(
                GateFixture.one(
                        "select audience from outbox where event_type = 'seal.alert'"
                            + " and payload -> 'data' ->> 'sealId' = $1",
                        first)
                    .getArrayOfStrings("audience")))
        .containsExactly("office:" + HERE);
    awaitAlert(here, first);
    awaitAlert(both, first);
    awaitAlert(both, second);
    // the stream is in commit order: the other office's officer, who has the later alert of its
    // own gate, would have had the earlier one by now
    awaitAlert(there, second);
    assertThat(sealAlerts(there)).doesNotContain(first);
    assertThat(sealAlerts(here)).contains(first);
  }

  @Test
  @DisplayName(
      "an officer's phone is registered for the offices of its token, so that its office's gate alerts are"
          + " pushed to it")
  void phonesByOffice(Vertx vertx) {
    String token = "officer-phone-" + UUID.randomUUID();
    HttpResponse<Buffer> r =
        GateFixture.post(
            vertx,
            TestTokens.officer("officer-ga-4", HERE),
            "/api/v1/me/push-tokens",
            new JsonObject().put("token", token).put("platform", "android"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    assertThat(
            Arrays.asList(
                GateFixture.one("select roles from push_tokens where token = $1", token)
                    .getArrayOfStrings("roles")))
        .containsExactlyInAnyOrder("officer", "office:" + HERE);
  }
}
