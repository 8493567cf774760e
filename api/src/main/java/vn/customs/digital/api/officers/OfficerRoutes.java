package vn.customs.digital.api.officers;

import static vn.customs.digital.api.http.JsonResponses.send;
import static vn.customs.digital.api.http.Requests.jsonObject;
import static vn.customs.digital.api.http.Requests.pathId;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.declarations.DeclarationLifecycle;
import vn.customs.digital.api.declarations.DeclarationStatus;
import vn.customs.digital.api.declarations.Declarations;
import vn.customs.digital.api.http.ConditionalGet;
import vn.customs.digital.api.http.Problem;
import vn.customs.digital.api.platform.TimeOrderedIds;
import vn.customs.digital.api.risk.RiskMetrics;
import vn.customs.digital.api.risk.RiskService;

/**
 * The officer's desk: the queue of declarations to check (yellow: documents, red: goods), the
 * inspection result (which feeds the trader's risk profile), an override of the channel with a
 * reason, and the full risk decision record behind a declaration.
 *
 * <p>Assignment is per customs office: an officer's offices are those of its token (none, no
 * queue). Reading the queue marks the officer on duty at each of them; in the same transaction the
 * unassigned declarations of that channel in those offices are handed out, each office's among the
 * officers seen there in the last {@link #ON_DUTY} (in the order of their ids, continuing after the
 * last officer given one). The queue lists the channel's declarations of the officer's offices,
 * oldest submitted first, with who holds each. A read costs the officer's offices, not the
 * country's backlog (V12).
 */
public final class OfficerRoutes {
  static final Duration ON_DUTY = Duration.ofMinutes(15);
  private static final int QUEUE_LIMIT = 200;
  private static final Set<String> SEVERITIES = Set.of("MINOR", "SERIOUS", "CRIMINAL");

  private final Pool pool;
  private final Clock clock;
  private final DeclarationLifecycle lifecycle;
  private final RiskService risk;
  private final Tenancy tenancy;

  public OfficerRoutes(
      Pool pool, Clock clock, DeclarationLifecycle lifecycle, RiskService risk, Tenancy tenancy) {
    this.pool = pool;
    this.clock = clock;
    this.lifecycle = lifecycle;
    this.risk = risk;
    this.tenancy = tenancy;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("getOfficerQueue").addHandler(this::queue);
    builder.getRoute("recordInspection").addHandler(this::inspection);
    builder.getRoute("rerouteDeclaration").addHandler(this::reroute);
    builder.getRoute("getRiskDecision").addHandler(this::decision);
  }

