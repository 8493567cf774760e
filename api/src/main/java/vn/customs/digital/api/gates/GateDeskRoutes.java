package vn.customs.digital.api.gates;

import static vn.customs.digital.api.http.JsonResponses.send;
import static vn.customs.digital.api.http.Requests.jsonObject;
import static vn.customs.digital.api.http.Requests.queryInstant;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.http.ContractValidation;
import vn.customs.digital.problems.Problem;

/**
 * The officers' view of their gates: the gates of their offices, a gate's status (its lanes'
 * barriers as the agents last reported them, each agent's last contact and report), its events
 * newest first, and one-time passages for a vehicle an agent holds ({@link PassageAuthorisations}).
 * An officer sees the gates of the customs offices of their token only: another office's gate is
 * not found, as if it did not exist.
 */
final class GateDeskRoutes {
  private static final int REASON_MAX = 500;
  private static final int DEFAULT_LIMIT = 50;

  private final Pool pool;
  private final PassageAuthorisations passages;
  private final Set<String> eventTypes;

  /** {@code eventTypes}: the gate event types of the contract ({@link GateEvents#types}). */
  GateDeskRoutes(Pool pool, PassageAuthorisations passages, Set<String> eventTypes) {
    this.pool = pool;
    this.passages = passages;
    this.eventTypes = Set.copyOf(eventTypes);
  }

  void mount(RouterBuilder builder) {
    builder.getRoute("listGates").addHandler(this::listGates);
    builder.getRoute("getGate").addHandler(this::getGate);
    builder.getRoute("listGateEvents").addHandler(this::listEvents);
    builder.getRoute("authoriseGatePassage").addHandler(this::authorise);
    builder.getRoute("listGatePassageAuthorisations").addHandler(this::listAuthorisations);
  }

  /** A gate as its officers see it. */
  private record Gate(String code, String name, String office, List<String> lanes) {
    JsonObject toJson() {
      return new JsonObject()
          .put("code", code)
          .put("name", name)
          .put("officeCode", office)
          .put("lanes", new JsonArray(lanes));
    }

    static Gate of(Row r) {
      return new Gate(
          r.getString("code"),
          r.getString("name"),
          r.getString("office_code"),
          List.of(r.getArrayOfStrings("lanes")));
    }
  }

