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
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.declarations.DeclarationStatus;
import vn.customs.digital.api.declarations.Declarations;
import vn.customs.digital.api.http.ConditionalGet;
import vn.customs.digital.problems.Problem;

/**
 * The officer's desk over HTTP: the queue of declarations to check (yellow: documents, red: goods),
 * the inspection result (which feeds the trader's risk profile), an override of the channel with a
 * reason, and the full risk decision record behind a declaration. The changes are {@link
 * OfficerDesk}'s, each a transaction of its own; these routes read the requests and answer its
 * results.
 */
public final class OfficerRoutes {
  private static final Set<String> SEVERITIES = Set.of("MINOR", "SERIOUS", "CRIMINAL");

  private final Pool pool;
  private final OfficerDesk desk;
  private final Tenancy tenancy;

  public OfficerRoutes(Pool pool, OfficerDesk desk, Tenancy tenancy) {
    this.pool = pool;
    this.desk = desk;
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
    // A revalidation (If-None-Match) compares the versions of what would be listed with the
    // client's copy: only a changed queue is read in full.
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    Predicate<List<Long>> current =
        ifNoneMatch == null
            ? null
            : versions -> ConditionalGet.matches(ifNoneMatch, queueTag(channel, caller, versions));
    desk.queue(caller, status, current)
        .onSuccess(
            listed ->
                sendQueue(
                    ctx,
                    queueTag(channel, caller, listed.versions()),
                    ifNoneMatch,
                    () -> queueAnswer(channel, status, caller, listed.entries())))
        .onFailure(ctx::fail);
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
      String channel,
      DeclarationStatus status,
      Caller caller,
      List<OfficerDesk.QueueEntry> entries) {
    JsonArray items = new JsonArray();
    int mine = 0;
    for (OfficerDesk.QueueEntry e : entries) {
      if (caller.subject().equals(e.assignedTo())) {
        mine++;
      }
      items.add(
          new JsonObject()
              .put("id", e.id().toString())
              .put("number", e.number())
              .put("status", e.status())
              .put("channel", e.channel())
              .put("enterpriseTaxCode", e.enterpriseTaxCode())
              .put("customsOfficeCode", e.customsOfficeCode())
              .put("borderGateCode", e.borderGateCode())
              .put(
                  "totalPayableVnd",
                  e.totalPayableVnd() == null ? null : e.totalPayableVnd().toPlainString())
              .put("submittedAt", e.submittedAt().toString())
              .put("assignedTo", e.assignedTo())
              .put("assignedAt", e.assignedAt() == null ? null : e.assignedAt().toString()));
    }
    return new JsonObject()
        .put("channel", channel)
        .put("status", status.name())
        .put("officer", caller.subject())
        .put("offices", new JsonArray(caller.offices()))
        .put("assignedToYou", mine)
        .put("items", items);
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
    OfficerDesk.Finding finding = new OfficerDesk.Finding(result, severity, note);
    desk.inspect(caller, id, finding)
        .onSuccess(
            inspected -> {
              boolean held = finding.held();
              JsonObject answer =
                  new JsonObject()
                      .put("inspectionId", inspected.inspectionId().toString())
                      .put("declarationId", id.toString())
                      .put("result", result)
                      .put("severity", finding.violation() ? severity : null)
                      .put("held", held)
                      .put("inspectionCleared", !held)
                      .put("status", inspected.status().name());
              if (held) {
                answer.put(
                    "detail",
                    "a "
                        + severity
                        + " violation keeps the goods held: the declaration stays in "
                        + inspected.status()
                        + " and is not cleared");
              }
              send(ctx, 200, answer);
            })
        .onFailure(ctx::fail);
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
    desk.reroute(caller, id, channel, reason, note)
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