  private void queue(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.OFFICER);
    String channel = ctx.queryParam("channel").isEmpty() ? "" : ctx.queryParam("channel").get(0);
    DeclarationStatus status =
        switch (channel) {
          case "yellow" -> DeclarationStatus.DOCUMENT_CHECK;
          case "red" -> DeclarationStatus.PHYSICAL_INSPECTION;
          default ->
              throw Problem.validation(
                      "the queue is per channel",
                      List.of(new Problem.FieldError("channel", "yellow or red")))
                  .exception();
        };
    List<String> offices = caller.offices();
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (offices.isEmpty()) {
      // Least privilege: an officer whose token names no office has no queue (and is on duty
      // nowhere).
      sendQueue(
          ctx,
          queueTag(channel, caller, List.of()),
          ifNoneMatch,
          () -> queueAnswer(channel, status, caller, new JsonArray(), 0));
      return;
    }
    String[] officeArray = offices.toArray(String[]::new);
    Instant now = clock.instant();
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    Tuple listing = Tuple.of(officeArray, status.name(), QUEUE_LIMIT);
    pool.withTransaction(
            conn -> {
              // Pipelined: the hand-out's first statement goes out behind SEEN, which PostgreSQL
              // runs first, so the
              // officer is on duty when the rotation is read.
              Future<?> seen =
                  conn.preparedQuery(OfficerSql.SEEN)
                      .execute(Tuple.of(officeArray, caller.subject(), at));
              Future<Void> assigned = assign(conn, status, officeArray, now);
              Future<?> handedOut = Future.all(seen, assigned);
              if (ifNoneMatch == null) {
                return handedOut.compose(
                    v -> conn.preparedQuery(OfficerSql.QUEUE).execute(listing).map(Listing::of));
              }
              // A revalidation: the versions of what would be listed (from the listing's index
              // alone) tell whether the client's copy is current; only a changed queue is joined
              // to its declarations.
              return handedOut
                  .compose(v -> conn.preparedQuery(OfficerSql.QUEUE_VERSIONS).execute(listing))
                  .compose(
                      rows -> {
                        List<Long> versions = new ArrayList<>();
                        rows.forEach(r -> versions.add(r.getLong("version")));
                        if (ConditionalGet.matches(
                            ifNoneMatch, queueTag(channel, caller, versions))) {
                          return Future.succeededFuture(new Listing(null, versions));
                        }
                        return conn.preparedQuery(OfficerSql.QUEUE)
                            .execute(listing)
                            .map(Listing::of);
                      });
            })
        .onSuccess(
            listed ->
                sendQueue(
                    ctx,
                    queueTag(channel, caller, listed.versions()),
                    ifNoneMatch,
                    () -> queueAnswer(channel, status, caller, listed.rows())))
        .onFailure(ctx::fail);
  }

  /** What a queue read found: the rows (null when the client's copy was current) and versions. */
  private record Listing(RowSet<Row> rows, List<Long> versions) {
    static Listing of(RowSet<Row> rows) {
      List<Long> versions = new ArrayList<>();
      rows.forEach(r -> versions.add(r.getLong("version")));
      return new Listing(rows, versions);
    }
  }

  /**
   * The queue's ETag: what the answer is made of - the channel, the officer and its offices, and
   * the versions of the listed rows in their order (a row's version changes with every change of
   * the row or of what the queue shows of its declaration, V21) - so that it is known before the
   * rows are joined to their declarations.
   */
  static String queueTag(String channel, Caller caller, List<Long> versions) {
    StringBuilder text =
        new StringBuilder(channel)
            .append('\n')
            .append(caller.subject())
            .append('\n')
            .append(String.join(",", caller.offices()))
            .append('\n');
    versions.forEach(v -> text.append(v).append(','));
    return ConditionalGet.etag(Buffer.buffer(text.toString()));
  }

  /** 304 when the client holds {@code tag}, else the answer, with the tag either way. */
  private static void sendQueue(
      RoutingContext ctx, String tag, String ifNoneMatch, Supplier<JsonObject> answer) {
    ctx.response().putHeader(HttpHeaders.ETAG, tag);
    if (ConditionalGet.matches(ifNoneMatch, tag)) {
      ctx.response().setStatusCode(304).putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end();
      return;
    }
    send(ctx, 200, answer.get());
  }

  private static JsonObject queueAnswer(
      String channel, DeclarationStatus status, Caller caller, RowSet<Row> rows) {
    JsonArray items = new JsonArray();
    int mine = 0;
    for (Row r : rows) {
      String officer = r.getString("officer");
      if (caller.subject().equals(officer)) {
        mine++;
      }
      items.add(
          new JsonObject()
              .put("id", r.getUUID("id").toString())
              .put("number", r.getString("number") == null ? null : r.getString("number").trim())
              .put("status", r.getString("status"))
              .put("channel", r.getString("channel"))
              .put("enterpriseTaxCode", r.getString("enterprise_tax_code"))
              .put("customsOfficeCode", r.getString("customs_office_code"))
              .put("borderGateCode", r.getString("border_gate_code"))
              .put(
                  "totalPayableVnd",
                  r.getBigDecimal("total_payable_vnd") == null
                      ? null
                      : r.getBigDecimal("total_payable_vnd").toPlainString())
              .put("submittedAt", r.getOffsetDateTime("submitted_at").toInstant().toString())
              .put("assignedTo", officer)
              .put(
                  "assignedAt",
                  r.getOffsetDateTime("assigned_at") == null
                      ? null
                      : r.getOffsetDateTime("assigned_at").toInstant().toString()));
    }
    return queueAnswer(channel, status, caller, items, mine);
  }

  private static JsonObject queueAnswer(
      String channel, DeclarationStatus status, Caller caller, JsonArray items, int mine) {
    return new JsonObject()
        .put("channel", channel)
        .put("status", status.name())
        .put("officer", caller.subject())
        .put("offices", new JsonArray(caller.offices()))
        .put("assignedToYou", mine)
        .put("items", items);
  }

  /**
   * Hands out what is unassigned in the officer's offices: per office, in rotation among the
   * officers on duty there, continuing after the last one given a declaration of that office and
   * channel. The rows are claimed with SKIP LOCKED, so concurrent readers hand out disjoint rows;
   * only a reader that claimed some locks the rotation rows of those offices (in office order), so
   * that the rotation stays a rotation under concurrency.
   */
  private static Future<Void> assign(
      SqlConnection conn, DeclarationStatus status, String[] offices, Instant now) {
    return conn.preparedQuery(OfficerSql.UNASSIGNED)
        .execute(Tuple.of(offices, status.name(), QUEUE_LIMIT))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture();
              }
              Map<String, List<UUID>> waiting = new TreeMap<>();
              for (Row r : rows) {
                waiting
                    .computeIfAbsent(r.getString("office"), o -> new ArrayList<>())
                    .add(r.getUUID("declaration_id"));
              }
              String[] busy = waiting.keySet().toArray(String[]::new);
              OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
              return conn.preparedQuery(OfficerSql.ROTATION_ROWS)
                  .execute(Tuple.of(busy, status.name()))
                  .compose(
                      v ->
                          conn.preparedQuery(OfficerSql.ROTATION)
                              .execute(Tuple.of(busy, status.name())))
                  .compose(
                      rotation ->
                          conn.preparedQuery(OfficerSql.ON_DUTY)
                              .execute(Tuple.of(busy, now.minus(ON_DUTY).atOffset(ZoneOffset.UTC)))
                              .compose(
                                  duty -> {
                                    Map<String, String> last = new HashMap<>();
                                    rotation.forEach(
                                        r ->
                                            last.put(
                                                r.getString("office"),
                                                r.getString("last_officer")));
                                    Map<String, List<String>> onDuty = new HashMap<>();
                                    duty.forEach(
                                        r ->
                                            onDuty
                                                .computeIfAbsent(
                                                    r.getString("office"), o -> new ArrayList<>())
                                                .add(r.getString("officer")));
                                    List<UUID> declarations = new ArrayList<>();
                                    List<String> holders = new ArrayList<>();
                                    List<Tuple> rotated = new ArrayList<>();
                                    waiting.forEach(
                                        (office, ids) -> {
                                          // The reader is on duty in each of its offices (SEEN,
                                          // same transaction): never an empty rotation.
                                          List<String> officers = onDuty.get(office);
                                          int next =
                                              (officers.indexOf(last.get(office)) + 1)
                                                  % officers.size();
                                          String given = null;
                                          for (UUID id : ids) {
                                            given = officers.get(next);
                                            declarations.add(id);
                                            holders.add(given);
                                            next = (next + 1) % officers.size();
                                          }
                                          rotated.add(Tuple.of(office, status.name(), given));
                                        });
                                    return conn.preparedQuery(OfficerSql.ASSIGN)
                                        .execute(
                                            Tuple.of(
                                                declarations.toArray(UUID[]::new),
                                                holders.toArray(String[]::new),
                                                at))
                                        .compose(
                                            v ->
                                                conn.preparedQuery(OfficerSql.ROTATED)
                                                    .executeBatch(rotated));
                                  }))
                  .mapEmpty();
            });
  }

  /** POST /declarations/{id}/inspection: the officer's finding on a queued declaration. */
  private void inspection(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.OFFICER);
    UUID id = pathId(ctx, "id", "declaration");
    JsonObject body = jsonObject(ctx);
    String result = body.getValue("result") instanceof String s ? s : "";
    String severity = body.getValue("severity") instanceof String s ? s : null;
    List<Problem.FieldError> errors = new ArrayList<>();
    String note = CustomsNote.read(body, errors);
    if (!result.equals("COMPLIANT") && !result.equals("VIOLATION")) {
      errors.add(new Problem.FieldError("/result", "COMPLIANT or VIOLATION"));
    }
    if (result.equals("VIOLATION") && (severity == null || !SEVERITIES.contains(severity))) {
      errors.add(
          new Problem.FieldError(
              "/severity", "a violation needs its severity: MINOR, SERIOUS or CRIMINAL"));
    }
    if (result.equals("COMPLIANT") && severity != null) {
      errors.add(new Problem.FieldError("/severity", "only a violation has a severity"));
    }
    if (!errors.isEmpty()) {
      throw Problem.validation("the inspection result is incomplete", errors).exception();
    }
    boolean violation = result.equals("VIOLATION");
    // A serious or criminal violation keeps the goods held pending the case; a minor one is settled
    // on the spot.
    boolean held = violation && !severity.equals("MINOR");
    Instant now = clock.instant();
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    UUID inspectionId = TimeOrderedIds.next();
    JsonObject details =
        new JsonObject().put("inspectionId", inspectionId.toString()).put("result", result);
    if (violation) {
      details.put("severity", severity);
    }
    CustomsNote.into(details, note);
    pool.withTransaction(
            conn ->
                Declarations.officers(conn, caller, id)
                    .compose(
                        d -> {
                          if (d.status() != DeclarationStatus.DOCUMENT_CHECK
                              && d.status() != DeclarationStatus.PHYSICAL_INSPECTION) {
                            return Future.failedFuture(
                                Problem.conflict(
                                        "not-under-inspection",
                                        "a " + d.status() + " declaration is not awaiting a check")
                                    .exception());
                          }
                          Future<?> recorded =
                              conn.preparedQuery(OfficerSql.INSERT_INSPECTION)
                                  .execute(
                                      Tuple.from(
                                          new Object[] {
                                            inspectionId,
                                            id,
                                            d.version(),
                                            caller.subject(),
                                            result,
                                            violation ? severity : null,
                                            note,
                                            held,
                                            at
                                          }));
                          if (violation) {
                            recorded =
                                recorded.compose(
                                    v ->
                                        conn.preparedQuery(OfficerSql.INSERT_VIOLATION)
                                            .execute(
                                                Tuple.of(
                                                    TimeOrderedIds.next(),
                                                    d.enterpriseTaxCode(),
                                                    id,
                                                    severity,
                                                    risk.today())));
                          }
                          return recorded
                              .compose(
                                  v ->
                                      conn.preparedQuery(OfficerSql.DECISION_OF_VERSION)
                                          .execute(Tuple.of(id, d.version())))
                              .compose(
                                  decision -> {
                                    JsonObject stored =
                                        decision.size() == 0
                                            ? null
                                            : decision.iterator().next().getJsonObject("decision");
                                    Future<DeclarationStatus> moved =
                                        held
                                            ? hold(conn, caller, d, details, at)
                                            : clear(conn, caller, d, details, at);
                                    return moved.map(status -> new Outcome(d, status, stored));
                                  });
                        }))
        .onSuccess(
            outcome -> {
              if (violation) {
                risk.invalidate(outcome.declaration().enterpriseTaxCode());
              }
              selectingRules(outcome.decision())
                  .forEach(rule -> RiskMetrics.inspected(rule, violation));
              JsonObject answer =
                  new JsonObject()
                      .put("inspectionId", inspectionId.toString())
                      .put("declarationId", id.toString())
                      .put("result", result)
                      .put("severity", violation ? severity : null)
                      .put("held", held)
                      .put("inspectionCleared", !held)
                      .put("status", outcome.status().name());
              if (held) {
                answer.put(
                    "detail",
                    "a "
                        + severity
                        + " violation keeps the goods held: the declaration stays in "
                        + outcome.status()
                        + " and is not cleared");
              }
              send(ctx, 200, answer);
            })
        .onFailure(ctx::fail);
  }

  private record Outcome(
      Declarations.Declaration declaration, DeclarationStatus status, JsonObject decision) {}

  private Future<DeclarationStatus> clear(
      SqlConnection conn,
      Caller caller,
      Declarations.Declaration d,
      JsonObject details,
      OffsetDateTime at) {
    boolean due = d.totalPayableVnd() != null && d.totalPayableVnd().signum() > 0;
    DeclarationStatus to = due ? DeclarationStatus.AWAITING_PAYMENT : DeclarationStatus.RELEASED;
    return conn.preparedQuery(OfficerSql.SET_CLEARED)
        .execute(Tuple.of(d.id(), d.status().name(), true, at))
        .compose(
            rows ->
                lifecycle.transition(
                    conn,
                    d,
                    to,
                    caller.subject(),
                    "INSPECTED",
                    details,
                    to == DeclarationStatus.RELEASED
                        ? "declaration.released"
                        : "declaration.inspection-result",
                    false))
        .map(to);
  }

  private Future<DeclarationStatus> hold(
      SqlConnection conn,
      Caller caller,
      Declarations.Declaration d,
      JsonObject details,
      OffsetDateTime at) {
    return conn.preparedQuery(OfficerSql.SET_CLEARED)
        .execute(Tuple.of(d.id(), d.status().name(), false, at))
        .compose(
            rows ->
                rows.rowCount() == 1
                    ? lifecycle.announce(
                        conn,
                        d,
                        at.toInstant(),
                        caller.subject(),
                        "INSPECTION_HELD",
                        details.copy().put("status", d.status().name()),
                        "declaration.inspection-result",
                        true,
                        new JsonObject())
                    : Future.failedFuture(
                        Problem.conflict(
                                "concurrent-change", "the declaration changed meanwhile; retry")
                            .exception()))
        .map(d.status());
  }

  /**
   * The rules that sent a declaration to inspection: its interventions, and the random draw when it
   * selected.
   */
  static List<String> selectingRules(JsonObject decision) {
    List<String> rules = new ArrayList<>();
    if (decision == null) {
      return rules;
    }
    JsonArray interventions = decision.getJsonArray("interventions", new JsonArray());
    for (int i = 0; i < interventions.size(); i++) {
      String rule = interventions.getJsonObject(i).getString("ruleId");
      if (rule != null && !rules.contains(rule)) {
        rules.add(rule);
      }
    }
    JsonObject random = decision.getJsonObject("randomSelection");
    if (random != null
        && random.getBoolean("applied", false)
        && !"GREEN".equals(random.getString("channel"))) {
      rules.add("random-selection");
    }
    return rules;
  }

  /** POST /declarations/{id}/reroute: an officer overrides the channel, always with a reason. */
  private void reroute(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.OFFICER);
    UUID id = pathId(ctx, "id", "declaration");
    JsonObject body = jsonObject(ctx);
    String channel = body.getValue("channel") instanceof String s ? s : "";
    String reason = body.getValue("reason") instanceof String s ? s.strip() : "";
    List<Problem.FieldError> errors = new ArrayList<>();
    String note = CustomsNote.read(body, errors);
    if (!Set.of("GREEN", "YELLOW", "RED").contains(channel)) {
      errors.add(new Problem.FieldError("/channel", "GREEN, YELLOW or RED"));
    }
    if (reason.isEmpty() || reason.length() > 500) {
      errors.add(
          new Problem.FieldError("/reason", "an override needs a reason of 1 to 500 characters"));
    }
    if (!errors.isEmpty()) {
      throw Problem.validation("the override is incomplete", errors).exception();
    }
    Instant now = clock.instant();
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    pool.withTransaction(
            conn ->
                Declarations.officers(conn, caller, id)
                    .compose(
                        d -> {
                          if (!d.status().beforeRelease()
                              || d.status() == DeclarationStatus.DRAFT) {
                            return Future.failedFuture(
                                Problem.conflict(
                                        "invalid-transition",
                                        "a " + d.status() + " declaration cannot be rerouted")
                                    .exception());
                          }
                          boolean due =
                              d.totalPayableVnd() != null && d.totalPayableVnd().signum() > 0;
                          DeclarationStatus to =
                              switch (channel) {
                                case "YELLOW" -> DeclarationStatus.DOCUMENT_CHECK;
                                case "RED" -> DeclarationStatus.PHYSICAL_INSPECTION;
                                default ->
                                    due
                                        ? DeclarationStatus.AWAITING_PAYMENT
                                        : DeclarationStatus.RELEASED;
                              };
                          if (!d.status().canMoveTo(to)) {
                            return Future.failedFuture(
                                Problem.conflict(
                                        "invalid-transition",
                                        "a "
                                            + d.status()
                                            + " declaration cannot be rerouted to "
                                            + channel)
                                    .exception());
                          }
                          // Green by override means no check is needed: the goods count as cleared.
                          boolean cleared = channel.equals("GREEN");
                          Declarations.Declaration rerouted =
                              new Declarations.Declaration(
                                  d.id(),
                                  d.number(),
                                  d.enterpriseTaxCode(),
                                  d.brokerTaxCode(),
                                  d.type(),
                                  d.status(),
                                  channel,
                                  d.version(),
                                  d.document(),
                                  d.signedJws(),
                                  d.signingKid(),
                                  d.assessment(),
                                  d.reasons(),
                                  d.totalPayableVnd(),
                                  d.customsOfficeCode(),
                                  d.borderGateCode(),
                                  d.createdAt(),
                                  d.submittedAt(),
                                  d.releasedAt());
                          JsonObject details =
                              CustomsNote.into(
                                  new JsonObject()
                                      .put("reason", reason)
                                      .put("channel", channel)
                                      .put("previousChannel", d.channel()),
                                  note);
                          String event =
                              switch (to) {
                                case DOCUMENT_CHECK -> "declaration.documents-requested";
                                case RELEASED -> "declaration.released";
                                default -> "declaration.channel-assigned";
                              };
                          return conn.preparedQuery(OfficerSql.SET_CHANNEL)
                              .execute(Tuple.of(id, d.status().name(), channel, cleared, at))
                              .compose(
                                  v ->
                                      conn.preparedQuery(OfficerSql.UNASSIGN).execute(Tuple.of(id)))
                              .compose(
                                  v ->
                                      lifecycle.transition(
                                          conn,
                                          rerouted,
                                          to,
                                          caller.subject(),
                                          "REROUTED",
                                          details,
                                          event,
                                          true))
                              .compose(v -> Declarations.byId(conn, id));
                        }))
        .onSuccess(d -> send(ctx, 200, d.toJson()))
        .onFailure(ctx::fail);
  }

  /**
   * GET /declarations/{id}/decision: the stored risk decision of the current version, with its
   * inputs.
   */
  private void decision(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.OFFICER, Role.RISK_MANAGER);
    UUID id = pathId(ctx, "id", "declaration");
    // An officer reads the records of the declarations it may read; a risk manager, who tunes the
    // rules nationwide, every record.
    (caller.role() == Role.OFFICER
            ? Declarations.readable(pool, tenancy, caller, id).mapEmpty()
            : Future.succeededFuture())
        .compose(v -> pool.preparedQuery(OfficerSql.DECISION).execute(Tuple.of(id)))
        .onSuccess(
            rows -> {
              if (rows.size() == 0) {
                ctx.fail(Problem.notFound("no risk decision for declaration " + id).exception());
                return;
              }
              Row r = rows.iterator().next();
              send(
                  ctx,
                  200,
                  new JsonObject()
                      .put("declarationId", id.toString())
                      .put(
                          "number",
                          r.getString("number") == null ? null : r.getString("number").trim())
                      .put("version", r.getInteger("version"))
                      .put("channel", r.getString("channel"))
                      .put("rulesetId", r.getString("ruleset_id"))
                      .put("rulesetVersion", r.getString("ruleset_version"))
                      .put("randomKeyDay", r.getLocalDate("random_key_day").toString())
                      .put("decidedAt", r.getOffsetDateTime("decided_at").toInstant().toString())
                      .put("decision", r.getJsonObject("decision"))
                      .put("facts", r.getJsonObject("facts"))
                      .put("profile", r.getJsonObject("profile")));
            })
        .onFailure(ctx::fail);
  }
}
