package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.gates.GateFixture.because;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;

/**
 * The customs-only note on holds, lifts, exit-gate changes, reroutes and inspections: officers read
 * it in the history; the trader and its broker never get it - not in /history, not in an answer,
 * not in an outbox message (the source of every push and of the live stream), not on their open
 * live streams.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Customs-only notes")
class CustomsNoteTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static String secret() {
    return "informant-" + UUID.randomUUID() + ": undervalued phones behind the pallets";
  }

  private static StringBuffer stream(Vertx vertx, HttpClient client, String token) {
    StringBuffer received = new StringBuffer();
    HttpClientResponse response =
        client
            .request(HttpMethod.GET, TestApi.port(), "127.0.0.1", "/api/v1/me/events")
            .compose(
                req ->
                    req.putHeader("Authorization", "Bearer " + token)
                        .putHeader("Accept", "text/event-stream")
                        .send())
            .await();
    assertThat(response.statusCode()).isEqualTo(200);
    response.handler(chunk -> received.append(chunk.toString()));
    return received;
  }

  private static JsonArray history(Vertx vertx, String token, JsonObject d) {
    HttpResponse<Buffer> r =
        GateFixture.get(vertx, token, "/api/v1/declarations/" + d.getString("id") + "/history");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("entries");
  }

  private static JsonObject details(JsonArray entries, String action) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.getJsonObject(i).getString("action").equals(action)) {
        return entries.getJsonObject(i).getJsonObject("details");
      }
    }
    throw new AssertionError("no " + action + " in " + entries.encode());
  }

  /** Neither the trader's nor the broker's history shows a note; the officer's shows each one. */
  private static void onlyOfficersRead(
      Vertx vertx, JsonObject d, List<String> notes, String... actions) {
    String trader = history(vertx, TestTokens.trader(GateFixture.TRADER), d).encode();
    String broker = history(vertx, TestTokens.broker(GateFixture.BROKER), d).encode();
    for (String note : notes) {
      assertThat(trader).doesNotContain(note);
      assertThat(broker).doesNotContain(note);
    }
    assertThat(trader).doesNotContain("customsNote");
    assertThat(broker).doesNotContain("customsNote");
    JsonArray officer = history(vertx, GateFixture.officer(), d);
    for (int i = 0; i < actions.length; i++) {
      assertThat(details(officer, actions[i]).getString("customsNote"))
          .as(actions[i])
          .isEqualTo(notes.get(i));
    }
    // The public reason is the same for everyone.
    assertThat(
            details(history(vertx, TestTokens.trader(GateFixture.TRADER), d), actions[0])
                .getString("reason"))
        .isEqualTo(details(officer, actions[0]).getString("reason"));
    for (String note : notes) {
      assertThat(
              GateFixture.count(
                  "select count(*) from outbox o where o::text like '%' || $1 || '%'", note))
          .as("outbox messages holding the note")
          .isZero();
    }
  }

  @Test
  @DisplayName(
      "a hold, its lift and a change of exit gate with notes: officers read them, trader and broker never do")
  void postRelease(Vertx vertx) {
    GateFixture.delegateToBroker(vertx);
    HttpClient client = vertx.createHttpClient();
    StringBuffer traderStream = stream(vertx, client, TestTokens.trader(GateFixture.TRADER));
    StringBuffer brokerStream = stream(vertx, client, TestTokens.broker(GateFixture.BROKER));
    JsonObject d =
        GateFixture.released(vertx, GateFixture.registerGate(vertx), GateFixture.newContainer());
    List<String> notes = List.of(secret(), secret(), secret());
    HttpResponse<Buffer> held =
        GateFixture.act(
            vertx,
            GateFixture.officer(),
            d,
            "hold",
            because("documents to be verified").put("note", notes.get(0)));
    assertThat(held.statusCode()).as(held.bodyAsString()).isEqualTo(200);
    assertThat(held.bodyAsString()).doesNotContain(notes.get(0));
    GateFixture.officerActs(
        vertx,
        d,
        "border-gate",
        because("exit through the land border")
            .put("borderGateCode", GateFixture.registerGate(vertx))
            .put("note", notes.get(1)));
    GateFixture.officerActs(
        vertx, d, "hold/lift", because("documents verified").put("note", notes.get(2)));
    onlyOfficersRead(vertx, d, notes, "HELD", "EXIT_GATE_CHANGED", "HOLD_LIFTED");

    // Both live streams heard of the lift (the last change), and of no note.
    for (StringBuffer s : List.of(traderStream, brokerStream)) {
      Await.until(
          "the lift on the stream",
          Await.DEFAULT_TIMEOUT,
          s::toString,
          text -> text.contains("declaration.hold-lifted") && text.contains(d.getString("id")));
      for (String note : notes) {
        assertThat(s.toString()).doesNotContain(note);
      }
    }
    client.close();
  }

  @Test
  @DisplayName(
      "a reroute and an inspection with notes: officers read them, trader and broker never do")
  void beforeRelease(Vertx vertx) {
    GateFixture.delegateToBroker(vertx);
    JsonObject d =
        GateFixture.awaitingPayment(
            vertx, GateFixture.registerGate(vertx), GateFixture.newContainer());
    List<String> notes = new ArrayList<>(List.of(secret(), secret()));
    GateFixture.officerActs(
        vertx,
        d,
        "reroute",
        new JsonObject()
            .put("channel", "YELLOW")
            .put("reason", "documents to be checked")
            .put("note", notes.get(0)));
    HttpResponse<Buffer> inspected =
        GateFixture.act(
            vertx,
            GateFixture.officer(),
            d,
            "inspection",
            new JsonObject().put("result", "COMPLIANT").put("note", notes.get(1)));
    assertThat(inspected.statusCode()).as(inspected.bodyAsString()).isEqualTo(200);
    assertThat(inspected.bodyAsString()).doesNotContain(notes.get(1));
    onlyOfficersRead(vertx, d, notes, "REROUTED", "INSPECTED");

    // A note that is not a string, or too long, is refused with its pointer; nothing is recorded.
    HttpResponse<Buffer> refused =
        GateFixture.act(
            vertx,
            GateFixture.officer(),
            d,
            "reroute",
            new JsonObject()
                .put("channel", "RED")
                .put("reason", "goods to be seen")
                .put("note", "x".repeat(2001)));
    assertThat(refused.statusCode()).isIn(400, 422);
    assertThat(refused.bodyAsString()).contains("/note");
  }
}
