package vn.customs.digital.api.officers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.declarations.DeclarationLifecycle;
import vn.customs.digital.api.declarations.DeclarationStatus;
import vn.customs.digital.api.declarations.Declarations;
import vn.customs.digital.api.platform.TimeOrderedIds;
import vn.customs.digital.api.risk.RiskMetrics;
import vn.customs.digital.api.risk.RiskService;
import vn.customs.digital.notifications.Outbox;
import vn.customs.digital.problems.Problem;

/**
 * What an officer does to declarations, each in one transaction that this service begins and
 * commits (the declaration read as the officer may see it, {@link Declarations#officers}: 404
 * otherwise; the change; its audit record and outbox message through {@link DeclarationLifecycle}),
 * reporting domain results that the routes ({@link OfficerRoutes}, {@link PostReleaseRoutes}) turn
 * into HTTP.
 *
 * <p>The queue is per customs office: an officer's offices are those of its token (none, no queue).
 * Reading the queue marks the officer on duty at each of them; in the same transaction the
 * unassigned declarations of that channel in those offices are handed out, each office's among the
 * officers seen there in the last {@link #ON_DUTY} (in the order of their ids, continuing after the
 * last officer given one). The queue lists the channel's declarations of the officer's offices,
 * oldest submitted first, with who holds each. A read costs the officer's offices, not the
 * country's backlog (V12).
 *
 * <p>Released goods not yet exited may be held (post-release intelligence), the hold lifted, and
 * the exit gate changed; the gates learn of it through the clearance feed, which the trigger {@code
 * declarations_gate_feed} writes in the same transaction (a hold revokes with HOLD, the lift clears
 * again, a new gate revokes with REROUTE at the old gate and clears at the new one: see the {@link
 * vn.customs.digital.api.gates gates} package).
 */
public final class OfficerDesk {
  static final Duration ON_DUTY = Duration.ofMinutes(15);
  private static final int QUEUE_LIMIT = 200;

  private final Pool pool;
  private final Clock clock;
  private final DeclarationLifecycle lifecycle;
  private final RiskService risk;

  public OfficerDesk(Pool pool, Clock clock, DeclarationLifecycle lifecycle, RiskService risk) {
    this.pool = pool;
    this.clock = clock;
    this.lifecycle = lifecycle;
    this.risk = risk;
  }

  /** A declaration of the queue, with who holds it. */
  public record QueueEntry(
      UUID id,
      String number,
      String status,
      String channel,
      String enterpriseTaxCode,
      String customsOfficeCode,
      String borderGateCode,
      BigDecimal totalPayableVnd,
      Instant submittedAt,
      String assignedTo,
      Instant assignedAt) {}

  /** An inspection's finding: COMPLIANT, or a VIOLATION with its severity. */
  public record Finding(String result, String severity, String note) {
    public boolean violation() {
      return result.equals("VIOLATION");
    }

    /**
     * A serious or criminal violation keeps the goods held pending the case; a minor one is settled
     * on the spot.
     */
    public boolean held() {
      return violation() && !severity.equals("MINOR");
    }
  }

  /** What an inspection did: its id, and the status the declaration is in after it. */
  public record Inspected(UUID inspectionId, DeclarationStatus status) {}

  /**
   * A queue read: the versions of the rows listed, in order, and the entries - null when the
   * caller's copy was found current from the versions alone (no join to the declarations).
   */
  public record QueueListing(List<QueueEntry> entries, List<Long> versions) {}

  /**
   * The queue of {@code status} (a channel's check) in the officer's offices, after handing out
   * what was unassigned there. With {@code current} (a revalidation), the versions of what would be
   * listed are read first, from the listing's index alone, and the entries only when {@code
   * current} says the caller's copy is not those versions.
   */
  public Future<QueueListing> queue(
      Caller caller, DeclarationStatus status, Predicate<List<Long>> current) {
    List<String> offices = caller.offices();
    if (offices.isEmpty()) {
      // Least privilege: an officer whose token names no office has no queue (and is on duty
      // nowhere).
      return Future.succeededFuture(new QueueListing(List.of(), List.of()));
    }
    String[] officeArray = offices.toArray(String[]::new);
    Instant now = clock.instant();
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    Tuple listing = Tuple.of(officeArray, status.name(), QUEUE_LIMIT);
    return Outbox.withTransaction(
        pool,
        conn -> {
          // Pipelined: the hand-out's first statement goes out behind SEEN, which PostgreSQL
          // runs first, so the officer is on duty when the rotation is read.
          Future<?> seen =
              conn.preparedQuery(OfficerSql.SEEN)
                  .execute(Tuple.of(officeArray, caller.subject(), at));
          Future<Void> assigned = assign(conn, status, officeArray, now);
          Future<?> handedOut = Future.all(seen, assigned);
          if (current == null) {
            return handedOut.compose(
                v ->
                    conn.preparedQuery(OfficerSql.QUEUE).execute(listing).map(OfficerDesk::listed));
          }
          return handedOut
              .compose(v -> conn.preparedQuery(OfficerSql.QUEUE_VERSIONS).execute(listing))
              .compose(
                  rows -> {
                    List<Long> versions = new ArrayList<>();
                    rows.forEach(r -> versions.add(r.getLong("version")));
                    if (current.test(versions)) {
                      return Future.succeededFuture(new QueueListing(null, versions));
                    }
                    return conn.preparedQuery(OfficerSql.QUEUE)
                        .execute(listing)
                        .map(OfficerDesk::listed);
                  });
        });
  }

