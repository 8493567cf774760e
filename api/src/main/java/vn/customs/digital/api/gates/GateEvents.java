package vn.customs.digital.api.gates;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import vn.customs.digital.api.audit.AuditLog;
import vn.customs.digital.api.declarations.DeclarationLifecycle;
import vn.customs.digital.api.declarations.DeclarationStatus;
import vn.customs.digital.api.declarations.Declarations;
import vn.customs.digital.api.platform.Contract;
import vn.customs.digital.problems.Problem;

/**
 * Stores the agents' event batches, idempotent by event id, in the order given, in one transaction
 * with what they cause: a passage marks containers (and, once all have passed, the declaration)
 * exited and notifies trader and brokers; an interrupted passage and a tampered seal alert
 * officers. A replayed event causes nothing twice.
 */
final class GateEvents {
  static final int MAX_BATCH = 500;

  /** The contract's schema of one event (a oneOf, with a discriminator on {@code type}). */
  static final String SCHEMA = "GateEvent";

  /** One event as the agent sent it, validated. */
  record GateEvent(
      UUID id,
      long seq,
      String type,
      Instant occurredAt,
      String lane,
      String deviceId,
      JsonObject data) {}

  /** What the agent is answered. */
  record Outcome(int accepted, int duplicates) {
    JsonObject toJson() {
      return new JsonObject().put("accepted", accepted).put("duplicates", duplicates);
    }
  }

  private final Pool pool;
  private final Clock clock;
  private final DeclarationLifecycle lifecycle;

  /** Each type the contract knows, with the validator of its schema (the discriminator's). */
  private final Map<String, Validator> schemas;

  GateEvents(Pool pool, Clock clock, DeclarationLifecycle lifecycle, Contract contract) {
    this.pool = pool;
    this.clock = clock;
    this.lifecycle = lifecycle;
    this.schemas = schemas(contract);
  }

  /** The event types of the contract, each with the validator of the schema it maps to. */
  static Map<String, Validator> schemas(Contract contract) {
    JsonObject mapping =
        contract.schema(SCHEMA).getJsonObject("discriminator").getJsonObject("mapping");
    Map<String, Validator> validators = new TreeMap<>();
    for (String type : mapping.fieldNames()) {
      validators.put(type, contract.validator(mapping.getString(type)));
    }
    return Map.copyOf(validators);
  }

  /** The event types the contract describes (and the api takes). */
  Set<String> types() {
    return schemas.keySet();
  }

