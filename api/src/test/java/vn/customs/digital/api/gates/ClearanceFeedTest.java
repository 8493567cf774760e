package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.gates.GateFixture.payloads;

import com.nimbusds.jose.JWSObject;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.payments.PaymentFixture;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

@ExtendWith(VertxExtension.class)
@DisplayName("The signed clearance feed of a gate")
class ClearanceFeedTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static List<String> containers(List<JsonObject> entries) {
    return entries.stream().map(e -> e.getString("containerNumber")).toList();
  }

  /**
   * A released declaration of two containers at a new gate, and the feed's cursor after its
   * clearances.
   */
  private record Released(
      GateFixture.Device device, JsonObject declaration, String c1, String c2, String cursor) {}

  private static Released releasedAtNewGate(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String c1 = GateFixture.newContainer();
    String c2 = GateFixture.newContainer();
    JsonObject d = GateFixture.released(vertx, device.gate(), c1, c2);
    return new Released(device, d, c1, c2, device.feed(vertx, null).getString("cursor"));
  }

  @Test
  @DisplayName(
      "after release the snapshot holds one clearance per container, each a JWS verified with the published keys; the cursor then gives an empty delta")
  void snapshotAfterRelease(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String c1 = GateFixture.newContainer();
    String c2 = GateFixture.newContainer();
    JsonObject d = GateFixture.awaitingPayment(vertx, gate, c1, c2);
    assertThat(device.feed(vertx, null).getJsonArray("entries"))
        .as("nothing may pass before release")
        .isEmpty();

    GateFixture.pay(vertx, d);
    JsonObject snapshot = device.feed(vertx, null);
    assertThat(snapshot.getBoolean("snapshot")).isTrue();
    List<JsonObject> entries = payloads(vertx, snapshot);
    assertThat(containers(entries)).containsExactlyInAnyOrder(c1, c2);
    for (JsonObject e : entries) {
      assertThat(e.getString("kind")).isEqualTo("CLEARANCE");
      assertThat(e.getString("gate")).isEqualTo(gate);
      assertThat(e.getString("declarationId")).isEqualTo(d.getString("id"));
      assertThat(e.getString("declarationNumber")).isEqualTo(d.getString("number"));
      assertThat(e.containsKey("plate")).isTrue();
      assertThat(e.getString("plate")).isNull();
      assertThat(e.getString("sealId")).isNull();
      assertThat(Instant.parse(e.getString("validUntil")))
          .isAfter(Instant.now().plus(71, ChronoUnit.HOURS));
      assertThat(Instant.parse(e.getString("issuedAt"))).isBefore(Instant.now().plusSeconds(5));
      assertThat(e.getLong("seq")).isPositive();
    }
    long highest = entries.stream().mapToLong(e -> e.getLong("seq")).max().orElseThrow();
    assertThat(snapshot.getString("cursor")).isEqualTo(String.valueOf(highest));

    JsonObject delta = device.feed(vertx, snapshot.getString("cursor"));
    assertThat(delta.getBoolean("snapshot")).isFalse();
    assertThat(delta.getJsonArray("entries")).isEmpty();
    assertThat(delta.getString("cursor")).isEqualTo(snapshot.getString("cursor"));
  }

  @Test
  @DisplayName(
      "each entry's JWS names its type and a published key, and one altered byte makes it fail verification")
  void alteredEntry(Vertx vertx) throws Exception {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String container = GateFixture.newContainer();
    GateFixture.released(vertx, gate, container);
    String jws = device.feed(vertx, null).getJsonArray("entries").getJsonObject(0).getString("jws");
    assertThat(GateFixture.verifies(vertx, jws)).isTrue();
    assertThat(JWSObject.parse(jws).getHeader().getType().getType()).isEqualTo("clearance+jws");

    String[] parts = jws.split("\\.");
    byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
    int at =
        new String(payload, StandardCharsets.UTF_8).indexOf(container) + container.length() - 1;
    payload[at] =
        (byte)
            (payload[at] == '9' ? '8' : payload[at] + 1); // the container's check digit, one byte
    String altered =
        parts[0]
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(payload)
            + "."
            + parts[2];
    assertThat(altered).isNotEqualTo(jws);
    assertThat(GateFixture.verifies(vertx, altered)).isFalse();
  }

  @Test
  @DisplayName(
      "a plate given after release re-issues the clearances with plate and seal, in the delta after the cursor")
  void preArrivalAfterRelease(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String c1 = GateFixture.newContainer();
    String c2 = GateFixture.newContainer();
    JsonObject d = GateFixture.released(vertx, gate, c1, c2);
    String cursor = device.feed(vertx, null).getString("cursor");

    GateFixture.preArrival(
        vertx,
        d.getString("id"),
        GateFixture.arrival("15C-123.45").put("seals", new JsonObject().put(c1, "SEAL-" + c1)));
    JsonObject delta = device.feed(vertx, cursor);
    assertThat(delta.getBoolean("snapshot")).isFalse();
    List<JsonObject> entries = payloads(vertx, delta);
    assertThat(containers(entries)).containsExactlyInAnyOrder(c1, c2);
    for (JsonObject e : entries) {
      assertThat(e.getString("kind")).isEqualTo("CLEARANCE");
      assertThat(e.getString("plate")).isEqualTo("15C12345");
      assertThat(e.getString("sealId"))
          .isEqualTo(e.getString("containerNumber").equals(c1) ? "SEAL-" + c1 : null);
      assertThat(e.getLong("seq")).isGreaterThan(Long.parseLong(cursor));
    }
    // The snapshot shows the latest entry only: one per container, with the plate.
    List<JsonObject> snapshot = payloads(vertx, device.feed(vertx, null));
    assertThat(snapshot)
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.getString("plate")).isEqualTo("15C12345"));
  }

  @Test
  @DisplayName("a declaration released at submission (nothing due) is in the feed as well")
  void releasedAtSubmission(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String container = GateFixture.newContainer();
    JsonObject d = null;
    // An export of goods without export duty: GREEN for the priority enterprise unless the random
    // draw picks it.
    for (int attempt = 0; attempt < 5 && d == null; attempt++) {
      JsonObject submitted =
          PaymentFixture.submit(
              vertx,
              GateFixture.TRADER,
              new JsonObject()
                  .put("type", "EXPORT")
                  .put("procedureCode", "B11")
                  .put("borderGateCode", gate)
                  .put("containers", new JsonArray().add(container)));
      d = "RELEASED".equals(submitted.getString("status")) ? submitted : null;
    }
    assertThat(d)
        .as("an export without duty of the priority enterprise is released at submission")
        .isNotNull();
    List<JsonObject> entries = payloads(vertx, device.feed(vertx, null));
    assertThat(containers(entries)).containsExactly(container);
    assertThat(entries.get(0).getString("declarationId")).isEqualTo(d.getString("id"));
  }

  @Test
  @DisplayName(
      "a released declaration cancelled by an officer or put on hold is revoked: REVOCATION entries in the delta, gone from the snapshot")
  void revocations(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String c1 = GateFixture.newContainer();
    String c2 = GateFixture.newContainer();
    String c3 = GateFixture.newContainer();
    JsonObject cancelled = GateFixture.released(vertx, gate, c1, c2);
    JsonObject held = GateFixture.released(vertx, gate, c3);
    String cursor = device.feed(vertx, null).getString("cursor");

    GateFixture.officerActs(
        vertx,
        cancelled,
        "cancellation",
        GateFixture.because("goods found to be prohibited for export"));
    GateFixture.officerActs(
        vertx, held, "hold", GateFixture.because("documents to be verified after release"));
    JsonObject delta = device.feed(vertx, cursor);
    List<JsonObject> entries = payloads(vertx, delta);
    assertThat(entries)
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.getString("kind")).isEqualTo("REVOCATION"));
    for (JsonObject e : entries) {
      boolean ofCancelled = e.getString("declarationId").equals(cancelled.getString("id"));
      assertThat(e.getString("reason")).isEqualTo(ofCancelled ? "CANCELLED" : "HOLD");
      assertThat(e.getString("gate")).isEqualTo(gate);
    }
    assertThat(containers(entries)).containsExactlyInAnyOrder(c1, c2, c3);
    assertThat(device.feed(vertx, null).getJsonArray("entries")).isEmpty();
    assertThat(device.feed(vertx, delta.getString("cursor")).getJsonArray("entries")).isEmpty();
  }

  @Test
  @DisplayName(
      "lifting a hold clears the containers again: fresh CLEARANCE entries after the HOLD revocations, back in the snapshot")
  void holdThenLift(Vertx vertx) {
    Released r = releasedAtNewGate(vertx);
    GateFixture.Device device = r.device();
    JsonObject d = r.declaration();

    GateFixture.officerActs(
        vertx, d, "hold", GateFixture.because("documents to be verified after release"));
    JsonObject revoked = device.feed(vertx, r.cursor());
    assertThat(payloads(vertx, revoked))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.getString("reason")).isEqualTo("HOLD"));

    GateFixture.officerActs(vertx, d, "hold/lift", GateFixture.because("documents verified"));
    List<JsonObject> cleared = payloads(vertx, device.feed(vertx, revoked.getString("cursor")));
    assertThat(containers(cleared)).containsExactlyInAnyOrder(r.c1(), r.c2());
    assertThat(cleared)
        .allSatisfy(
            e -> {
              assertThat(e.getString("kind")).isEqualTo("CLEARANCE");
              assertThat(e.containsKey("reason")).isFalse();
              assertThat(Instant.parse(e.getString("validUntil")))
                  .isAfter(Instant.now().plus(71, ChronoUnit.HOURS));
            });
    assertThat(containers(payloads(vertx, device.feed(vertx, null))))
        .containsExactlyInAnyOrder(r.c1(), r.c2());
  }

  @Test
  @DisplayName(
      "a released declaration sent to another gate is revoked at the old gate (REROUTE) and cleared at the new one")
  void reroute(Vertx vertx) {
    GateFixture.Device atFrom = GateFixture.deviceAtNewGate(vertx);
    GateFixture.Device atTo = GateFixture.deviceAtNewGate(vertx);
    String to = atTo.gate();
    String container = GateFixture.newContainer();
    JsonObject d = GateFixture.released(vertx, atFrom.gate(), container);
    String cursor = atFrom.feed(vertx, null).getString("cursor");

    GateFixture.officerActs(
        vertx,
        d,
        "border-gate",
        GateFixture.because("the quay of the declared gate is closed").put("borderGateCode", to));
    List<JsonObject> revoked = payloads(vertx, atFrom.feed(vertx, cursor));
    assertThat(revoked)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getString("kind")).isEqualTo("REVOCATION");
              assertThat(e.getString("reason")).isEqualTo("REROUTE");
              assertThat(e.getString("containerNumber")).isEqualTo(container);
            });
    assertThat(atFrom.feed(vertx, null).getJsonArray("entries")).isEmpty();
    List<JsonObject> cleared = payloads(vertx, atTo.feed(vertx, null));
    assertThat(cleared)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getString("kind")).isEqualTo("CLEARANCE");
              assertThat(e.getString("gate")).isEqualTo(to);
              assertThat(e.getString("containerNumber")).isEqualTo(container);
            });
  }

  @Test
  @DisplayName(
      "a container that passed the gate is revoked there (EXITED) at once, while the declaration's other containers stay cleared")
  void passageRevokes(Vertx vertx) {
    Released r = releasedAtNewGate(vertx);
    GateFixture.Device device = r.device();
    JsonObject d = r.declaration();
    String c1 = r.c1();
    String c2 = r.c2();

    GateFixture.passes(vertx, device, d, c1);
    JsonObject delta = device.feed(vertx, r.cursor());
    assertThat(payloads(vertx, delta))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getString("kind")).isEqualTo("REVOCATION");
              assertThat(e.getString("reason")).isEqualTo("EXITED");
              assertThat(e.getString("containerNumber")).isEqualTo(c1);
              assertThat(e.getString("declarationId")).isEqualTo(d.getString("id"));
            });
    assertThat(containers(payloads(vertx, device.feed(vertx, null)))).containsExactly(c2);

    // The last container: EXITED in the feed as well, nothing left to pass.
    GateFixture.passes(vertx, device, d, c2);
    assertThat(payloads(vertx, device.feed(vertx, delta.getString("cursor"))))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getString("reason")).isEqualTo("EXITED");
              assertThat(e.getString("containerNumber")).isEqualTo(c2);
            });
    assertThat(GateFixture.status(d.getString("id"))).isEqualTo("EXITED");
    assertThat(device.feed(vertx, null).getJsonArray("entries")).isEmpty();
  }

  @Test
  @DisplayName(
      "a container that exited is not cleared again: not by lifting a hold, not at a new exit gate, not by a new plate")
  void exitedStaysRevoked(Vertx vertx) {
    Released r = releasedAtNewGate(vertx);
    GateFixture.Device device = r.device();
    GateFixture.Device elsewhere = GateFixture.deviceAtNewGate(vertx);
    JsonObject d = r.declaration();
    String gone = r.c1();
    String left = r.c2();
    GateFixture.passes(vertx, device, d, gone);

    GateFixture.officerActs(
        vertx, d, "hold", GateFixture.because("documents to be verified after release"));
    GateFixture.officerActs(vertx, d, "hold/lift", GateFixture.because("documents verified"));
    assertThat(containers(payloads(vertx, device.feed(vertx, null)))).containsExactly(left);
    GateFixture.preArrival(vertx, d.getString("id"), GateFixture.arrival("15C12345"));
    assertThat(containers(payloads(vertx, device.feed(vertx, null)))).containsExactly(left);

    GateFixture.officerActs(
        vertx,
        d,
        "border-gate",
        GateFixture.because("the quay of the declared gate is closed")
            .put("borderGateCode", elsewhere.gate()));
    assertThat(containers(payloads(vertx, elsewhere.feed(vertx, null)))).containsExactly(left);
    // At the old gate the exited container's last word stays EXITED; only the other one is
    // re-routed.
    List<JsonObject> history = payloads(vertx, device.feed(vertx, "0"));
    assertThat(history)
        .filteredOn(e -> e.getString("containerNumber").equals(gone))
        .singleElement()
        .satisfies(e -> assertThat(e.getString("reason")).isEqualTo("EXITED"));
    assertThat(history)
        .filteredOn(e -> e.getString("containerNumber").equals(left))
        .singleElement()
        .satisfies(e -> assertThat(e.getString("reason")).isEqualTo("REROUTE"));
  }

  @Test
  @DisplayName(
      "a cursor the feed never issued gets a snapshot; a gate's feed holds nothing of other gates")
  void foreignCursor(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String container = GateFixture.newContainer();
    GateFixture.released(vertx, gate, container);
    GateFixture.released(vertx, GateFixture.registerGate(vertx), GateFixture.newContainer());
    // Garbage, or a cursor ahead of the feed (as after a database restore).
    for (String cursor : new String[] {"not-a-cursor", "99999999999999"}) {
      JsonObject answer = device.feed(vertx, cursor);
      assertThat(answer.getBoolean("snapshot")).as(cursor).isTrue();
      assertThat(containers(payloads(vertx, answer))).as(cursor).containsExactly(container);
    }
  }

  @Test
  @DisplayName(
      "a plate given while a release is being committed is never lost: the latest clearance carries it")
  void preArrivalDuringRelease(Vertx vertx) throws Exception {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String container = GateFixture.newContainer();
    JsonObject d = GateFixture.awaitingPayment(vertx, gate, container);

    // The release is written but not committed yet, on a connection of its own (the api's pool is
    // small in
    // tests). It updates the row without locking it first, as the officer's inspection does; the
    // payment path
    // reads it FOR UPDATE, which the pre-arrival's foreign-key check already waits for.
    TestDatabase db = TestDatabase.shared();
    PgConnection conn =
        Await.result(
            PgConnection.connect(
                vertx,
                new PgConnectOptions()
                    .setHost(db.host)
                    .setPort(db.port)
                    .setDatabase(db.database)
                    .setUser(db.user)
                    .setPassword(db.password)));
    CompletableFuture<Integer> preArrival;
    try {
      Transaction tx = Await.result(conn.begin());
      Await.result(
          conn.preparedQuery(
                  "update declarations set status = 'RELEASED', released_at = now() where id = $1")
              .execute(Tuple.of(UUID.fromString(d.getString("id")))));
      // Meanwhile the trader gives the plate.
      preArrival =
          CompletableFuture.supplyAsync(
              () ->
                  GateFixture.declarePreArrival(
                          vertx,
                          TestTokens.trader(GateFixture.TRADER),
                          d.getString("id"),
                          GateFixture.arrival("15C12345"))
                      .statusCode());
      // Either it went through at once, or it waits for the release to commit.
      Await.until(
          "the pre-arrival through, or waiting for the release's lock",
          () ->
              preArrival.isDone()
                  || Await.result(
                              conn.query("select count(*) from pg_locks where not granted")
                                  .execute())
                          .iterator()
                          .next()
                          .getLong(0)
                      > 0);
      Await.result(tx.commit());
    } finally {
      Await.result(conn.close());
    }
    assertThat(preArrival.get()).isEqualTo(200);
    assertThat(payloads(vertx, device.feed(vertx, null)))
        .singleElement()
        .satisfies(e -> assertThat(e.getString("plate")).isEqualTo("15C12345"));
  }
}