  private static QueueListing listed(RowSet<Row> rows) {
    List<QueueEntry> entries = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    for (Row r : rows) {
      versions.add(r.getLong("version"));
      entries.add(
          new QueueEntry(
              r.getUUID("id"),
              r.getString("number") == null ? null : r.getString("number").trim(),
              r.getString("status"),
              r.getString("channel"),
              r.getString("enterprise_tax_code"),
              r.getString("customs_office_code"),
              r.getString("border_gate_code"),
              r.getBigDecimal("total_payable_vnd"),
              r.getOffsetDateTime("submitted_at").toInstant(),
              r.getString("officer"),
              r.getOffsetDateTime("assigned_at") == null
                  ? null
                  : r.getOffsetDateTime("assigned_at").toInstant()));
    }
    return new QueueListing(entries, versions);
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

  /**
   * Records an inspection of a declaration awaiting its check: compliant or a minor violation
   * clears it (to payment, or released when nothing is due); a serious or criminal one keeps it
   * where it is, not cleared. A violation feeds the trader's risk profile (forgotten in the cache
   * once committed); the rules that selected the declaration are counted as inspected.
   */
  public Future<Inspected> inspect(Caller caller, UUID id, Finding finding) {
    boolean violation = finding.violation();
    boolean held = finding.held();
    OffsetDateTime at = clock.instant().atOffset(ZoneOffset.UTC);
    UUID inspectionId = TimeOrderedIds.next();
    JsonObject details =
        new JsonObject()
            .put("inspectionId", inspectionId.toString())
            .put("result", finding.result());
    if (violation) {
      details.put("severity", finding.severity());
    }
    CustomsNote.into(details, finding.note());
    return Outbox.withTransaction(
            pool,
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
                                            finding.result(),
                                            violation ? finding.severity() : null,
                                            finding.note(),
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
                                                    finding.severity(),
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
                                    return moved.map(status -> new Inspection(d, status, stored));
                                  });
                        }))
        .map(
            inspection -> {
              if (violation) {
                risk.invalidate(inspection.declaration().enterpriseTaxCode());
              }
              selectingRules(inspection.decision())
                  .forEach(rule -> RiskMetrics.inspected(rule, violation));
              return new Inspected(inspectionId, inspection.status());
            });
  }

  private record Inspection(
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
                    : concurrentChange())
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
      rules.add(RiskMetrics.RANDOM_SELECTION);
    }
    return rules;
  }

  /**
   * An officer overrides the channel (GREEN, YELLOW or RED) of a declaration before release, with a
   * reason; green by override means no check is needed, the goods count as cleared. Answers the
   * declaration as it then is.
   */
  public Future<Declarations.Declaration> reroute(
      Caller caller, UUID id, String channel, String reason, String note) {
    OffsetDateTime at = clock.instant().atOffset(ZoneOffset.UTC);
    return Outbox.withTransaction(
        pool,
        conn ->
            Declarations.officers(conn, caller, id)
                .compose(
                    d -> {
                      if (!d.status().beforeRelease() || d.status() == DeclarationStatus.DRAFT) {
                        return Future.failedFuture(
                            Problem.conflict(
                                    "invalid-transition",
                                    "a " + d.status() + " declaration cannot be rerouted")
                                .exception());
                      }
                      boolean due = d.totalPayableVnd() != null && d.totalPayableVnd().signum() > 0;
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
                              v -> conn.preparedQuery(OfficerSql.UNASSIGN).execute(Tuple.of(id)))
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
                    }));
  }

  /** Released goods may pass no gate until the hold is lifted. */
  public Future<Declarations.Declaration> hold(
      Caller officer, UUID id, String reason, String note) {
    return move(
        officer,
        id,
        DeclarationStatus.RELEASED,
        DeclarationStatus.HELD,
        "HELD",
        "declaration.held",
        reason,
        note);
  }

  /** Back to RELEASED, cleared at its gate again. */
  public Future<Declarations.Declaration> lift(
      Caller officer, UUID id, String reason, String note) {
    return move(
        officer,
        id,
        DeclarationStatus.HELD,
        DeclarationStatus.RELEASED,
        "HOLD_LIFTED",
        "declaration.hold-lifted",
        reason,
        note);
  }

  private Future<Declarations.Declaration> move(
      Caller officer,
      UUID id,
      DeclarationStatus from,
      DeclarationStatus to,
      String action,
      String eventType,
      String reason,
      String note) {
    return act(
        officer,
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
   * The goods leave through another gate. Released or held; the signed declaration keeps the gate
   * it was declared for, the declaration's borderGateCode is the one in force.
   */
  public Future<Declarations.Declaration> changeBorderGate(
      Caller officer, UUID id, String gate, String reason, String note) {
    return act(
        officer,
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
                          : concurrentChange());
        });
  }

  /**
   * Runs {@code change} in one transaction when the declaration is one the officer may act on
   * ({@link Declarations#officers}: 404 otherwise) and in one of {@code from}; answers it as it is
   * then.
   */
  private Future<Declarations.Declaration> act(
      Caller officer,
      UUID id,
      Set<DeclarationStatus> from,
      String what,
      BiFunction<SqlConnection, Declarations.Declaration, Future<Void>> change) {
    return Outbox.withTransaction(
        pool,
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
                    }));
  }

  private static Future<Void> concurrentChange() {
    return Future.failedFuture(
        Problem.conflict("concurrent-change", "the declaration changed meanwhile; retry")
            .exception());
  }
}
