package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.gates.GateFixture.assertInvalid;
import static vn.customs.digital.api.gates.GateFixture.assertProblem;
import static vn.customs.digital.api.gates.GateFixture.count;
import static vn.customs.digital.api.gates.GateFixture.event;
import static vn.customs.digital.api.gates.GateFixture.get;
import static vn.customs.digital.api.gates.GateFixture.officer;
import static vn.customs.digital.api.gates.GateFixture.post;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
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

@ExtendWith(VertxExtension.class)
@DisplayName("Officers watch their gates and authorise a held vehicle's one-time passage")
class GateDeskTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static JsonObject at(JsonObject event, String lane, Instant occurredAt) {
    return event.put("lane", lane).put("occurredAt", occurredAt.toString());
  }

  private static JsonObject ok(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static void sent(Vertx vertx, GateFixture.Device device, JsonObject... events) {
    ok(device.send(vertx, new JsonArray(List.of((Object[]) events))));
  }

  private static JsonObject hold(String plate, String... containers) {
    return event(
        "HOLD",
        new JsonObject()
            .put("reason", "LOW_CONFIDENCE")
            .put("detail", "plate read with confidence 0.50")
            .put("plate", plate)
            .put("containerNumbers", new JsonArray(List.of((Object[]) containers))));
  }

  @Test
  @DisplayName(
      "events are listed newest first, filtered by lane, type and time, paged with a cursor; another office's officer finds no gate")
  void eventsPagedAndFiltered(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    Instant t0 = Instant.parse("2026-11-23T08:00:00Z");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      JsonObject e =
          at(
              event("BARRIER_CLOSED", new JsonObject().put("reason", "TIMEOUT")),
              "L1",
              t0.plusSeconds(i));
      ids.add(e.getString("id"));
      sent(vertx, device, e);
    }
    sent(vertx, device, at(hold("15C12345", "MSCU1234566"), "L1", t0.plusSeconds(10)));

    String base = "/api/v1/gates/" + gate + "/events";
    JsonObject page1 = ok(get(vertx, officer(), base + "?type=BARRIER_CLOSED&limit=2"));
    JsonArray items = page1.getJsonArray("items");
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("id")).toList())
        .containsExactly(ids.get(4), ids.get(3));
    String cursor = page1.getString("nextCursor");
    assertThat(cursor).isNotNull();
    JsonObject page2 =
        ok(get(vertx, officer(), base + "?type=BARRIER_CLOSED&limit=2&cursor=" + cursor));
    assertThat(
            page2.getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("id"))
                .toList())
        .containsExactly(ids.get(2), ids.get(1));
    JsonObject ranged =
        ok(
            get(
                vertx,
                officer(),
                base + "?from=" + t0.plusSeconds(1) + "&to=" + t0.plusSeconds(3) + "&lane=L1"));
    assertThat(
            ranged.getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("id"))
                .toList())
        .containsExactly(ids.get(2), ids.get(1));
    assertThat(ranged.getString("nextCursor")).isNull();
    JsonObject holds = ok(get(vertx, officer(), base + "?type=HOLD"));
    assertThat(
            holds.getJsonArray("items").getJsonObject(0).getJsonObject("data").getString("plate"))
        .isEqualTo("15C12345");

    assertProblem(get(vertx, officer(), base + "?cursor=garbage"), 400);
    assertProblem(get(vertx, officer(), base + "?lane=L9"), 404);
    String elsewhere = TestTokens.officer("officer-2", "01AB");
    assertProblem(get(vertx, elsewhere, base), 404);
    assertProblem(get(vertx, elsewhere, "/api/v1/gates/" + gate), 404);
    assertProblem(get(vertx, TestTokens.trader(GateFixture.TRADER), base), 403);
    JsonArray mine = ok(get(vertx, officer(), "/api/v1/gates")).getJsonArray("items");
    assertThat(mine.stream().map(g -> ((JsonObject) g).getString("code")).toList()).contains(gate);
    assertThat(
            ok(get(vertx, elsewhere, "/api/v1/gates")).getJsonArray("items").stream()
                .map(g -> ((JsonObject) g).getString("code"))
                .toList())
        .doesNotContain(gate);
  }

  @Test
  @DisplayName(
      "the gate's status shows each lane's barrier from its last barrier event, the agent's last contact and its last report")
  void status(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    JsonObject before = ok(get(vertx, officer(), "/api/v1/gates/" + gate));
    assertThat(before.getJsonArray("laneStatus").getJsonObject(0).getString("barrier"))
        .isEqualTo("UNKNOWN");
    assertThat(before.getString("agentLastSeenAt")).isNull();

    Instant t0 = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    // the backlog arrives after the live event: the agent's time decides, not the order received
    sent(
        vertx,
        device,
        at(
            event(
                "BARRIER_OPENED",
                new JsonObject()
                    .put("containerNumbers", new JsonArray())
                    .put("declarationNumbers", new JsonArray())
                    .put("plate", "51C12345")),
            "L1",
            t0.plusSeconds(5)),
        at(event("BARRIER_CLOSED", new JsonObject().put("reason", "PASSAGE")), "L1", t0));
    JsonObject report =
        new JsonObject()
            .put("reportedAt", Instant.now().toString())
            .put("status", "DEGRADED")
            .put("online", true)
            .put("unsent", 120)
            .put("backlog", 100)
            .put("journalLevel", "OK");
    HttpResponse<Buffer> put =
        Await.result(
            TestApi.client(vertx)
                .put("/api/v1/gates/" + gate + "/lanes/L1/report")
                .bearerTokenAuthentication(device.token())
                .sendJsonObject(report));
    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(204);
    HttpResponse<Buffer> wrongLane =
        Await.result(
            TestApi.client(vertx)
                .put("/api/v1/gates/" + gate + "/lanes/L7/report")
                .bearerTokenAuthentication(device.token())
                .sendJsonObject(report));
    assertProblem(wrongLane, 404);

    JsonObject status = ok(get(vertx, officer(), "/api/v1/gates/" + gate));
    JsonObject lane = status.getJsonArray("laneStatus").getJsonObject(0);
    assertThat(lane.getString("barrier")).isEqualTo("OPEN");
    assertThat(lane.getString("barrierSince")).isEqualTo(t0.plusSeconds(5).toString());
    assertThat(lane.getJsonObject("agentReport").getLong("backlog")).isEqualTo(100);
    assertThat(lane.getJsonObject("agentReport").getString("deviceId")).isEqualTo(device.id());
    assertThat(status.getString("agentLastSeenAt")).isNotNull();
  }

  @Test
  @DisplayName(
      "a one-time passage: authorised once per hold (audited), served signed in the feed until the agent opens, recorded with its passage")
  void oneTimePassage(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String container = GateFixture.newContainer();
    JsonObject declaration = GateFixture.released(vertx, gate, container);
    JsonObject hold = hold("15C12345", container);
    sent(vertx, device, hold);
    String uri = "/api/v1/gates/" + gate + "/lanes/L1/passage-authorisations";
    JsonObject body =
        new JsonObject()
            .put("holdEventId", hold.getString("id"))
            .put("reason", "plate checked by hand: 15C-123.45");

    assertProblem(
        post(vertx, officer(), uri, new JsonObject().put("holdEventId", hold.getString("id"))),
        400);
    assertInvalid(post(vertx, officer(), uri, body.copy().put("reason", "   ")), 422, "/reason");
    assertInvalid(
        post(vertx, officer(), uri, body.copy().put("holdEventId", UUID.randomUUID().toString())),
        422,
        "/holdEventId");
    assertProblem(
        post(vertx, officer(), "/api/v1/gates/" + gate + "/lanes/L2/passage-authorisations", body),
        404);
    assertProblem(post(vertx, TestTokens.officer("officer-9", "01AB"), uri, body), 404);

    HttpResponse<Buffer> first = post(vertx, officer(), uri, body);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    JsonObject authorisation = first.bodyAsJsonObject();
    assertThat(authorisation.getString("status")).isEqualTo("PENDING");
    assertThat(authorisation.getJsonArray("containerNumbers")).containsExactly(container);
    HttpResponse<Buffer> again = post(vertx, officer(), uri, body);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(authorisation.getString("id"));
    String id = authorisation.getString("id");
    assertThat(
            count(
                "select count(*) from audit_log where action = 'GATE_PASSAGE_AUTHORISED'"
                    + " and details ->> 'authorisationId' = $1",
                id))
        .isEqualTo(1);

    // the agent's feed carries the command, signed with the service key
    JsonArray commands = device.feed(vertx, null).getJsonArray("commands");
    assertThat(commands).hasSize(1);
    JsonObject command = GateFixture.verified(vertx, commands.getJsonObject(0).getString("jws"));
    assertThat(command.getString("kind")).isEqualTo("ONE_TIME_PASSAGE");
    assertThat(command.getString("id")).isEqualTo(id);
    assertThat(command.getString("lane")).isEqualTo("L1");
    assertThat(command.getString("holdEventId")).isEqualTo(hold.getString("id"));
    // valid for PASSAGE_COMMAND_TTL_SECONDS (the test api's, not the default 300)
    assertThat(Instant.parse(command.getString("expiresAt"))).isAfter(Instant.now());
    assertThat(
            java.time.Duration.between(
                Instant.parse(command.getString("issuedAt")),
                Instant.parse(command.getString("expiresAt"))))
        .isEqualTo(java.time.Duration.ofSeconds(TestApi.PASSAGE_COMMAND_TTL_SECONDS));

    // the agent opens for it and the vehicle passes
    JsonObject opened =
        event(
            "BARRIER_OPENED",
            new JsonObject()
                .put("containerNumbers", new JsonArray().add(container))
                .put("declarationNumbers", new JsonArray().add(declaration.getString("number")))
                .put("plate", "15C12345")
                .put("authorisationId", id));
    JsonObject passed = GateFixture.passage(declaration, container);
    passed.getJsonObject("data").put("authorisationId", id);
    sent(vertx, device, opened, passed);
    assertThat(device.feed(vertx, null).getJsonArray("commands")).isEmpty();
    assertThat(GateFixture.status(declaration.getString("id"))).isEqualTo("EXITED");
    JsonObject listed =
        ok(get(vertx, officer(), "/api/v1/gates/" + gate + "/passage-authorisations?lane=L1"))
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(listed.getString("status")).isEqualTo("PASSED");
    assertThat(listed.getString("openedEventId")).isEqualTo(opened.getString("id"));
    assertThat(listed.getString("passedEventId")).isEqualTo(passed.getString("id"));
    assertThat(
            count(
                "select count(*) from audit_log where action = 'GATE_AUTHORISED_PASSAGE'"
                    + " and details ->> 'authorisationId' = $1 and details ->> 'eventId' = $2",
                id,
                passed.getString("id")))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_log where declaration_id = $1 and action = 'GATE_EXITED'"
                    + " and details ->> 'authorisationId' = $2",
                UUID.fromString(declaration.getString("id")),
                id))
        .isEqualTo(1);
    // a replayed passage naming it records nothing twice
    JsonObject replay = GateFixture.passage(declaration, container);
    replay.getJsonObject("data").put("authorisationId", id);
    sent(vertx, device, replay);
    assertThat(
            count(
                "select count(*) from audit_log where action = 'GATE_AUTHORISED_PASSAGE'"
                    + " and details ->> 'authorisationId' = $1",
                id))
        .isEqualTo(1);
  }
}