  /**
   * Parses a batch; a malformed event is a 400 naming it (the agent then has a bug, not a hiccup).
   */
  List<GateEvent> parse(JsonObject body) {
    Object raw = body == null ? null : body.getValue("events");
    if (!(raw instanceof JsonArray events)) {
      throw Problem.badRequest("the body must be {\"events\": [...]}", List.of()).exception();
    }
    if (events.size() > MAX_BATCH) {
      throw Problem.of(
              "batch-too-large",
              413,
              "Batch too large",
              "at most " + MAX_BATCH + " events per batch, not " + events.size())
          .exception();
    }
    List<GateEvent> parsed = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      String pointer = "/events/" + i;
      if (!(events.getValue(i) instanceof JsonObject e)) {
        throw invalid(pointer, "an event is an object");
      }
      UUID id;
      try {
        id = UUID.fromString(String.valueOf(e.getValue("id")));
      } catch (IllegalArgumentException ex) {
        throw invalid(pointer + "/id", "id must be a UUID");
      }
      if (!(e.getValue("seq") instanceof Integer || e.getValue("seq") instanceof Long)) {
        throw invalid(pointer + "/seq", "seq must be an integer");
      }
      long seq = ((Number) e.getValue("seq")).longValue();
      String type = e.getValue("type") instanceof String t ? t : null;
      if (type == null || !schemas.containsKey(type)) {
        throw invalid(
            pointer + "/type",
            "type must be one of " + String.join(", ", new TreeSet<>(schemas.keySet())));
      }
      OutputUnit checked = schemas.get(type).validate(e);
      if (!Boolean.TRUE.equals(checked.getValid())) {
        throw invalid(pointer, type, checked);
      }
      Instant occurredAt;
      try {
        occurredAt = Instant.parse(String.valueOf(e.getValue("occurredAt")));
      } catch (DateTimeParseException ex) {
        throw invalid(pointer + "/occurredAt", "occurredAt must be an ISO-8601 instant");
      }
      Object data = e.getValue("data");
      if (data != null && !(data instanceof JsonObject)) {
        throw invalid(pointer + "/data", "data must be an object");
      }
      // An id repeated within the batch stays in: the store counts it as a duplicate, as it would
      // across batches.
      parsed.add(
          new GateEvent(
              id,
              seq,
              type,
              occurredAt,
              text(e, "lane"),
              text(e, "deviceId"),
              data == null ? new JsonObject() : (JsonObject) data));
    }
    return parsed;
  }

  Future<Outcome> store(GateDevice device, List<GateEvent> events) {
    Instant now = clock.instant();
    return pool.withTransaction(
        conn -> {
          Future<Outcome> chain = Future.succeededFuture(new Outcome(0, 0));
          for (GateEvent e : events) {
            chain =
                chain.compose(
                    sofar ->
                        conn.preparedQuery(GateSql.INSERT_EVENT)
                            .execute(
                                Tuple.from(
                                    new Object[] {
                                      e.id(),
                                      device.gateCode(),
                                      device.deviceId(),
                                      e.deviceId(),
                                      e.lane(),
                                      e.seq(),
                                      e.type(),
                                      e.occurredAt().atOffset(ZoneOffset.UTC),
                                      e.data(),
                                      now.atOffset(ZoneOffset.UTC)
                                    }))
                            .compose(
                                rows ->
                                    rows.size() == 0
                                        ? Future.succeededFuture(
                                            new Outcome(sofar.accepted(), sofar.duplicates() + 1))
                                        : effects(conn, device, e, now)
                                            .map(
                                                v ->
                                                    new Outcome(
                                                        sofar.accepted() + 1,
                                                        sofar.duplicates()))));
          }
          return chain;
        });
  }

  private Future<Void> effects(SqlConnection conn, GateDevice device, GateEvent e, Instant now) {
    return switch (e.type()) {
      case "BARRIER_OPENED" -> PassageAuthorisations.record(conn, device, e);
      case "PASSAGE_CONFIRMED" ->
          passage(conn, device, e, now).compose(v -> PassageAuthorisations.record(conn, device, e));
      case "PASSAGE_INTERRUPTED" -> passageUnknown(conn, device, e, now);
      case "SEAL_STATE" ->
          "TAMPERED".equals(e.data().getString("sealState"))
              ? tamper(conn, device, e)
              : Future.succeededFuture();
      default -> Future.succeededFuture();
    };
  }

  private Future<Void> passage(SqlConnection conn, GateDevice device, GateEvent e, Instant now) {
    String[] containers = strings(e.data().getValue("containerNumbers"));
    String[] numbers = strings(e.data().getValue("declarationNumbers"));
    Set<String> covered = new HashSet<>();
    return conn.preparedQuery(GateSql.PASSAGE_DECLARATIONS)
        .execute(Tuple.of(device.gateCode(), numbers, containers))
        .compose(
            rows -> {
              Future<Void> chain = Future.succeededFuture();
              for (Row row : rows) {
                UUID id = row.getUUID("id");
                chain =
                    chain
                        .compose(v -> Declarations.byId(conn, id))
                        .compose(
                            d -> {
                              covered.addAll(containersOf(d));
                              return exit(conn, device, e, d, containers, now);
                            });
              }
              return chain;
            })
        .compose(
            v -> {
              String[] uncovered =
                  java.util.Arrays.stream(containers)
                      .filter(c -> !covered.contains(c))
                      .distinct()
                      .toArray(String[]::new);
              return uncovered.length == 0
                  ? Future.succeededFuture()
                  : unreleasedPassage(conn, device, e, uncovered);
            });
  }

  /**
   * Goods went through the gate that no released declaration for this gate covers (a clearance
   * revoked while the agent was offline, a forced barrier, a misread): officers hear of it at once,
   * with what the feed last said of each container here. The event itself is stored as it came.
   */
  private Future<Void> unreleasedPassage(
      SqlConnection conn, GateDevice device, GateEvent e, String[] containers) {
    return conn.preparedQuery(GateSql.LATEST_FEED_ENTRIES)
        .execute(Tuple.tuple().addString(device.gateCode()).addArrayOfString(containers))
        .compose(
            rows -> {
              JsonObject known = new JsonObject();
              UUID declaration = null;
              String number = null;
              for (Row r : rows) {
                known.put(
                    r.getString("container_number"),
                    new JsonObject()
                        .put("declarationId", r.getUUID("declaration_id").toString())
                        .put("declarationNumber", r.getString("declaration_number"))
                        .put("lastEntry", r.getString("kind"))
                        .put("reason", r.getString("reason")));
                if (declaration == null) {
                  declaration = r.getUUID("declaration_id");
                  number = r.getString("declaration_number");
                }
              }
              JsonArray items = new JsonArray();
              for (String c : containers) {
                items.add(
                    known.getJsonObject(c, new JsonObject()).copy().put("containerNumber", c));
              }
              return DeclarationLifecycle.alertOfficers(
                  conn,
                  device.officeCode(),
                  declaration == null ? null : declaration.toString(),
                  number,
                  "gate.unreleased-passage",
                  new JsonObject()
                      .put("gate", device.gateCode())
                      .put("lane", e.lane())
                      .put("eventId", e.id().toString())
                      .put("occurredAt", e.occurredAt().toString())
                      .put("containers", items)
                      .mergeIn(authorisation(e)));
            });
  }

  /**
   * The agent stopped (killed, power lost) between opening the barrier and closing it, and says so
   * when it starts again: whether the goods crossed is unknown. The declaration stays as it is - an
   * exit takes a passage the loop saw - and officers are alerted at once to find out, for each
   * declaration the opening was for, with the fact recorded in its audit trail. Nothing known of
   * the opening (a feed that forgot it): the alert still goes, bare.
   */
  private Future<Void> passageUnknown(
      SqlConnection conn, GateDevice device, GateEvent e, Instant now) {
    String[] containers = strings(e.data().getValue("containerNumbers"));
    String[] numbers = strings(e.data().getValue("declarationNumbers"));
    JsonObject alert =
        new JsonObject()
            .put("gate", device.gateCode())
            .put("lane", e.lane())
            .put("eventId", e.id().toString())
            .put("openedEventId", e.data().getString("openedEventId"))
            .put("openedAt", e.data().getString("openedAt"))
            .put("occurredAt", e.occurredAt().toString())
            .put("plate", e.data().getString("plate"));
    return conn.preparedQuery(GateSql.INTERRUPTED_DECLARATIONS)
        .execute(Tuple.of(device.gateCode(), numbers, containers))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return DeclarationLifecycle.alertOfficers(
                    conn,
                    device.officeCode(),
                    null,
                    null,
                    "gate.passage-unknown",
                    alert.put("containers", new JsonArray(List.of(containers))));
              }
              Future<Void> chain = Future.succeededFuture();
              for (Row row : rows) {
                UUID id = row.getUUID("id");
                chain =
                    chain
                        .compose(v -> Declarations.byId(conn, id))
                        .compose(
                            d -> {
                              Set<String> own = containersOf(d);
                              JsonObject data =
                                  alert
                                      .copy()
                                      .put("declarationId", d.id().toString())
                                      .put("declarationNumber", d.number())
                                      .put("status", d.status().name())
                                      .put(
                                          "containers",
                                          new JsonArray(
                                              java.util.Arrays.stream(containers)
                                                  .filter(own::contains)
                                                  .distinct()
                                                  .toList()));
                              return AuditLog.append(
                                      conn,
                                      new AuditLog.Entry(
                                          now,
                                          device.actor(),
                                          d.id(),
                                          "GATE_PASSAGE_UNKNOWN",
                                          data))
                                  .compose(
                                      seq ->
                                          DeclarationLifecycle.alertOfficers(
                                              conn,
                                              device.officeCode(),
                                              d.id().toString(),
                                              d.number(),
                                              "gate.passage-unknown",
                                              data));
                            });
              }
              return chain;
            });
  }

  /** The containers a declaration's current version names. */
  private static Set<String> containersOf(Declarations.Declaration d) {
    Set<String> own = new HashSet<>();
    JsonArray declared = d.document() == null ? null : d.document().getJsonArray("containers");
    if (declared != null) {
      declared.forEach(c -> own.add(String.valueOf(c)));
    }
    return own;
  }

  /**
   * Records the containers that passed and revokes their clearances at this gate (EXITED), so that
   * no second truck passes with the same container number on a cached clearance; the declaration
   * exits when none of its containers is left behind.
   */
  private Future<Void> exit(
      SqlConnection conn,
      GateDevice device,
      GateEvent e,
      Declarations.Declaration d,
      String[] passed,
      Instant now) {
    Set<String> own = containersOf(d);
    String[] exited = java.util.Arrays.stream(passed).filter(own::contains).toArray(String[]::new);
    return conn.preparedQuery(GateSql.RECORD_EXITS)
        .execute(
            Tuple.of(
                d.id(), exited, device.gateCode(), e.id(), e.occurredAt().atOffset(ZoneOffset.UTC)))
        .compose(
            v ->
                conn.preparedQuery(GateSql.REVOKE_EXITED)
                    .execute(Tuple.of(d.id(), device.gateCode(), exited)))
        .compose(v -> conn.preparedQuery(GateSql.EXITED_CONTAINERS).execute(Tuple.of(d.id())))
        .compose(
            rows -> {
              Set<String> left = new HashSet<>(own);
              rows.forEach(r -> left.remove(r.getString("container_number")));
              if (!left.isEmpty()) {
                return Future.succeededFuture();
              }
              return lifecycle.transition(
                  conn,
                  d,
                  DeclarationStatus.EXITED,
                  device.actor(),
                  "GATE_EXITED",
                  new JsonObject()
                      .put("gate", device.gateCode())
                      .put("eventId", e.id().toString())
                      .put("lane", e.lane())
                      .put("containers", new JsonArray(List.copyOf(own)))
                      .put("exitedAt", e.occurredAt().toString())
                      .mergeIn(authorisation(e)),
                  "gate.exited",
                  false);
            });
  }

  /**
   * A tampered e-seal reaches the officers of the gate's office on the live stream (and their
   * phones) at once.
   */
  private Future<Void> tamper(SqlConnection conn, GateDevice device, GateEvent e) {
    String container = e.data().getString("containerNumber");
    String seal = e.data().getString("sealId");
    return conn.preparedQuery(GateSql.SEAL_DECLARATION)
        .execute(Tuple.of(device.gateCode(), container, seal))
        .compose(
            rows -> {
              Row declaration = rows.size() == 0 ? null : rows.iterator().next();
              return DeclarationLifecycle.alertOfficers(
                  conn,
                  device.officeCode(),
                  declaration == null ? null : declaration.getUUID("declaration_id").toString(),
                  declaration == null ? null : declaration.getString("declaration_number"),
                  "seal.alert",
                  new JsonObject()
                      .put("gate", device.gateCode())
                      .put("lane", e.lane())
                      .put("sealId", seal)
                      .put("sealState", "TAMPERED")
                      .put("containerNumber", container)
                      .put("deviceId", e.deviceId())
                      .put("eventId", e.id().toString())
                      .put("occurredAt", e.occurredAt().toString()));
            });
  }

  /**
   * {@code authorisationId}: the one-time passage a passage was for (PassageAuthorisations); empty
   * for an ordinary passage.
   */
  private static JsonObject authorisation(GateEvent e) {
    UUID id = PassageAuthorisations.authorisationOf(e);
    return id == null ? new JsonObject() : new JsonObject().put("authorisationId", id.toString());
  }

  private static String[] strings(Object value) {
    if (!(value instanceof JsonArray array)) {
      return new String[0];
    }
    return array.stream()
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .toArray(String[]::new);
  }

  private static String text(JsonObject e, String key) {
    return e.getValue(key) instanceof String s ? s : null;
  }

  /** An event that breaks its type's schema: every error, each with its pointer into the batch. */
  private static RuntimeException invalid(String pointer, String type, OutputUnit checked) {
    List<Problem.FieldError> all = new ArrayList<>();
    for (OutputUnit error :
        checked.getErrors() == null ? List.<OutputUnit>of() : checked.getErrors()) {
      String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation();
      if (location.startsWith("#")) {
        location = location.substring(1);
      }
      all.add(new Problem.FieldError(pointer + location, error.getError()));
    }
    // The fields themselves, not the "a subschema had errors" of each level above them.
    List<Problem.FieldError> errors = new ArrayList<>();
    for (Problem.FieldError e : all) {
      if (all.stream().noneMatch(o -> o.pointer().startsWith(e.pointer() + "/"))) {
        errors.add(e);
      }
    }
    if (errors.isEmpty()) {
      errors.add(
          new Problem.FieldError(pointer, "does not match the contract's " + type + " event"));
    }
    return Problem.validation(
            "the event batch is invalid: " + errors.get(0).pointer() + " " + errors.get(0).detail(),
            errors)
        .exception();
  }

  private static RuntimeException invalid(String pointer, String detail) {
    return Problem.validation(
            "the event batch is invalid: " + detail,
            List.of(new Problem.FieldError(pointer, detail)))
        .exception();
  }
}
