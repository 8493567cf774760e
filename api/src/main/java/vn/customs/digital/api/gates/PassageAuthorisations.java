package vn.customs.digital.api.gates;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import vn.customs.digital.api.audit.AuditLog;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.platform.TimeOrderedIds;
import vn.customs.digital.api.signing.ServiceKeys;
import vn.customs.digital.problems.Problem;

/**
 * One-time passages: an officer authorises the vehicle a lane's agent held (its {@code HOLD} event)
 * to pass once. The authorisation, its audit record and the command for the agent commit together;
 * the command is a JWS signed with the service key ({@value #COMMAND_TYPE}), valid for {@code ttl}
 * (PASSAGE_COMMAND_TTL_SECONDS), kept as signed and delivered with the gate's clearance feed (pull
 * and push) until the agent reports the opening that used it or it expires. The agent verifies it,
 * refuses it for another lane, after its expiry or a second time, and reports the opening and the
 * passage naming it ({@code authorisationId}), which {@link GateEvents} records here.
 *
 * <p>Idempotent by hold: authorising the same hold again answers the authorisation already given
 * (whatever its state), so a retried request or two officers at once make one command.
 */
final class PassageAuthorisations {
  static final String COMMAND_TYPE = "passage+jws";
  static final String COMMAND_KIND = "ONE_TIME_PASSAGE";

  /** What an authorisation request was answered with: {@code created} false for a repeat. */
  record Outcome(JsonObject authorisation, boolean created) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final ServiceKeys keys;

  /** How long the agent may act on a command. */
  private final Duration ttl;

