package vn.customs.digital.lab.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.edge.decision.SealState;
import vn.customs.digital.edge.feed.clearances.ClearanceCache.ContainerStatus;
import vn.customs.digital.testing.Await;

/**
 * The real gate agent (edge-agent) against the real api: gate and device registered by an officer
 * over HTTP, declarations signed, paid at the sandbox bank and released by the api, the agent's
 * simulated camera and e-seal reader over CoAP, the barrier on the Pi4J mock, and every event
 * stored in the api's gate_events.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The gate agent against the api, end to end")
class GateAgentEndToEndTest {
  /** A gate of its own, so no other test's declarations are in its feed. */
  private static final String GATE = "VNE2E";

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final Logger log = LoggerFactory.getLogger(GateAgentEndToEndTest.class);

  @TempDir Path dir;
  private ApiLink link;
  private AgentLane lane;

  @BeforeAll
  static void gate() {
    AgentLane.registerGate(TestApi.shared().vertx(), GATE);
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

  private AgentLane lane(Vertx vertx, AgentLane.Options options) throws Exception {
    link = new ApiLink(vertx, TestApi.port()).start().await(10, TimeUnit.SECONDS);
    lane =
        new AgentLane(
            vertx,
            dir,
            GATE,
            "vne2e-l1-" + UUID.randomUUID().toString().substring(0, 8),
            link.url(),
            options);
    return lane;
  }

  private ContainerStatus.State cached(String container) {
    return lane.agent.lane().cache().status(container, Instant.now()).state();
  }

  private static long count(String sql, Object... args) {
    return Await.result(TestApi.shared().pool().preparedQuery(sql).execute(Tuple.from(args)))
        .iterator()
        .next()
        .getLong(0);
  }

  /** The events the api stored from this lane's agent, in the order it stored them. */
  private List<Row> storedEvents() {
    List<Row> rows = new ArrayList<>();
    Await.result(
            TestApi.shared()
                .pool()
                .preparedQuery(
                    "select id::text, agent_seq, type, data from gate_events"
                        + " where delivered_by = $1 order by received_seq")
                .execute(Tuple.of(lane.deviceId)))
        .forEach(rows::add);
    return rows;
  }

  private JsonObject storedHold() {
    return Await.value(
        "a HOLD stored in gate_events",
        DEADLINE,
        () ->
            storedEvents().stream()
                .filter(r -> r.getString("type").equals("HOLD"))
                .findFirst()
                .map(r -> r.getJsonObject("data"))
                .orElse(null));
  }

  @Test
  @DisplayName(
      "a container paid at the bank opens the barrier; its passage marks the declaration EXITED and tells the trader")
  void releasedContainersPassAndExit(Vertx vertx) throws Exception {
    List<String> containers = Trader.containers("DCEU", 100, 2);
    JsonObject declaration = Trader.declaredUnpaid(vertx, GATE, containers);
    String id = declaration.getString("id");
    Trader.preArrival(vertx, id, "15C-123.45", Map.of(containers.get(0), "SEAL-E2E-1"));
    lane(vertx, AgentLane.Options.defaults()).startAgent();
    assertThat(cached(containers.get(0))).isEqualTo(ContainerStatus.State.NOT_RELEASED);

    Trader.pay(vertx, declaration);
    Await.until(
        "the api's clearances for both containers cached by the agent",
        DEADLINE,
        () -> containers.stream().allMatch(c -> cached(c) == ContainerStatus.State.RELEASED));
    lane.devices.seal("SEAL-E2E-1", "SEALED", containers.get(0));
    Await.until(
        "the agent knows the seal is intact",
        DEADLINE,
        () -> lane.agent.lane().cycle().sealStates().get("SEAL-E2E-1") == SealState.SEALED);
    lane.devices.arrive("15C12345", containers, 0.97, null);

    Await.until(
        "the barrier relay is driven open", DEADLINE, () -> lane.agent.lane().gpio().relayActive());
    lane.vehiclePassesLoop();
    Await.until(
        "the barrier relay is released after the passage",
        DEADLINE,
        () -> !lane.agent.lane().gpio().relayActive());

    Trader.statusBecomes(vertx, id, "EXITED");
    assertThat(
            count(
                "select count(*) from gate_container_exits where declaration_id = $1 and gate_code = $2",
                UUID.fromString(id),
                GATE))
        .isEqualTo(2);
    assertThat(
            count(
                "select count(*) from outbox where event_type = 'gate.exited' and declaration_id = $1"
                    + " and $2 = any(recipients)",
                id,
                Trader.TAX_CODE))
        .isEqualTo(1);
    List<String> types =
        storedEvents().stream()
            .map(r -> r.getString("type"))
            .filter(t -> !t.equals("AGENT_ONLINE") && !t.equals("SEAL_STATE"))
            .toList();
    assertThat(types)
        .containsExactly(
            "VEHICLE_ARRIVED",
            "PLATE_READ",
            "CONTAINER_READ",
            "CONTAINER_READ",
            "BARRIER_OPENED",
            "PASSAGE_CONFIRMED",
            "BARRIER_CLOSED");
  }

  @Test
  @DisplayName(
      "a container whose duties are unpaid holds, and the api stores the hold with its reason")
  void unpaidContainerHolds(Vertx vertx) throws Exception {
    String container = Trader.containers("DCEU", 200, 1).get(0);
    String id = Trader.declaredUnpaid(vertx, GATE, List.of(container)).getString("id");
    lane(vertx, AgentLane.Options.defaults()).startAgent();

    lane.devices.arrive("15C22222", List.of(container), 0.98, null);

    JsonObject hold = storedHold();
    assertThat(hold.getString("reason")).isEqualTo("NOT_RELEASED");
    assertThat(hold.getString("containerNumber")).isEqualTo(container);
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
    assertThat(lane.agent.lane().metrics().decisionsOpen.sum()).isZero();
    assertThat(Trader.declaration(vertx, id).getString("status")).isEqualTo("AWAITING_PAYMENT");
  }

  @Test
  @DisplayName(
      "an officer's hold is pushed to the agent over the WebSocket as a revocation and the next read holds")
  void pushedRevocationHolds(Vertx vertx) throws Exception {
    String container = Trader.containers("DCEU", 300, 1).get(0);
    String id = Trader.released(vertx, GATE, List.of(container)).getString("id");
    // the periodic pull is 10 minutes away: only the push can bring the revocation
    lane(vertx, AgentLane.Options.defaults().withSyncInterval("10m")).startAgent();
    Await.until(
        "the clearance cached",
        DEADLINE,
        () -> cached(container) == ContainerStatus.State.RELEASED);

    long holding = System.nanoTime();
    assertThat(Trader.heldByOfficer(vertx, id).getString("status")).isEqualTo("HELD");
    Await.until(
        "the revocation applied by the agent",
        DEADLINE,
        () -> cached(container) == ContainerStatus.State.REVOKED);
    log.atInfo()
        .addKeyValue("ms", (System.nanoTime() - holding) / 1_000_000)
        .log("revocation: officer's hold requested -> applied by the agent");
    assertThat(lane.agent.lane().health().clearances().pushConnected()).isTrue();

    lane.devices.arrive("15C33333", List.of(container), 0.98, null);

    JsonObject hold = storedHold();
    assertThat(hold.getString("reason")).isEqualTo("REVOKED");
    assertThat(hold.getString("detail")).isEqualTo("HOLD");
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
    assertThat(lane.agent.lane().metrics().decisionsOpen.sum()).isZero();
  }

  @Test
  @DisplayName(
      "an agent stopped with the barrier open reports the passage as unknown at its next start: the officers of the gate's office are "
          + "alerted, the declaration's trail records it and it stays RELEASED; a later start reports nothing again")
  void interruptedOpeningAlertsOfficers(Vertx vertx) throws Exception {
    String container = Trader.containers("DCEU", 500, 1).get(0);
    String id = Trader.released(vertx, GATE, List.of(container)).getString("id");
    lane(vertx, AgentLane.Options.defaults()).startAgent();
    Await.until(
        "the clearance cached",
        DEADLINE,
        () -> cached(container) == ContainerStatus.State.RELEASED);
    lane.devices.arrive("15C55555", List.of(container), 0.99, null);
    Await.until(
        "the opening stored by the api",
        DEADLINE,
        () -> storedEvents().stream().anyMatch(r -> r.getString("type").equals("BARRIER_OPENED")));
    assertThat(lane.agent.lane().gpio().relayActive()).isTrue();

    lane.stopAgent(); // mid-cycle: no passage on the loop, no close journaled (as with a crash or a
    // power cut)
    assertThat(lane.journal().count("BARRIER_CLOSED")).isZero();
    lane.startAgent();

    Row interrupted =
        Await.value(
            "the interrupted passage stored by the api",
            DEADLINE,
            () ->
                storedEvents().stream()
                    .filter(r -> r.getString("type").equals("PASSAGE_INTERRUPTED"))
                    .findFirst()
                    .orElse(null));
    assertThat(lane.agent.lane().gpio().relayActive()).isFalse();
    String opening =
        storedEvents().stream()
            .filter(r -> r.getString("type").equals("BARRIER_OPENED"))
            .findFirst()
            .orElseThrow()
            .getString("id");
    assertThat(interrupted.getJsonObject("data").getString("openedEventId")).isEqualTo(opening);
    assertThat(
            count(
                "select count(*) from outbox where event_type = 'gate.passage-unknown' and declaration_id = $1"
                    + " and audience = array['office:' || (select office_code from gates where code = '"
                    + GATE
                    + "')] and priority = 'high'",
                id))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_log where declaration_id = $1 and action = 'GATE_PASSAGE_UNKNOWN'",
                UUID.fromString(id)))
        .isEqualTo(1);
    assertThat(Trader.declaration(vertx, id).getString("status")).isEqualTo("RELEASED");

    lane.stopAgent();
    lane.startAgent();
    Await.until(
        "the third start delivered what it journaled",
        DEADLINE,
        () ->
            lane.agent.lane().health().uplink().unsent() == 0
                && storedEvents().stream()
                        .filter(r -> r.getString("type").equals("AGENT_ONLINE"))
                        .count()
                    == 3);
    lane.stopAgent();
    assertThat(lane.journal().count("PASSAGE_INTERRUPTED")).isEqualTo(1);
    assertThat(
            storedEvents().stream().filter(r -> r.getString("type").equals("PASSAGE_INTERRUPTED")))
        .hasSize(1);
    assertThat(
            count(
                "select count(*) from outbox where event_type = 'gate.passage-unknown' and declaration_id = $1",
                id))
        .isEqualTo(1);
  }

  @Test
  @DisplayName(
      "link cut, 20 vehicles pass, link restored: every event is stored by the api exactly once, the backlog in agent order")
  void offlineEventsReachTheApiOnceInOrder(Vertx vertx) throws Exception {
    int vehicles = 20;
    List<String> containers = Trader.containers("DCEU", 400, vehicles);
    String id = Trader.released(vertx, GATE, containers).getString("id");
    lane(vertx, AgentLane.Options.defaults().withSimulatedPassage(Duration.ofMillis(20)))
        .startAgent();
    Await.until(
        "every clearance cached",
        DEADLINE,
        () -> containers.stream().allMatch(c -> cached(c) == ContainerStatus.State.RELEASED));
    Await.until(
        "the agent announced itself online",
        DEADLINE,
        () -> storedEvents().stream().anyMatch(r -> r.getString("type").equals("AGENT_ONLINE")));

    link.cut();
    for (int i = 0; i < vehicles; i++) {
      int passed = i + 1;
      lane.devices.arrive("15C%05d".formatted(i), List.of(containers.get(i)), 0.99, null);
      Await.until(
          "vehicle " + i + " passed",
          DEADLINE,
          () -> lane.agent.lane().metrics().passages.sum() == passed);
    }
    assertThat(storedEvents())
        .as("nothing reaches the api while the link is cut")
        .noneMatch(r -> r.getString("type").equals("PASSAGE_CONFIRMED"));
    assertThat(Trader.declaration(vertx, id).getString("status")).isEqualTo("RELEASED");

    link.restore();
    Await.until(
        "the journal drained into the api",
        Duration.ofSeconds(30),
        () ->
            lane.agent.lane().health().uplink().unsent() == 0
                && storedEvents().stream()
                        .filter(r -> r.getString("type").equals("PASSAGE_CONFIRMED"))
                        .count()
                    == vehicles);
    Trader.statusBecomes(vertx, id, "EXITED");
    lane.stopAgent();

    AgentLane.Journal journal = lane.journal();
    List<Row> stored = storedEvents();
    assertThat(journal.unsent()).isZero();
    assertThat(stored.stream().map(r -> r.getString("id")).toList())
        .containsExactlyInAnyOrderElementsOf(journal.ids());
    // the AGENT_ONLINE of the link's return is live and goes ahead of the backlog, which keeps
    // journal order
    assertThat(
            stored.stream()
                .filter(r -> !r.getString("type").equals("AGENT_ONLINE"))
                .map(r -> r.getString("id"))
                .toList())
        .containsExactlyElementsOf(journal.idsExcept("AGENT_ONLINE"));
    assertThat(stored.stream().filter(r -> r.getString("type").equals("AGENT_OFFLINE")))
        .isNotEmpty();
    assertThat(
            count(
                "select count(*) from gate_container_exits where declaration_id = $1",
                UUID.fromString(id)))
        .isEqualTo(vehicles);
  }
}