  /** GET /gates: the gates of the officer's offices. */
  private void listGates(RoutingContext ctx) {
    Caller officer = Caller.require(ctx, Role.OFFICER);
    pool.preparedQuery(GateSql.GATES_OF_OFFICES)
        .execute(Tuple.of(officer.offices().toArray(String[]::new)))
        .onSuccess(
            rows -> {
              JsonArray items = new JsonArray();
              rows.forEach(r -> items.add(Gate.of(r).toJson()));
              send(ctx, 200, new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  /**
   * The gate {@code gate} if it is one of the officer's offices' (404 otherwise, and for a lane it
   * does not have when {@code lane} is given).
   */
  private Future<Gate> gateOf(Caller officer, String gate, String lane) {
    return pool.preparedQuery(GateSql.GATE)
        .execute(Tuple.of(gate))
        .compose(
            rows -> {
              Gate g = rows.size() == 0 ? null : Gate.of(rows.iterator().next());
              if (g == null || !officer.offices().contains(g.office())) {
                return Future.failedFuture(Problem.notFound("no gate " + gate).exception());
              }
              if (lane != null && !g.lanes().contains(lane)) {
                return Future.failedFuture(
                    Problem.notFound("gate " + gate + " has no lane " + lane).exception());
              }
              return Future.succeededFuture(g);
            });
  }

  /**
   * GET /gates/{gate}: each lane's barrier as its agent's last barrier event left it (OPEN, CLOSED,
   * or UNKNOWN before any), when the api last heard from the lane (an event or a report) and the
   * agent's last report (its backlog, journal, cache and devices as it said them).
   */
  private void getGate(RoutingContext ctx) {
    Caller officer = Caller.require(ctx, Role.OFFICER);
    String code = ctx.pathParam("gate");
    gateOf(officer, code, null)
        .compose(
            gate ->
                pool.preparedQuery(GateSql.LANES)
                    .execute(Tuple.of(code))
                    .map(
                        rows -> {
                          JsonArray lanes = new JsonArray();
                          OffsetDateTime gateSeen = null;
                          for (Row r : rows) {
                            OffsetDateTime seen =
                                latest(
                                    r.getOffsetDateTime("last_event_at"),
                                    r.getOffsetDateTime("report_received_at"));
                            if (seen != null && (gateSeen == null || seen.isAfter(gateSeen))) {
                              gateSeen = seen;
                            }
                            lanes.add(lane(r, seen));
                          }
                          return gate.toJson()
                              .put("agentLastSeenAt", text(gateSeen))
                              .put("laneStatus", lanes);
                        }))
        .onSuccess(body -> send(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private static JsonObject lane(Row r, OffsetDateTime seen) {
    String barrierType = r.getString("barrier_type");
    String barrier =
        barrierType == null ? "UNKNOWN" : "BARRIER_OPENED".equals(barrierType) ? "OPEN" : "CLOSED";
    JsonObject report = null;
    if (r.getJsonObject("report") != null) {
      report =
          r.getJsonObject("report")
              .copy()
              .put("deviceId", r.getString("report_device_id"))
              .put("reportedAt", text(r.getOffsetDateTime("reported_at")))
              .put("receivedAt", text(r.getOffsetDateTime("report_received_at")));
    }
    return new JsonObject()
        .put("lane", r.getString("lane"))
        .put("barrier", barrier)
        .put("barrierEvent", barrierType)
        .put(
            "barrierEventId",
            r.getUUID("barrier_event_id") == null ? null : r.getUUID("barrier_event_id").toString())
        .put("barrierSince", text(r.getOffsetDateTime("barrier_at")))
        .put("lastEventReceivedAt", text(r.getOffsetDateTime("last_event_at")))
        .put("agentLastSeenAt", text(seen))
        .put("agentReport", report);
  }

  /**
   * GET /gates/{gate}/events?lane=&type=&from=&to=&limit=&cursor=: newest first (by the time the
   * agent saw them), paged with {@code nextCursor}.
   */
  private void listEvents(RoutingContext ctx) {
    Caller officer = Caller.require(ctx, Role.OFFICER);
    String code = ctx.pathParam("gate");
    var q = ctx.queryParams();
    int limit = ContractValidation.queryInteger(ctx, "limit", DEFAULT_LIMIT);
    OffsetDateTime from = queryInstant(ctx, "from");
    OffsetDateTime to = queryInstant(ctx, "to");
    String type = q.get("type");
    if (type != null && !eventTypes.contains(type)) {
      throw Problem.badRequest(
              "type must be a gate event type",
              List.of(
                  new Problem.FieldError(
                      "type",
                      "one of " + String.join(", ", eventTypes.stream().sorted().toList()))))
          .exception();
    }
    String lane = q.get("lane");
    Cursor after = Cursor.parse(q.get("cursor"));
    gateOf(officer, code, lane)
        .compose(
            gate ->
                pool.preparedQuery(GateSql.EVENTS)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              code,
                              lane,
                              type,
                              from,
                              to,
                              after == null ? null : after.occurredAt(),
                              after == null ? null : after.receivedSeq(),
                              limit + 1
                            })))
        .onSuccess(
            rows -> {
              JsonArray items = new JsonArray();
              String next = null;
              int n = 0;
              for (Row r : rows) {
                if (n++ == limit) {
                  break;
                }
                items.add(event(r));
                if (rows.size() > limit) {
                  next =
                      new Cursor(r.getOffsetDateTime("occurred_at"), r.getLong("received_seq"))
                          .encode();
                }
              }
              send(ctx, 200, new JsonObject().put("items", items).put("nextCursor", next));
            })
        .onFailure(ctx::fail);
  }

  /** Where a page of events ended: the last event's time and the order it was received in. */
  private record Cursor(OffsetDateTime occurredAt, long receivedSeq) {
    String encode() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((occurredAt + "|" + receivedSeq).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor parse(String text) {
      if (text == null) {
        return null;
      }
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 2);
        return new Cursor(OffsetDateTime.parse(parts[0]), Long.parseLong(parts[1]));
      } catch (RuntimeException e) {
        throw Problem.badRequest(
                "the cursor is not one this listing returned",
                List.of(new Problem.FieldError("cursor", "not a cursor returned by this listing")))
            .exception();
      }
    }
  }

  private static JsonObject event(Row r) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("lane", r.getString("lane"))
        .put("type", r.getString("type"))
        .put("occurredAt", text(r.getOffsetDateTime("occurred_at")))
        .put("receivedAt", text(r.getOffsetDateTime("received_at")))
        .put("deviceId", r.getString("device_id"))
        .put("deliveredBy", r.getString("delivered_by"))
        .put("agentSeq", r.getLong("agent_seq"))
        .put("data", r.getJsonObject("data"));
  }

  /**
   * POST /gates/{gate}/lanes/{lane}/passage-authorisations {holdEventId, reason}: 201 with the
   * authorisation, or 200 with the one already given for that hold.
   */
  private void authorise(RoutingContext ctx) {
    Caller officer = Caller.require(ctx, Role.OFFICER);
    String code = ctx.pathParam("gate");
    String lane = ctx.pathParam("lane");
    JsonObject body = jsonObject(ctx);
    List<Problem.FieldError> errors = new ArrayList<>();
    UUID hold = null;
    try {
      hold = UUID.fromString(String.valueOf(body.getValue("holdEventId")));
    } catch (IllegalArgumentException e) {
      errors.add(new Problem.FieldError("/holdEventId", "the id of the lane's HOLD event"));
    }
    String reason = body.getValue("reason") instanceof String s ? s.strip() : "";
    if (reason.isEmpty() || reason.length() > REASON_MAX) {
      errors.add(
          new Problem.FieldError(
              "/reason", "a reason of 1 to " + REASON_MAX + " characters is mandatory"));
    }
    if (!errors.isEmpty()) {
      throw Problem.validation("the authorisation is incomplete", errors).exception();
    }
    UUID holdEventId = hold;
    gateOf(officer, code, lane)
        .compose(gate -> passages.authorise(officer, code, lane, holdEventId, reason))
        .onSuccess(
            outcome -> {
              if (outcome.created()) {
                ctx.response()
                    .putHeader(
                        "Location",
                        "/api/v1/gates/" + code + "/passage-authorisations?lane=" + lane);
              }
              send(ctx, outcome.created() ? 201 : 200, outcome.authorisation());
            })
        .onFailure(ctx::fail);
  }

  /** GET /gates/{gate}/passage-authorisations?lane=&limit=: newest first, with their state. */
  private void listAuthorisations(RoutingContext ctx) {
    Caller officer = Caller.require(ctx, Role.OFFICER);
    String code = ctx.pathParam("gate");
    String lane = ctx.queryParams().get("lane");
    int limit = ContractValidation.queryInteger(ctx, "limit", DEFAULT_LIMIT);
    gateOf(officer, code, lane)
        .compose(gate -> passages.list(code, lane, limit))
        .onSuccess(items -> send(ctx, 200, new JsonObject().put("items", items)))
        .onFailure(ctx::fail);
  }

  private static OffsetDateTime latest(OffsetDateTime a, OffsetDateTime b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static String text(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