  PassageAuthorisations(Vertx vertx, Pool pool, Clock clock, ServiceKeys keys, Duration ttl) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.keys = keys;
    this.ttl = ttl;
  }

  /**
   * Authorises the vehicle of the HOLD event {@code holdEventId} at this gate and lane to pass
   * once: 422 naming {@code /holdEventId} when it is no HOLD of that lane.
   */
  Future<Outcome> authorise(
      Caller officer, String gate, String lane, UUID holdEventId, String reason) {
    return existing(pool, holdEventId, gate, lane)
        .compose(
            found -> {
              if (found != null) {
                return Future.succeededFuture(new Outcome(found, false));
              }
              return pool.preparedQuery(GateSql.HOLD_EVENT)
                  .execute(Tuple.of(holdEventId, gate, lane))
                  .compose(
                      rows -> {
                        if (rows.size() == 0) {
                          return Future.failedFuture(
                              Problem.validation(
                                      "nothing to authorise",
                                      List.of(
                                          new Problem.FieldError(
                                              "/holdEventId",
                                              "not a HOLD event of gate "
                                                  + gate
                                                  + ", lane "
                                                  + lane)))
                                  .exception());
                        }
                        return issue(officer, gate, lane, rows.iterator().next(), reason);
                      });
            });
  }

  private Future<Outcome> issue(Caller officer, String gate, String lane, Row hold, String reason) {
    UUID id = TimeOrderedIds.next();
    UUID holdEventId = hold.getUUID("id");
    JsonObject held = hold.getJsonObject("data");
    String plate = held.getValue("plate") instanceof String s ? s : null;
    List<String> containers =
        held.getValue("containerNumbers") instanceof JsonArray a
            ? a.stream().filter(String.class::isInstance).map(String.class::cast).toList()
            : List.of();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant expires = now.plus(ttl);
    JsonObject command =
        new JsonObject()
            .put("kind", COMMAND_KIND)
            .put("id", id.toString())
            .put("gate", gate)
            .put("lane", lane)
            .put("holdEventId", holdEventId.toString())
            .put("plate", plate)
            .put("containerNumbers", new JsonArray(containers))
            .put("issuedAt", now.toString())
            .put("expiresAt", expires.toString());
    return vertx
        .executeBlocking(() -> keys.sign(command, COMMAND_TYPE), false)
        .compose(
            jws ->
                pool.withTransaction(
                    conn ->
                        conn.preparedQuery(GateSql.INSERT_AUTHORISATION)
                            .execute(
                                Tuple.from(
                                    new Object[] {
                                      id,
                                      gate,
                                      lane,
                                      holdEventId,
                                      plate,
                                      containers.toArray(String[]::new),
                                      reason,
                                      officer.subject(),
                                      now.atOffset(ZoneOffset.UTC),
                                      expires.atOffset(ZoneOffset.UTC),
                                      jws
                                    }))
                            .compose(
                                rows -> {
                                  if (rows.size() == 0) {
                                    // another officer authorised the same hold meanwhile
                                    return existing(conn, holdEventId, gate, lane)
                                        .map(found -> new Outcome(found, false));
                                  }
                                  JsonObject created = toJson(rows.iterator().next(), now);
                                  return AuditLog.append(
                                          conn,
                                          new AuditLog.Entry(
                                              now,
                                              officer.subject(),
                                              null,
                                              "GATE_PASSAGE_AUTHORISED",
                                              new JsonObject()
                                                  .put("authorisationId", id.toString())
                                                  .put("gate", gate)
                                                  .put("lane", lane)
                                                  .put("holdEventId", holdEventId.toString())
                                                  .put("holdReason", held.getString("reason"))
                                                  .put("plate", plate)
                                                  .put(
                                                      "containerNumbers", new JsonArray(containers))
                                                  .put("reason", reason)
                                                  .put("expiresAt", expires.toString())))
                                      .map(seq -> new Outcome(created, true));
                                })));
  }

  private Future<JsonObject> existing(
      io.vertx.sqlclient.SqlClient client, UUID holdEventId, String gate, String lane) {
    return client
        .preparedQuery(GateSql.AUTHORISATION_FOR_HOLD)
        .execute(Tuple.of(holdEventId, gate, lane))
        .map(rows -> rows.size() == 0 ? null : toJson(rows.iterator().next(), clock.instant()));
  }

  /** The gate's authorisations, newest first, at most {@code limit}. */
  Future<JsonArray> list(String gate, String lane, int limit) {
    Instant now = clock.instant();
    return pool.preparedQuery(GateSql.AUTHORISATIONS)
        .execute(Tuple.of(gate, lane, limit))
        .map(
            rows -> {
              JsonArray out = new JsonArray();
              rows.forEach(r -> out.add(toJson(r, now)));
              return out;
            });
  }

  /** The signed commands the gate's agents are still to act on, as the feed carries them. */
  Future<JsonArray> pendingCommands(String gate) {
    return pool.preparedQuery(GateSql.PENDING_COMMANDS)
        .execute(Tuple.of(gate))
        .map(
            rows -> {
              JsonArray commands = new JsonArray();
              rows.forEach(r -> commands.add(new JsonObject().put("jws", r.getString(0))));
              return commands;
            });
  }

  /**
   * In the transaction storing the agent's event: a BARRIER_OPENED or PASSAGE_CONFIRMED naming an
   * authorisation ({@code data.authorisationId}) records its use; the passage is audited. An id
   * that names no authorisation of this gate and lane, or one already recorded, changes nothing
   * (the event itself is stored as it came).
   */
  static Future<Void> record(SqlConnection conn, GateDevice device, GateEvents.GateEvent e) {
    UUID id = authorisationOf(e);
    if (id == null || e.lane() == null) {
      return Future.succeededFuture();
    }
    Tuple args =
        Tuple.of(id, device.gateCode(), e.lane(), e.id(), e.occurredAt().atOffset(ZoneOffset.UTC));
    return switch (e.type()) {
      case "BARRIER_OPENED" ->
          conn.preparedQuery(GateSql.AUTHORISATION_OPENED).execute(args).mapEmpty();
      case "PASSAGE_CONFIRMED" ->
          conn.preparedQuery(GateSql.AUTHORISATION_PASSED)
              .execute(args)
              .compose(
                  rows -> {
                    if (rows.size() == 0) {
                      return Future.succeededFuture();
                    }
                    Row used = rows.iterator().next();
                    return AuditLog.append(
                            conn,
                            new AuditLog.Entry(
                                e.occurredAt(),
                                device.actor(),
                                null,
                                "GATE_AUTHORISED_PASSAGE",
                                new JsonObject()
                                    .put("authorisationId", id.toString())
                                    .put("gate", device.gateCode())
                                    .put("lane", e.lane())
                                    .put("eventId", e.id().toString())
                                    .put("holdEventId", used.getUUID("hold_event_id").toString())
                                    .put("authorisedBy", used.getString("authorised_by"))
                                    .put(
                                        "containerNumbers",
                                        e.data().getValue("containerNumbers") instanceof JsonArray a
                                            ? a
                                            : new JsonArray())
                                    .put(
                                        "declarationNumbers",
                                        e.data().getValue("declarationNumbers")
                                                instanceof JsonArray a
                                            ? a
                                            : new JsonArray())))
                        .mapEmpty();
                  });
      default -> Future.succeededFuture();
    };
  }

  /** The authorisation an event names, if it names one with a UUID. */
  static UUID authorisationOf(GateEvents.GateEvent e) {
    if (!(e.data().getValue("authorisationId") instanceof String s)) {
      return null;
    }
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException ex) {
      return null;
    }
  }

  static JsonObject toJson(Row r, Instant now) {
    Instant expires = r.getOffsetDateTime("expires_at").toInstant();
    String status;
    if (r.getUUID("passed_event_id") != null) {
      status = "PASSED";
    } else if (r.getUUID("opened_event_id") != null) {
      status = "OPENED";
    } else if (!now.isBefore(expires)) {
      status = "EXPIRED";
    } else {
      status = "PENDING";
    }
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("gate", r.getString("gate_code"))
        .put("lane", r.getString("lane"))
        .put("holdEventId", r.getUUID("hold_event_id").toString())
        .put("plate", r.getString("plate"))
        .put("containerNumbers", new JsonArray(List.of(r.getArrayOfStrings("container_numbers"))))
        .put("reason", r.getString("reason"))
        .put("authorisedBy", r.getString("authorised_by"))
        .put("authorisedAt", r.getOffsetDateTime("authorised_at").toInstant().toString())
        .put("expiresAt", expires.toString())
        .put("status", status)
        .put("openedEventId", text(r.getUUID("opened_event_id")))
        .put("openedAt", instant(r, "opened_at"))
        .put("passedEventId", text(r.getUUID("passed_event_id")))
        .put("passedAt", instant(r, "passed_at"))
        .put("command", commandPayload(r.getString("command_jws")));
  }

  /** What the command says, read from the signed bytes kept (the JWS's payload part). */
  private static JsonObject commandPayload(String jws) {
    String[] parts = jws.split("\\.");
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }

  private static String text(UUID id) {
    return id == null ? null : id.toString();
  }

  private static String instant(Row r, String column) {
    return r.getOffsetDateTime(column) == null
        ? null
        : r.getOffsetDateTime(column).toInstant().toString();
  }
}
