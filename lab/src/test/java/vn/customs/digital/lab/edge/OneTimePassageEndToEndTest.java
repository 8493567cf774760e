package vn.customs.digital.lab.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.edge.feed.clearances.ClearanceCache.ContainerStatus;
import vn.customs.digital.edge.journal.EventType;
import vn.customs.digital.edge.journal.GateEvent;
import vn.customs.digital.edge.support.JournalFile;
import vn.customs.digital.testing.Await;

/**
 * A truck the real agent holds passes after an officer's one-time authorisation through the real
 * api: the signed command reaches the agent in its clearance feed, the agent's journal and the
 * api's audit trail both show the passage, and the command is not used twice.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A held truck passes once on an officer's authorisation, end to end")
class OneTimePassageEndToEndTest {
  private static final String GATE = "VNOTP";
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir Path dir;
  private ApiLink link;
  private AgentLane lane;

  @BeforeAll
  static void gate() {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(TestApi.shared().vertx())
                .post("/api/v1/gates")
                .bearerTokenAuthentication(TestTokens.officer())
                .sendJsonObject(
                    new JsonObject()
                        .put("code", GATE)
                        .put("officeCode", "03CC")
                        .put("lanes", List.of("L1", "L2"))));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (lane != null) {
      lane.close();
    }
    if (link != null) {
      link.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static List<Row> rows(String sql, Object... args) {
    List<Row> rows = new ArrayList<>();
    Await.result(TestApi.shared().pool().preparedQuery(sql).execute(Tuple.from(args)))
        .forEach(rows::add);
    return rows;
  }

  private static long count(String sql, Object... args) {
    return rows(sql, args).get(0).getLong(0);
  }

  private static HttpResponse<Buffer> authorise(
      Vertx vertx, String laneName, String holdEventId, String reason) {
    return Await.result(
        TestApi.client(vertx)
            .post("/api/v1/gates/" + GATE + "/lanes/" + laneName + "/passage-authorisations")
            .bearerTokenAuthentication(TestTokens.officer())
            .sendJsonObject(
                new JsonObject().put("holdEventId", holdEventId).put("reason", reason)));
  }

  /** The HOLD the api stored for the plate, once it has. */
  private String heldAtApi(String plate) {
    return Await.value(
        "a HOLD of " + plate + " stored in gate_events",
        DEADLINE,
        () ->
            rows(
                    "select id::text from gate_events where delivered_by = $1 and type = 'HOLD'"
                        + " and data ->> 'plate' = $2 order by received_seq desc limit 1",
                    lane.deviceId,
                    plate)
                .stream()
                .findFirst()
                .map(r -> r.getString(0))
                .orElse(null));
  }

  @Test
  @DisplayName(
      "held for a plate read badly, the truck passes once the officer authorises it; the journal and the audit trail show it; a replay is refused")
  void heldTruckPassesOnce(Vertx vertx) throws Exception {
    List<String> containers = Trader.containers("DCEU", 700, 1);
    JsonObject declaration = Trader.released(vertx, GATE, containers);
    String declarationId = declaration.getString("id");
    link = new ApiLink(vertx, TestApi.port()).start().await(10, TimeUnit.SECONDS);
    lane =
        new AgentLane(
            vertx,
            dir,
            GATE,
            "vnotp-l1-" + UUID.randomUUID().toString().substring(0, 8),
            link.url(),
            AgentLane.Options.defaults());
    lane.startAgent();
    Await.until(
        "the clearance cached",
        DEADLINE,
        () ->
            lane.agent.lane().cache().status(containers.get(0), Instant.now()).state()
                == ContainerStatus.State.RELEASED);

    lane.devices.arrive("15C77777", containers, 0.5, null);
    String hold = heldAtApi("15C77777");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();

    // the api refuses the hold for another lane of the gate
    HttpResponse<Buffer> wrongLane = authorise(vertx, "L2", hold, "checked by hand");
    assertThat(wrongLane.statusCode()).as(wrongLane.bodyAsString()).isEqualTo(422);

    HttpResponse<Buffer> authorised =
        authorise(vertx, "L1", hold, "plate 15C-777.77 checked by the officer at the lane");
    assertThat(authorised.statusCode()).as(authorised.bodyAsString()).isEqualTo(201);
    String id = authorised.bodyAsJsonObject().getString("id");

    Await.until(
        "the barrier opened on the command",
        DEADLINE,
        () -> lane.agent.lane().gpio().relayActive());
    lane.vehiclePassesLoop();
    Await.until(
        "the barrier closed after the passage",
        DEADLINE,
        () -> !lane.agent.lane().gpio().relayActive());
    Trader.statusBecomes(vertx, declarationId, "EXITED");
    Await.until(
        "the api recorded the passage",
        DEADLINE,
        () ->
            count(
                    "select count(*) from gate_passage_authorisations where id = $1"
                        + " and passed_event_id is not null",
                    UUID.fromString(id))
                == 1);

    // the api's audit trail: the officer's authorisation, the agent's passage, the exit naming it
    assertThat(
            count(
                "select count(*) from audit_log where action = 'GATE_PASSAGE_AUTHORISED'"
                    + " and actor = 'officer-1' and details ->> 'authorisationId' = $1",
                id))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_log where action = 'GATE_AUTHORISED_PASSAGE'"
                    + " and details ->> 'authorisationId' = $1",
                id))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_log where declaration_id = $1 and action = 'GATE_EXITED'"
                    + " and details ->> 'authorisationId' = $2",
                UUID.fromString(declarationId),
                id))
        .isEqualTo(1);
    Await.until(
        "the audit records chained",
        DEADLINE,
        () ->
            count(
                    "select count(*) from audit_log where details ->> 'authorisationId' = $1"
                        + " and chain_seq is null",
                    id)
                == 0);

    // a replay: the api (its row reset, as a restored database would have it) serves the command
    // again; the agent's journal knows it was used
    Await.result(
        TestApi.shared()
            .pool()
            .preparedQuery(
                "update gate_passage_authorisations set opened_event_id = null, opened_at = null,"
                    + " passed_event_id = null, passed_at = null where id = $1")
            .execute(Tuple.of(UUID.fromString(id))));
    Await.result(
        TestApi.shared()
            .pool()
            .preparedQuery("select pg_notify('dc_gate_feed', $1)")
            .execute(Tuple.of(GATE)));
    Await.until(
        "the replayed command refused",
        DEADLINE,
        () -> lane.agent.lane().metrics().passageCommandsReplayed.sum() >= 1);
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();

    // the agent's journal: one opening and one passage naming the authorisation
    lane.stopAgent();
    List<GateEvent> journal = JournalFile.events(dir.resolve("journal"));
    assertThat(
            journal.stream()
                .filter(e -> e.type() == EventType.BARRIER_OPENED)
                .map(e -> e.data().getString("authorisationId"))
                .toList())
        .containsExactly(id);
    assertThat(
            journal.stream()
                .filter(e -> e.type() == EventType.PASSAGE_CONFIRMED)
                .map(e -> e.data().getString("authorisationId"))
                .toList())
        .containsExactly(id);
  }
}
