package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.gates.GateFixture.act;
import static vn.customs.digital.api.gates.GateFixture.assertInvalid;
import static vn.customs.digital.api.gates.GateFixture.assertProblem;
import static vn.customs.digital.api.gates.GateFixture.because;
import static vn.customs.digital.api.gates.GateFixture.count;
import static vn.customs.digital.api.gates.GateFixture.officer;
import static vn.customs.digital.api.gates.GateFixture.officerActs;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.TestTokens;

/**
 * An officer's hold, lift, exit-gate change and cancellation of released goods, through the api.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Customs acts on released goods before they exit")
class PostReleaseTest {
  private static final JsonObject REASON = because("documents to be verified after release");

  @BeforeAll
  static void api(Vertx vertx) {
    TestApi.shared();
    GateFixture.delegateToBroker(vertx);
  }

  /** Everything an action writes about a declaration: unchanged when an action is refused. */
  private record Written(String status, String borderGate, long audit, long outbox, long feed) {}

  private static Written written(JsonObject d) {
    UUID id = UUID.fromString(d.getString("id"));
    Row row =
        GateFixture.one("select status, border_gate_code from declarations where id = $1", id);
    return new Written(
        row.getString("status"),
        row.getString("border_gate_code"),
        count("select count(*) from audit_log where declaration_id = $1", id),
        count("select count(*) from outbox where declaration_id = $1", d.getString("id")),
        count("select count(*) from gate_feed where declaration_id = $1", id));
  }

  /** The one outbox message of this type: to the trader and its broker, woken at once. */
  private static JsonObject announced(JsonObject d, String eventType) {
    assertThat(
            count(
                "select count(*) from outbox where declaration_id = $1 and event_type = $2",
                d.getString("id"),
                eventType))
        .as(eventType)
        .isEqualTo(1);
    Row message =
        GateFixture.one(
            "select recipients, priority, payload from outbox where declaration_id = $1 and event_type = $2",
            d.getString("id"),
            eventType);
    assertThat(Arrays.asList(message.getArrayOfStrings("recipients")))
        .startsWith(GateFixture.TRADER)
        .contains(GateFixture.BROKER);
    assertThat(message.getString("priority")).isEqualTo("high");
    return message.getJsonObject("payload");
  }

  /** The one audit record of this action, as the trader reads it in the history. */
  private static JsonObject audited(JsonObject d, String action) {
    Row row =
        GateFixture.one(
            "select count(*) over () as n, actor, details from audit_log where declaration_id = $1 and action = $2",
            UUID.fromString(d.getString("id")),
            action);
    assertThat(row.getLong("n")).as(action).isEqualTo(1);
    assertThat(row.getString("actor")).isEqualTo("officer-1");
    return row.getJsonObject("details");
  }

  @Test
  @DisplayName(
      "an officer holds released goods (HELD) and lifts the hold (RELEASED): each audited with its reason, trader and broker told at once; the release time stays")
  void holdAndLift(Vertx vertx) {
    JsonObject d =
        GateFixture.released(vertx, GateFixture.registerGate(vertx), GateFixture.newContainer());
    String releasedAt =
        GateFixture.get(
                vertx,
                TestTokens.trader(GateFixture.TRADER),
                "/api/v1/declarations/" + d.getString("id"))
            .bodyAsJsonObject()
            .getString("releasedAt");

    JsonObject held = officerActs(vertx, d, "hold", REASON);
    assertThat(held.getString("status")).isEqualTo("HELD");
    assertThat(audited(d, "HELD"))
        .isEqualTo(REASON.copy().put("from", "RELEASED").put("to", "HELD"));
    JsonObject message = announced(d, "declaration.held");
    assertThat(message.getString("status")).isEqualTo("HELD");
    assertThat(message.getJsonObject("data")).isEqualTo(REASON);

    JsonObject lifted = officerActs(vertx, d, "hold/lift", because("documents verified"));
    assertThat(lifted.getString("status")).isEqualTo("RELEASED");
    assertThat(lifted.getString("releasedAt")).isEqualTo(releasedAt);
    assertThat(audited(d, "HOLD_LIFTED"))
        .isEqualTo(because("documents verified").put("from", "HELD").put("to", "RELEASED"));
    assertThat(announced(d, "declaration.hold-lifted").getString("status")).isEqualTo("RELEASED");
    var seen =
        GateFixture.get(
            vertx,
            TestTokens.trader(GateFixture.TRADER),
            "/api/v1/declarations/" + d.getString("id") + "/history");
    assertThat(
            seen.bodyAsJsonObject().getJsonArray("entries").stream()
                .map(e -> ((JsonObject) e).getString("action"))
                .toList())
        .endsWith("HELD", "HOLD_LIFTED");
  }

  @Test
  @DisplayName(
      "an officer sends released goods out through another gate: borderGateCode changes, audited with both gates, the trader told the new gate")
  void borderGate(Vertx vertx) {
    String from = GateFixture.registerGate(vertx);
    String to = GateFixture.newGateCode();
    JsonObject d = GateFixture.released(vertx, from, GateFixture.newContainer());

    JsonObject moved =
        officerActs(
            vertx, d, "border-gate", because("the quay is closed").put("borderGateCode", to));
    assertThat(moved.getString("status")).isEqualTo("RELEASED");
    assertThat(moved.getString("borderGateCode")).isEqualTo(to);
    assertThat(moved.getJsonObject("declaration").getString("borderGateCode"))
        .as("the signed declaration is kept")
        .isEqualTo(from);
    assertThat(audited(d, "EXIT_GATE_CHANGED"))
        .isEqualTo(
            because("the quay is closed")
                .put("borderGateCode", to)
                .put("previousBorderGateCode", from));
    assertThat(
            announced(d, "declaration.exit-gate-changed")
                .getJsonObject("data")
                .getString("borderGateCode"))
        .isEqualTo(to);

    // A held declaration may be sent elsewhere too; it stays held.
    officerActs(vertx, d, "hold", REASON);
    assertThat(
            officerActs(
                    vertx,
                    d,
                    "border-gate",
                    because("back to the first gate").put("borderGateCode", from))
                .getString("status"))
        .isEqualTo("HELD");
  }

  @Test
  @DisplayName(
      "after release only an officer cancels, until the goods exit: the trader gets 409 and nothing is written")
  void cancellationAfterRelease(Vertx vertx) {
    JsonObject d =
        GateFixture.released(vertx, GateFixture.registerGate(vertx), GateFixture.newContainer());
    Written before = written(d);
    assertProblem(
        act(
            vertx,
            TestTokens.trader(GateFixture.TRADER),
            d,
            "cancellation",
            because("changed my mind")),
        409);
    assertProblem(
        act(
            vertx,
            TestTokens.broker(GateFixture.BROKER),
            d,
            "cancellation",
            because("changed my mind")),
        409);
    assertThat(written(d)).isEqualTo(before);

    officerActs(vertx, d, "hold", REASON);
    JsonObject cancelled =
        officerActs(vertx, d, "cancellation", because("goods found to be prohibited for export"));
    assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
    assertThat(audited(d, "CANCELLED"))
        .isEqualTo(
            because("goods found to be prohibited for export")
                .put("from", "HELD")
                .put("to", "CANCELLED"));
    assertThat(announced(d, "declaration.cancelled").getString("status")).isEqualTo("CANCELLED");
  }

  @Test
  @DisplayName(
      "a trader, a broker or a risk manager gets 403 for a hold, a lift or an exit-gate change (a gate device's token, only good at its gate, 401), and nothing is written")
  void officersOnly(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    JsonObject d = GateFixture.released(vertx, device.gate(), GateFixture.newContainer());
    Written before = written(d);
    JsonObject toGate =
        because("the quay is closed").put("borderGateCode", GateFixture.newGateCode());
    for (String token :
        new String[] {
          TestTokens.trader(GateFixture.TRADER),
          TestTokens.broker(GateFixture.BROKER),
          TestTokens.token(Role.RISK_MANAGER, null, "risk-manager-1")
        }) {
      assertProblem(act(vertx, token, d, "hold", REASON), 403);
      assertProblem(act(vertx, token, d, "hold/lift", REASON), 403);
      assertProblem(act(vertx, token, d, "border-gate", toGate), 403);
    }
    assertProblem(act(vertx, null, d, "hold", REASON), 401);
    assertProblem(act(vertx, device.token(), d, "hold", REASON), 401);
    assertThat(written(d)).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "409 for a hold, an exit-gate change or an officer's cancellation before release or after exit, and for a lift without a hold; nothing is written")
  void wrongState(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String container = GateFixture.newContainer();
    JsonObject d = GateFixture.awaitingPayment(vertx, device.gate(), container);
    refusedIn(vertx, d, "AWAITING_PAYMENT");
    GateFixture.pay(vertx, d);
    GateFixture.passes(vertx, device, d, container);
    refusedIn(vertx, d, "EXITED");

    JsonObject released = GateFixture.released(vertx, device.gate(), GateFixture.newContainer());
    Written before = written(released);
    assertProblem(act(vertx, officer(), released, "hold/lift", REASON), 409);
    assertThat(written(released)).isEqualTo(before);
    assertProblem(
        act(
            vertx,
            officer(),
            new JsonObject().put("id", UUID.randomUUID().toString()),
            "hold",
            REASON),
        404);
  }

  /**
   * Every officer action on released goods is a 409 for the declaration in this status, and writes
   * nothing.
   */
  private static void refusedIn(Vertx vertx, JsonObject d, String status) {
    assertThat(GateFixture.status(d.getString("id"))).isEqualTo(status);
    Written before = written(d);
    assertProblem(act(vertx, officer(), d, "hold", REASON), 409);
    assertProblem(act(vertx, officer(), d, "hold/lift", REASON), 409);
    assertProblem(
        act(
            vertx,
            officer(),
            d,
            "border-gate",
            because("the quay is closed").put("borderGateCode", GateFixture.newGateCode())),
        409);
    assertProblem(act(vertx, officer(), d, "cancellation", REASON), 409);
    assertThat(written(d)).as(status).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "a missing reason is a 400, a blank or too long one a 422 naming /reason; a malformed or unchanged gate a 422 naming /borderGateCode; nothing is written")
  void reasonAndGateRequired(Vertx vertx) {
    String gate = GateFixture.registerGate(vertx);
    JsonObject d = GateFixture.released(vertx, gate, GateFixture.newContainer());
    Written before = written(d);
    for (String action : new String[] {"hold", "hold/lift", "cancellation"}) {
      assertProblem(act(vertx, officer(), d, action, new JsonObject()), 400);
      assertInvalid(act(vertx, officer(), d, action, because("   ")), 422, "/reason");
      assertProblem(act(vertx, officer(), d, action, because("x".repeat(501))), 400);
    }
    assertProblem(
        act(
            vertx,
            officer(),
            d,
            "border-gate",
            new JsonObject().put("borderGateCode", GateFixture.newGateCode())),
        400);
    assertInvalid(
        act(
            vertx,
            officer(),
            d,
            "border-gate",
            because(" ").put("borderGateCode", GateFixture.newGateCode())),
        422,
        "/reason");
    for (String code : new String[] {"vnhph", "VN", "XXHPH", "VNHP1", "VNHPHX"}) {
      assertInvalid(
          act(
              vertx,
              officer(),
              d,
              "border-gate",
              because("the quay is closed").put("borderGateCode", code)),
          422,
          "/borderGateCode");
    }
    assertInvalid(
        act(
            vertx,
            officer(),
            d,
            "border-gate",
            because("the quay is closed").put("borderGateCode", gate)),
        422,
        "/borderGateCode");
    assertThat(written(d)).isEqualTo(before);
  }
}
