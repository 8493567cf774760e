package vn.customs.digital.api.officers;

import static vn.customs.digital.api.http.JsonResponses.send;
import static vn.customs.digital.api.http.Requests.jsonObject;
import static vn.customs.digital.api.http.Requests.pathId;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.declarations.DeclarationLifecycle;
import vn.customs.digital.api.declarations.DeclarationStatus;
import vn.customs.digital.api.declarations.DeclarationValidator;
import vn.customs.digital.api.declarations.Declarations;
import vn.customs.digital.api.http.Problem;

/**
 * An officer's hand on goods released but not yet exited: a hold (post-release intelligence) and
 * its lift, and a change of the exit gate. Each is one transaction with its audit record and a
 * message to the trader and its brokers; the gates learn of it through the clearance feed, which
 * the trigger {@code declarations_gate_feed} writes in the same transaction (a hold revokes with
 * HOLD, the lift clears again, a new gate revokes with REROUTE at the old gate and clears at the
 * new one: see the {@link vn.customs.digital.api.gates gates} package). Cancelling after release is
 * the cancellation resource, by an officer.
 */
public final class PostReleaseRoutes {
  private static final int REASON_MAX = 500;

  private final Pool pool;
  private final Clock clock;
  private final DeclarationLifecycle lifecycle;

  public PostReleaseRoutes(Pool pool, Clock clock, DeclarationLifecycle lifecycle) {
    this.pool = pool;
    this.clock = clock;
    this.lifecycle = lifecycle;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("holdDeclaration").addHandler(this::hold);
    builder.getRoute("liftDeclarationHold").addHandler(this::lift);
    builder.getRoute("changeBorderGate").addHandler(this::changeBorderGate);
  }

  /**
   * POST /declarations/{id}/hold {reason}: the released goods may pass no gate until the hold is
   * lifted.
   */
  private void hold(RoutingContext ctx) {
    move(
        ctx,
        DeclarationStatus.RELEASED,
        DeclarationStatus.HELD,
        "HELD",
        "declaration.held",
        "hold");
  }

  /** POST /declarations/{id}/hold/lift {reason}: back to RELEASED, cleared at its gate again. */
  private void lift(RoutingContext ctx) {
    move(
        ctx,
        DeclarationStatus.HELD,
        DeclarationStatus.RELEASED,
        "HOLD_LIFTED",
        "declaration.hold-lifted",
        "lift of the hold");
  }

  private void move(
      RoutingContext ctx,
      DeclarationStatus from,
      DeclarationStatus to,
      String action,
      String eventType,
      String what) {
    Caller officer = Caller.require(ctx, Role.OFFICER);
    UUID id = pathId(ctx, "id", "declaration");
    JsonObject body = jsonObject(ctx);
    List<Problem.FieldError> errors = new ArrayList<>();
    String note = CustomsNote.read(body, errors);
    String reason = reason(body, errors, what);
    act(
        ctx,
        id,
        EnumSet.of(from),
        "made " + to,
        (conn, d) ->
            lifecycle.transition(
                conn,
                d,
                to,
                officer.subject(),
                action,
                CustomsNote.into(new JsonObject().put("reason", reason), note),
                eventType,
                true));
  }

  /**
   * POST /declarations/{id}/border-gate {borderGateCode, reason}: the goods leave through another
   * gate. Released or held; the signed declaration keeps the gate it was declared for, the
   * declaration's borderGateCode is the one in force.
   */
  private void changeBorderGate(RoutingContext ctx) {
    Caller officer = Caller.require(ctx, Role.OFFICER);
    UUID id = pathId(ctx, "id", "declaration");
    JsonObject body = jsonObject(ctx);
    List<Problem.FieldError> errors = new ArrayList<>();
    String gate = body.getValue("borderGateCode") instanceof String s ? s : "";
    if (!DeclarationValidator.BORDER_GATE.matcher(gate).matches()) {
      errors.add(new Problem.FieldError("/borderGateCode", DeclarationValidator.BORDER_GATE_RULE));
    }
    String note = CustomsNote.read(body, errors);
    String reason = reason(body, errors, "change of exit gate");
    act(
        ctx,
        id,
        EnumSet.of(DeclarationStatus.RELEASED, DeclarationStatus.HELD),
        "sent to another gate",
        (conn, d) -> {
          if (d.borderGateCode().equals(gate)) {
            return Future.failedFuture(
                Problem.validation(
                        "nothing to change",
                        List.of(
                            new Problem.FieldError(
                                "/borderGateCode", "is already the declaration's exit gate")))
                    .exception());
          }
          JsonObject details =
              CustomsNote.into(
                  new JsonObject()
                      .put("reason", reason)
                      .put("borderGateCode", gate)
                      .put("previousBorderGateCode", d.borderGateCode()),
                  note);
          return conn.preparedQuery(OfficerSql.SET_BORDER_GATE)
              .execute(
                  Tuple.of(
                      id,
                      d.status().name(),
                      d.borderGateCode(),
                      gate,
                      clock.instant().atOffset(ZoneOffset.UTC)))
              .compose(
                  rows ->
                      rows.rowCount() == 1
                          ? lifecycle.announce(
                              conn,
                              d,
                              officer.subject(),
                              "EXIT_GATE_CHANGED",
                              details,
                              "declaration.exit-gate-changed",
                              true,
                              new JsonObject().put("reason", reason).put("borderGateCode", gate))
                          : Future.failedFuture(
                              Problem.conflict(
                                      "concurrent-change",
                                      "the declaration changed meanwhile; retry")
                                  .exception()));
        });
  }

  /**
   * Runs {@code change} in one transaction when the declaration is one the officer may act on
   * ({@link Declarations#officers}: 404 otherwise) and in one of {@code from}; answers it as it is
   * then.
   */
  private void act(
      RoutingContext ctx,
      UUID id,
      Set<DeclarationStatus> from,
      String what,
      BiFunction<SqlConnection, Declarations.Declaration, Future<Void>> change) {
    Caller officer = Caller.require(ctx, Role.OFFICER);
    pool.withTransaction(
            conn ->
                Declarations.officers(conn, officer, id)
                    .compose(
                        d -> {
                          if (!from.contains(d.status())) {
                            return Future.failedFuture(
                                Problem.conflict(
                                        "invalid-transition",
                                        "only a "
                                            + from.stream()
                                                .map(Enum::name)
                                                .collect(Collectors.joining(" or "))
                                            + " declaration can be "
                                            + what
                                            + "; this one is "
                                            + d.status())
                                    .exception());
                          }
                          return change.apply(conn, d).compose(v -> Declarations.byId(conn, id));
                        }))
        .onSuccess(d -> send(ctx, 200, d.toJson()))
        .onFailure(ctx::fail);
  }

  /**
   * The mandatory reason, stated for the trader: it is recorded in the declaration's audit trail,
   * which the trader reads (what the trader must not read goes in the customs-only note). A 422
   * with every problem of the body (those found before, in {@code errors}) when it is missing or
   * too long.
   */
  private static String reason(JsonObject body, List<Problem.FieldError> errors, String action) {
    String reason = body.getValue("reason") instanceof String s ? s.strip() : "";
    if (reason.isEmpty() || reason.length() > REASON_MAX) {
      errors.add(
          new Problem.FieldError(
              "/reason", "a reason of 1 to " + REASON_MAX + " characters is mandatory"));
    }
    if (!errors.isEmpty()) {
      throw Problem.validation("the " + action + " is incomplete", errors).exception();
    }
    return reason;
  }
}
