package vn.customs.digital.api.officers;

import static vn.customs.digital.api.http.JsonResponses.send;
import static vn.customs.digital.api.http.Requests.jsonObject;
import static vn.customs.digital.api.http.Requests.pathId;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.declarations.DeclarationValidator;
import vn.customs.digital.api.declarations.Declarations;
import vn.customs.digital.problems.Problem;

/**
 * An officer's hand on goods released but not yet exited, over HTTP: a hold (post-release
 * intelligence) and its lift, and a change of the exit gate. Each is one transaction of {@link
 * OfficerDesk} with its audit record and a message to the trader and its brokers; these routes read
 * the request and answer the declaration as it then is. Cancelling after release is the
 * cancellation resource, by an officer.
 */
public final class PostReleaseRoutes {
  private static final int REASON_MAX = 500;

  private final OfficerDesk desk;

  public PostReleaseRoutes(OfficerDesk desk) {
    this.desk = desk;
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
    move(ctx, "hold", desk::hold);
  }

  /** POST /declarations/{id}/hold/lift {reason}: back to RELEASED, cleared at its gate again. */
  private void lift(RoutingContext ctx) {
    move(ctx, "lift of the hold", desk::lift);
  }

  /** A change of status of {@link OfficerDesk}, with its reason and customs-only note. */
  @FunctionalInterface
  private interface Move {
    Future<Declarations.Declaration> apply(Caller officer, UUID id, String reason, String note);
  }

  private void move(RoutingContext ctx, String what, Move move) {
    Caller officer = Caller.require(ctx, Role.OFFICER);
    UUID id = pathId(ctx, "id", "declaration");
    JsonObject body = jsonObject(ctx);
    List<Problem.FieldError> errors = new ArrayList<>();
    String note = CustomsNote.read(body, errors);
    String reason = reason(body, errors, what);
    answer(ctx, move.apply(officer, id, reason, note));
  }

  /**
   * POST /declarations/{id}/border-gate {borderGateCode, reason}: the goods leave through another
   * gate.
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
    answer(ctx, desk.changeBorderGate(officer, id, gate, reason, note));
  }

  private static void answer(RoutingContext ctx, Future<Declarations.Declaration> changed) {
    changed.onSuccess(d -> send(ctx, 200, d.toJson())).onFailure(ctx::fail);
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
