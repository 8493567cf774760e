package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.gates.GateFixture.assertInvalid;
import static vn.customs.digital.api.gates.GateFixture.assertProblem;
import static vn.customs.digital.api.gates.GateFixture.count;
import static vn.customs.digital.api.gates.GateFixture.event;
import static vn.customs.digital.api.gates.GateFixture.passage;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Gate agents report their events in batches")
class GateEventsTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static long stored(String gate) {
    return count("select count(*) from gate_events where gate_code = $1", gate);
  }

  private static JsonObject accepted(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static long outbox(String declarationId, String eventType) {
    return count(
        "select count(*) from outbox where declaration_id = $1 and event_type = $2",
        declarationId,
        eventType);
  }

  @Test
  @DisplayName(
      "a batch is stored once, in order, by event id: the same batch again is answered with every event a duplicate")
  void idempotentByEventId(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    JsonArray batch =
        new JsonArray()
            .add(event("AGENT_ONLINE", new JsonObject()))
            .add(
                event(
                    "VEHICLE_ARRIVED",
                    new JsonObject()
                        .put("plate", "15C12345")
                        .put("containerNumbers", new JsonArray())
                        .put("confidence", 0.97)))
            .add(event("BARRIER_CLOSED", new JsonObject().put("reason", "TIMEOUT")));
    assertThat(accepted(device.send(vertx, batch)))
        .isEqualTo(new JsonObject().put("accepted", 3).put("duplicates", 0));
    assertThat(accepted(device.send(vertx, batch)))
        .isEqualTo(new JsonObject().put("accepted", 0).put("duplicates", 3));
    // A replay after a crash: part of it stored already, part new.
    JsonArray replay =
        batch.copy().add(event("AGENT_OFFLINE", new JsonObject().put("reason", "link down")));
    assertThat(accepted(device.send(vertx, replay)))
        .isEqualTo(new JsonObject().put("accepted", 1).put("duplicates", 3));
    assertThat(stored(gate)).isEqualTo(4);

    List<String> inOrder =
        Await.result(
                TestApi.shared()
                    .pool()
                    .preparedQuery(
                        "select id from gate_events where gate_code = $1 order by received_seq")
                    .execute(io.vertx.sqlclient.Tuple.of(gate)))
            .stream()
            .map(r -> r.getUUID(0).toString())
            .toList();
    assertThat(inOrder)
        .containsExactly(
            batch.getJsonObject(0).getString("id"),
            batch.getJsonObject(1).getString("id"),
            batch.getJsonObject(2).getString("id"),
            replay.getJsonObject(3).getString("id"));
    Row row =
        GateFixture.one(
            "select delivered_by, device_id, lane, type, data from gate_events where id = $1",
            UUID.fromString(batch.getJsonObject(1).getString("id")));
    assertThat(row.getString("delivered_by")).isEqualTo(device.id());
    assertThat(row.getString("type")).isEqualTo("VEHICLE_ARRIVED");
    assertThat(row.getJsonObject("data").getString("plate")).isEqualTo("15C12345");
  }

  @Test
  @DisplayName("an event twice in one batch is stored once and counted as a duplicate")
  void duplicateWithinBatch(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    JsonObject e =
        event("PLATE_READ", new JsonObject().put("plate", "15C12345").put("confidence", 0.97));
    assertThat(accepted(device.send(vertx, new JsonArray().add(e).add(e.copy()))))
        .isEqualTo(new JsonObject().put("accepted", 1).put("duplicates", 1));
    assertThat(stored(gate)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a batch with one malformed event is refused whole, naming the event and field, and nothing of it is stored")
  void allOrNothing(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    JsonObject good = event("AGENT_ONLINE", new JsonObject());
    assertInvalid(
        device.send(vertx, new JsonArray().add(good).add(event("TELEPORTED", new JsonObject()))),
        422,
        "/events/1/type");
    assertInvalid(
        device.send(vertx, new JsonArray().add(good).add(event("PLATE_READ", null).put("id", "x"))),
        422,
        "/events/1/id");
    assertInvalid(
        device.send(
            vertx,
            new JsonArray()
                .add(good)
                .add(event("PLATE_READ", null).put("occurredAt", "yesterday"))),
        422,
        "/events/1/occurredAt");
    assertInvalid(
        device.send(
            vertx, new JsonArray().add(good).add(event("PLATE_READ", null).put("seq", 1.5))),
        422,
        "/events/1/seq");
    assertInvalid(
        device.send(
            vertx, new JsonArray().add(good).add(event("PLATE_READ", null).put("data", "plate"))),
        422,
        "/events/1/data");
    assertInvalid(
        device.send(vertx, new JsonArray().add(good).add("not an event")), 400, "/events/1");
    assertProblem(
        GateFixture.post(
            vertx, device.token(), "/api/v1/gates/" + gate + "/events", new JsonObject()),
        400);
    assertThat(stored(gate)).isZero();

    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < GateEvents.MAX_BATCH + 1; i++) {
      tooMany.add(
          new JsonObject()
              .put("id", UUID.randomUUID().toString())
              .put("seq", i)
              .put("type", "PLATE_READ")
              .put("occurredAt", "2026-11-23T08:00:00Z"));
    }
    assertProblem(device.send(vertx, tooMany), 413);
    assertThat(stored(gate)).isZero();
  }

  @Test
  @DisplayName(
      "a passage of every container marks the declaration EXITED and notifies trader and broker ('gate.exited'), once")
  void passageExits(Vertx vertx) {
    GateFixture.delegateToBroker(vertx);
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String c1 = GateFixture.newContainer();
    String c2 = GateFixture.newContainer();
    JsonObject d = GateFixture.released(vertx, gate, c1, c2);
    String id = d.getString("id");

    // The first container passes: the declaration stays RELEASED.
    JsonObject first = passage(d, c1);
    accepted(device.send(vertx, new JsonArray().add(first)));
    assertThat(GateFixture.status(id)).isEqualTo("RELEASED");
    assertThat(outbox(id, "gate.exited")).isZero();

    // The second passes: EXITED, as the trader sees it, with one message to trader and broker.
    JsonObject second = passage(d, c2);
    accepted(device.send(vertx, new JsonArray().add(second)));
    var seen =
        GateFixture.get(vertx, TestTokens.trader(GateFixture.TRADER), "/api/v1/declarations/" + id);
    assertThat(seen.bodyAsJsonObject().getString("status")).isEqualTo("EXITED");
    assertThat(outbox(id, "gate.exited")).isEqualTo(1);
    Row message =
        GateFixture.one(
            "select recipients, payload from outbox where declaration_id = $1 and event_type = 'gate.exited'",
            id);
    assertThat(Arrays.asList(message.getArrayOfStrings("recipients")))
        .contains(GateFixture.TRADER, GateFixture.BROKER);
    assertThat(message.getJsonObject("payload").getString("status")).isEqualTo("EXITED");
    assertThat(
            count(
                "select count(*) from gate_container_exits where declaration_id = $1",
                UUID.fromString(id)))
        .isEqualTo(2);
    assertThat(
            count(
                "select count(*) from audit_log where declaration_id = $1 and action = 'GATE_EXITED'",
                UUID.fromString(id)))
        .isEqualTo(1);

    // The agent replays both: nothing happens twice.
    assertThat(
            accepted(device.send(vertx, new JsonArray().add(first).add(second)))
                .getInteger("duplicates"))
        .isEqualTo(2);
    assertThat(outbox(id, "gate.exited")).isEqualTo(1);
  }

  @Test
  @DisplayName("a passage at another gate than the declaration's does not exit it")
  void passageElsewhere(Vertx vertx) {
    String gate = GateFixture.registerGate(vertx);
    String container = GateFixture.newContainer();
    JsonObject d = GateFixture.released(vertx, gate, container);
    GateFixture.Device elsewhere = GateFixture.deviceAtNewGate(vertx);
    accepted(elsewhere.send(vertx, new JsonArray().add(passage(d, container))));
    assertThat(GateFixture.status(d.getString("id"))).isEqualTo("RELEASED");
    // goods nobody released for that gate went through it: officers are alerted, with nothing known
    // of them there
    JsonObject alert = unreleasedPassageAlert(elsewhere.gate());
    assertThat(alert.getJsonArray("containers").getJsonObject(0).getString("containerNumber"))
        .isEqualTo(container);
    assertThat(alert.getJsonArray("containers").getJsonObject(0).containsKey("declarationNumber"))
        .isFalse();
  }

  private static JsonObject unreleasedPassageAlert(String gate) {
    assertThat(
            count(
                "select count(*) from outbox where event_type = 'gate.unreleased-passage' and payload -> 'data' ->> 'gate' = $1",
                gate))
        .isEqualTo(1);
    Row alert =
        GateFixture.one(
            "select audience, priority, payload from outbox"
                + " where event_type = 'gate.unreleased-passage' and payload -> 'data' ->> 'gate' = $1",
            gate);
    assertThat(Arrays.asList(alert.getArrayOfStrings("audience"))).containsExactly("office:03CC");
    assertThat(alert.getString("priority")).isEqualTo("high");
    return alert.getJsonObject("payload").getJsonObject("data");
  }

  @Test
  @DisplayName(
      "a passage of goods on hold changes nothing of the declaration and alerts officers, naming it and the hold")
  void passageWhileHeld(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String container = GateFixture.newContainer();
    JsonObject d = GateFixture.released(vertx, device.gate(), container);
    GateFixture.officerActs(
        vertx, d, "hold", GateFixture.because("documents to be verified after release"));

    accepted(device.send(vertx, new JsonArray().add(passage(d, container))));

    assertThat(GateFixture.status(d.getString("id"))).isEqualTo("HELD");
    assertThat(
            count(
                "select count(*) from gate_container_exits where declaration_id = $1",
                UUID.fromString(d.getString("id"))))
        .isZero();
    JsonObject item =
        unreleasedPassageAlert(device.gate()).getJsonArray("containers").getJsonObject(0);
    assertThat(item.getString("containerNumber")).isEqualTo(container);
    assertThat(item.getString("declarationNumber")).isEqualTo(d.getString("number"));
    assertThat(item.getString("lastEntry")).isEqualTo("REVOCATION");
    assertThat(item.getString("reason")).isEqualTo("HOLD");
  }

  @Test
  @DisplayName(
      "an interrupted passage alerts officers ('gate.passage-unknown', naming the declaration), is audited, "
          + "leaves the declaration RELEASED, and a replay changes nothing")
  void interruptedPassageAlertsOfficers(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String c1 = GateFixture.newContainer();
    String c2 = GateFixture.newContainer();
    JsonObject d = GateFixture.released(vertx, device.gate(), c1, c2);
    String id = d.getString("id");
    String openedId = UUID.randomUUID().toString();
    JsonObject interrupted =
        event(
            "PASSAGE_INTERRUPTED",
            new JsonObject()
                .put("openedEventId", openedId)
                .put("openedAt", "2026-12-04T08:00:00Z")
                .put("openedSeq", 42)
                .put("plate", "15C12345")
                .put("containerNumbers", new JsonArray().add(c1))
                .put("declarationNumbers", new JsonArray().add(d.getString("number")))
                .put("barrier", "CLOSED"));

    accepted(device.send(vertx, new JsonArray().add(interrupted)));

    assertThat(GateFixture.status(id)).isEqualTo("RELEASED");
    assertThat(
            count(
                "select count(*) from gate_container_exits where declaration_id = $1",
                UUID.fromString(id)))
        .isZero();
    assertThat(outbox(id, "gate.passage-unknown")).isEqualTo(1);
    Row alert =
        GateFixture.one(
            "select audience, priority, recipients, payload from outbox"
                + " where declaration_id = $1 and event_type = 'gate.passage-unknown'",
            id);
    assertThat(Arrays.asList(alert.getArrayOfStrings("audience"))).containsExactly("office:03CC");
    assertThat(Arrays.asList(alert.getArrayOfStrings("recipients")))
        .as("not the trader's news")
        .isEmpty();
    assertThat(alert.getString("priority")).isEqualTo("high");
    JsonObject data = alert.getJsonObject("payload").getJsonObject("data");
    assertThat(data.getString("gate")).isEqualTo(device.gate());
    assertThat(data.getString("eventId")).isEqualTo(interrupted.getString("id"));
    assertThat(data.getString("openedEventId")).isEqualTo(openedId);
    assertThat(data.getString("status")).isEqualTo("RELEASED");
    assertThat(data.getJsonArray("containers").getList()).containsExactly(c1);
    Row audit =
        GateFixture.one(
            "select actor, details from audit_log where declaration_id = $1 and action = 'GATE_PASSAGE_UNKNOWN'",
            UUID.fromString(id));
    assertThat(audit.getString("actor")).isEqualTo("gate-device:" + device.id());
    assertThat(audit.getJsonObject("details").getString("openedEventId")).isEqualTo(openedId);

    assertThat(
            accepted(device.send(vertx, new JsonArray().add(interrupted))).getInteger("duplicates"))
        .isEqualTo(1);
    assertThat(outbox(id, "gate.passage-unknown")).isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_log where declaration_id = $1 and action = 'GATE_PASSAGE_UNKNOWN'",
                UUID.fromString(id)))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "an interrupted passage the gate's feed knows nothing of still alerts officers, with the containers named")
  void interruptedPassageOfUnknownGoods(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String container = GateFixture.newContainer();
    JsonObject interrupted =
        event(
            "PASSAGE_INTERRUPTED",
            new JsonObject()
                .put("openedEventId", UUID.randomUUID().toString())
                .put("openedSeq", 7)
                .put("openedAt", "2026-12-04T08:00:00Z")
                .put("containerNumbers", new JsonArray().add(container))
                .put("declarationNumbers", new JsonArray().add("000000000000"))
                .put("barrier", "CLOSED"));

    accepted(device.send(vertx, new JsonArray().add(interrupted)));

    Row alert =
        GateFixture.one(
            "select declaration_id, payload from outbox where event_type = 'gate.passage-unknown'"
                + " and payload -> 'data' ->> 'eventId' = $1",
            interrupted.getString("id"));
    assertThat(alert.getString("declaration_id")).isNull();
    assertThat(
            alert
                .getJsonObject("payload")
                .getJsonObject("data")
                .getJsonArray("containers")
                .getList())
        .containsExactly(container);
  }

  @Test
  @DisplayName("the journal quota alarms are stored as they came and cause nothing else")
  void journalQuotaAlarmsAreStored(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    JsonObject data =
        new JsonObject()
            .put("usedBytes", 110_000_000L)
            .put("maxBytes", 134_217_728L)
            .put("usedPercent", 82.0)
            .put("warnPercent", 80)
            .put("unsent", 250_000);
    JsonArray batch =
        new JsonArray()
            .add(event("JOURNAL_QUOTA_WARNING", data))
            .add(event("JOURNAL_QUOTA_REACHED", data));

    assertThat(accepted(device.send(vertx, batch)))
        .isEqualTo(new JsonObject().put("accepted", 2).put("duplicates", 0));

    assertThat(
            count(
                "select count(*) from gate_events where gate_code = $1 and type like 'JOURNAL_QUOTA_%'",
                device.gate()))
        .isEqualTo(2);
    assertThat(
            count(
                "select count(*) from outbox where payload -> 'data' ->> 'gate' = $1",
                device.gate()))
        .isZero();
  }

  @Test
  @DisplayName(
      "an event that breaks its type's schema in the contract is refused, naming the event and field")
  void eventHoldsToItsTypeSchema(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    JsonObject good = event("AGENT_ONLINE", new JsonObject());
    assertInvalid(
        device.send(
            vertx,
            new JsonArray()
                .add(good)
                .add(
                    event(
                        "SEAL_STATE",
                        new JsonObject().put("sealId", "S1").put("sealState", "MELTED")))),
        422,
        "/events/1/data/sealState");
    assertInvalid(
        device.send(
            vertx,
            new JsonArray()
                .add(good)
                .add(event("BARRIER_CLOSED", new JsonObject().put("reason", "TIMEOUT")))
                .add(event("PASSAGE_CONFIRMED", new JsonObject().put("containerNumbers", "x")))),
        422,
        "/events/2/data/containerNumbers");
    assertInvalid(
        device.send(
            vertx, new JsonArray().add(good).add(event("BARRIER_CLOSED", new JsonObject()))),
        422,
        "/events/1/data");
    assertThat(stored(device.gate())).isZero();
  }

  @Test
  @DisplayName(
      "a TAMPERED seal alerts officers ('seal.alert', high priority, naming the declaration); other seal states do not")
  void tamperAlert(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String container = GateFixture.newContainer();
    JsonObject d = GateFixture.awaitingPayment(vertx, gate, container);
    String seal = "SEAL-" + UUID.randomUUID();
    GateFixture.preArrival(
        vertx,
        d.getString("id"),
        GateFixture.arrival("15C12345").put("seals", new JsonObject().put(container, seal)));
    GateFixture.pay(vertx, d);

    JsonObject sealed =
        event("SEAL_STATE", new JsonObject().put("sealId", seal).put("sealState", "SEALED"));
    JsonObject tampered =
        event(
            "SEAL_STATE",
            new JsonObject()
                .put("sealId", seal)
                .put("sealState", "TAMPERED")
                .putNull("containerNumber"));
    accepted(device.send(vertx, new JsonArray().add(sealed).add(tampered)));

    assertThat(
            count(
                "select count(*) from outbox where event_type = 'seal.alert' and payload -> 'data' ->> 'sealId' = $1",
                seal))
        .isEqualTo(1);
    Row alert =
        GateFixture.one(
            "select declaration_id, audience, priority, payload from outbox"
                + " where event_type = 'seal.alert' and payload -> 'data' ->> 'sealId' = $1",
            seal);
    assertThat(alert.getString("declaration_id")).isEqualTo(d.getString("id"));
    assertThat(Arrays.asList(alert.getArrayOfStrings("audience"))).containsExactly("office:03CC");
    assertThat(alert.getString("priority")).isEqualTo("high");
    JsonObject data = alert.getJsonObject("payload").getJsonObject("data");
    assertThat(data.getString("gate")).isEqualTo(gate);
    assertThat(data.getString("eventId")).isEqualTo(tampered.getString("id"));
    assertThat(data.getString("sealState")).isEqualTo("TAMPERED");

    accepted(device.send(vertx, new JsonArray().add(tampered)));
    assertThat(
            count(
                "select count(*) from outbox where event_type = 'seal.alert' and payload -> 'data' ->> 'sealId' = $1",
                seal))
        .as("a replayed alert is not sent again")
        .isEqualTo(1);
  }
}
