package vn.customs.digital.api.risk;

import static vn.customs.digital.api.http.JsonResponses.JSON;
import static vn.customs.digital.api.http.JsonResponses.send;
import static vn.customs.digital.api.http.Requests.optionalJsonObject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import vn.customs.digital.api.audit.AuditLog;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.http.ContractValidation;
import vn.customs.digital.api.http.InputGuard;
import vn.customs.digital.api.http.InputText;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.risk.ruleset.Ruleset;
import vn.customs.digital.risk.ruleset.RulesetFormat;
import vn.customs.digital.risk.ruleset.RulesetLoader;
import vn.customs.digital.risk.ruleset.RulesetValidationException;

/**
 * The risk manager's controls: upload a ruleset version (validated, stored verbatim, audited),
 * activate it from a time, run it as the shadow candidate beside the active one, read what is in
 * force and what the candidate would have decided differently. And, for anyone, the random keys:
 * each day's commitment before the day, the key itself once the day has ended (Vietnam time).
 *
 * <p>Changes apply to this process at once ({@link RiskService#reloadActive}); other instances pick
 * them up on their periodic reload, and an activation set in the future on the first reload after
 * its time.
 */
public final class RiskRoutes {
  private static final Duration ACTIVATION_SLACK = Duration.ofMinutes(1);
  private static final int MAX_KEY_DAYS = 92;
  private static final int DEFAULT_LIMIT = 50;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Pool pool;
  private final Clock clock;
  private final RiskService risk;

  public RiskRoutes(Pool pool, Clock clock, RiskService risk) {
    this.pool = pool;
    this.clock = clock;
    this.risk = risk;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("uploadRuleset").addHandler(this::upload);
    builder.getRoute("activateRuleset").addHandler(this::activate);
    builder.getRoute("shadowRuleset").addHandler(this::shadow);
    builder.getRoute("getCurrentRuleset").addHandler(this::current);
    builder.getRoute("listShadowDisagreements").addHandler(this::disagreements);
    builder.getRoute("listRandomKeys").addHandler(this::randomKeys);
  }

  /** POST /risk/rulesets: YAML or JSON; every problem of the document in one 422. */
  private void upload(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.RISK_MANAGER);
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    type = type == null ? "" : type.split(";")[0].strip().toLowerCase();
    RulesetFormat format =
        switch (type) {
          case "application/json" -> RulesetFormat.JSON;
          case "application/yaml", "application/x-yaml", "text/yaml" -> RulesetFormat.YAML;
          default ->
              throw Problem.of(
                      "unsupported-media-type",
                      415,
                      "The request's content type is not supported",
                      "a ruleset is application/yaml or application/json")
                  .exception();
        };
    String text = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
    Instant now = clock.instant();
    // Parsing and validating a large document is CPU work of milliseconds: off the event loop.
    ctx.vertx()
        .<Ruleset>executeBlocking(
            () -> {
              if (format == RulesetFormat.YAML) {
                refuseUnacceptableStrings(text);
              }
              return format == RulesetFormat.YAML
                  ? RulesetLoader.fromYaml(text)
                  : RulesetLoader.fromJson(text);
            },
            false)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof RulesetValidationException invalid
                        ? Problem.validation(
                                invalid.problems().size() + " problem(s) in the ruleset",
                                invalid.problems().stream()
                                    .map(p -> new Problem.FieldError(p.path(), p.message()))
                                    .toList())
                            .exception()
                        : e))
        .compose(
            ruleset ->
                pool.withTransaction(
                        conn ->
                            conn.preparedQuery(RiskSql.INSERT_RULESET)
                                .execute(
                                    Tuple.of(
                                        ruleset.id(),
                                        ruleset.version(),
                                        text,
                                        format.name(),
                                        caller.subject(),
                                        now.atOffset(ZoneOffset.UTC)))
                                .compose(
                                    rows ->
                                        rows.rowCount() == 1
                                            ? AuditLog.append(
                                                conn,
                                                new AuditLog.Entry(
                                                    now,
                                                    caller.subject(),
                                                    null,
                                                    "RULESET_UPLOADED",
                                                    new JsonObject()
                                                        .put("rulesetId", ruleset.id())
                                                        .put("rulesetVersion", ruleset.version())
                                                        .put("format", format.name())
                                                        .put("sha256", sha256(text))
                                                        .put(
                                                            "indicators",
                                                            ruleset.indicators().size())
                                                        .put(
                                                            "interventions",
                                                            ruleset.interventions().size())))
                                            : Future.failedFuture(
                                                Problem.conflict(
                                                        "ruleset-exists",
                                                        "ruleset "
                                                            + ruleset.label()
                                                            + " is already stored; a changed ruleset needs a new version")
                                                    .exception())))
                    .map(seq -> ruleset))
        .onSuccess(
            ruleset ->
                ctx.response()
                    .setStatusCode(201)
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .putHeader(
                        HttpHeaders.LOCATION,
                        "/api/v1/risk/rulesets/" + ruleset.id() + "/" + ruleset.version())
                    .end(
                        new JsonObject()
                            .put("id", ruleset.id())
                            .put("version", ruleset.version())
                            .put("format", format.name())
                            .put("indicators", ruleset.indicators().size())
                            .put("interventions", ruleset.interventions().size())
                            .put("sha256", sha256(text))
                            .put("activeFrom", null)
                            .put("shadow", false)
                            .toBuffer()))
        .onFailure(ctx::fail);
  }

  /**
   * A YAML ruleset's strings, held to the rule the input guard applies to JSON bodies: YAML escapes
   * ("\\0", "\\uD800") make characters that the ruleset's columns and audit record cannot keep.
   * Malformed YAML is left to the loader, which reports where it is.
   */
  private static void refuseUnacceptableStrings(String yaml) {
    Object tree;
    try {
      tree = YAML.readValue(yaml, Object.class);
    } catch (IOException e) {
      return;
    }
    List<Problem.FieldError> errors = InputText.unacceptableStrings(tree, "");
    if (!errors.isEmpty()) {
      throw InputGuard.unacceptableJson(errors).exception();
    }
  }

  /**
   * POST /risk/rulesets/{id}/{version}/activation {activeFrom}: in force from then (now when
   * omitted).
   */
  private void activate(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.RISK_MANAGER);
    String id = ctx.pathParam("id");
    String version = ctx.pathParam("version");
    JsonObject body = optionalJsonObject(ctx);
    Instant now = clock.instant();
    Instant from;
    try {
      from =
          body.getValue("activeFrom") instanceof String s
              ? OffsetDateTime.parse(s).toInstant()
              : now;
    } catch (DateTimeParseException e) {
      throw Problem.validation(
              "activeFrom is not a date-time",
              List.of(
                  new Problem.FieldError(
                      "/activeFrom", "an RFC 3339 date-time, e.g. 2026-12-01T00:00:00+07:00")))
          .exception();
    }
    if (from.isBefore(now.minus(ACTIVATION_SLACK))) {
      // Decisions already taken stay with the ruleset they were taken with: no activation in the
      // past.
      throw Problem.validation(
              "a ruleset cannot be activated in the past",
              List.of(new Problem.FieldError("/activeFrom", "now or later")))
          .exception();
    }
    Instant activeFrom = from.truncatedTo(ChronoUnit.MICROS);
    pool.withTransaction(
            conn ->
                conn.preparedQuery(RiskSql.ACTIVATE)
                    .execute(Tuple.of(id, version, activeFrom.atOffset(ZoneOffset.UTC)))
                    .compose(
                        rows ->
                            rows.rowCount() == 1
                                ? AuditLog.append(
                                    conn,
                                    new AuditLog.Entry(
                                        now,
                                        caller.subject(),
                                        null,
                                        "RULESET_ACTIVATED",
                                        new JsonObject()
                                            .put("rulesetId", id)
                                            .put("rulesetVersion", version)
                                            .put("activeFrom", activeFrom.toString())))
                                : Future.failedFuture(
                                    Problem.notFound("no ruleset " + id + "@" + version)
                                        .exception())))
        .compose(seq -> risk.reloadActive())
        .onSuccess(
            v ->
                send(
                    ctx,
                    200,
                    new JsonObject()
                        .put("id", id)
                        .put("version", version)
                        .put("activeFrom", activeFrom.toString())
                        .put(
                            "inForce",
                            id.equals(risk.active().id())
                                && version.equals(risk.active().version()))))
        .onFailure(ctx::fail);
  }

  /**
   * POST /risk/rulesets/{id}/{version}/shadow: the candidate evaluated beside the active ruleset.
   */
  private void shadow(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.RISK_MANAGER);
    String id = ctx.pathParam("id");
    String version = ctx.pathParam("version");
    RiskService.Active active = risk.active();
    if (active.id().equals(id) && active.version().equals(version)) {
      throw Problem.conflict(
              "ruleset-active",
              "ruleset "
                  + id
                  + "@"
                  + version
                  + " is the active one; a shadow candidate is compared with it")
          .exception();
    }
    Instant now = clock.instant();
    pool.withTransaction(
            conn ->
                conn.preparedQuery(RiskSql.RULESET_EXISTS)
                    .execute(Tuple.of(id, version))
                    .compose(
                        rows ->
                            rows.size() == 1
                                ? conn.preparedQuery(RiskSql.SET_SHADOW)
                                    .execute(Tuple.of(id, version))
                                : Future.failedFuture(
                                    Problem.notFound("no ruleset " + id + "@" + version)
                                        .exception()))
                    .compose(
                        rows ->
                            AuditLog.append(
                                conn,
                                new AuditLog.Entry(
                                    now,
                                    caller.subject(),
                                    null,
                                    "RULESET_SHADOWED",
                                    new JsonObject()
                                        .put("rulesetId", id)
                                        .put("rulesetVersion", version)))))
        .compose(seq -> risk.reloadActive())
        .onSuccess(
            v ->
                send(
                    ctx,
                    200,
                    new JsonObject().put("id", id).put("version", version).put("shadow", true)))
        .onFailure(ctx::fail);
  }

  /** GET /risk/rulesets/current: in force now, the shadow candidate, and activations to come. */
  private void current(RoutingContext ctx) {
    Caller.require(ctx, Role.RISK_MANAGER, Role.OFFICER);
    Tuple now = Tuple.of(clock.instant().atOffset(ZoneOffset.UTC));
    pool.preparedQuery(RiskSql.ACTIVE)
        .execute(now)
        .compose(
            active ->
                pool.preparedQuery(RiskSql.SHADOW_CANDIDATE)
                    .execute()
                    .compose(
                        shadow ->
                            pool.preparedQuery(RiskSql.SCHEDULED)
                                .execute(now)
                                .map(
                                    scheduled -> {
                                      JsonArray upcoming = new JsonArray();
                                      scheduled.forEach(r -> upcoming.add(ruleset(r, false)));
                                      return new JsonObject()
                                          .put(
                                              "active",
                                              active.size() == 0
                                                  ? null
                                                  : ruleset(active.iterator().next(), true))
                                          .put(
                                              "shadow",
                                              shadow.size() == 0
                                                  ? null
                                                  : ruleset(shadow.iterator().next(), true))
                                          .put("scheduled", upcoming);
                                    })))
        .onSuccess(body -> send(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private static JsonObject ruleset(Row r, boolean withDocument) {
    OffsetDateTime from = r.getOffsetDateTime("active_from");
    JsonObject json =
        new JsonObject()
            .put("id", r.getString("id"))
            .put("version", r.getString("version"))
            .put("format", r.getString("format"))
            // The bundled default is in force since forever ('-infinity').
            .put(
                "activeFrom",
                from == null
                    ? null
                    : from.toEpochSecond() < -1_000_000_000_000L
                        ? "-infinity"
                        : from.toInstant().toString())
            .put("shadow", r.getBoolean("shadow"))
            .put("uploadedBy", r.getString("uploaded_by"))
            .put("uploadedAt", r.getOffsetDateTime("uploaded_at").toInstant().toString());
    return withDocument ? json.put("document", r.getString("document")) : json;
  }

  /**
   * GET /risk/shadow/disagreements: counts per candidate and channel pair, and the latest cases.
   */
  private void disagreements(RoutingContext ctx) {
    Caller.require(ctx, Role.RISK_MANAGER);
    String id = query(ctx, "rulesetId");
    String version = query(ctx, "rulesetVersion");
    int limit = ContractValidation.queryInteger(ctx, "limit", DEFAULT_LIMIT);
    pool.preparedQuery(RiskSql.DISAGREEMENT_COUNTS)
        .execute(Tuple.of(id, version))
        .compose(
            counts ->
                pool.preparedQuery(RiskSql.DISAGREEMENTS)
                    .execute(Tuple.of(id, version, limit))
                    .map(items -> disagreements(counts, items)))
        .onSuccess(body -> send(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private static JsonObject disagreements(RowSet<Row> counts, RowSet<Row> items) {
    JsonArray byPair = new JsonArray();
    int total = 0;
    for (Row r : counts) {
      total += r.getInteger("n");
      byPair.add(
          new JsonObject()
              .put("rulesetId", r.getString("ruleset_id"))
              .put("rulesetVersion", r.getString("ruleset_version"))
              .put("activeChannel", r.getString("active_channel"))
              .put("shadowChannel", r.getString("shadow_channel"))
              .put("count", r.getInteger("n")));
    }
    JsonArray list = new JsonArray();
    for (Row r : items) {
      list.add(
          new JsonObject()
              .put("declarationId", r.getUUID("declaration_id").toString())
              .put("number", r.getString("number") == null ? null : r.getString("number").trim())
              .put("version", r.getInteger("version"))
              .put("rulesetId", r.getString("ruleset_id"))
              .put("rulesetVersion", r.getString("ruleset_version"))
              .put("activeChannel", r.getString("active_channel"))
              .put("shadowChannel", r.getString("shadow_channel"))
              .put("shadowReasons", r.getValue("shadow_reasons"))
              .put("decidedAt", r.getOffsetDateTime("decided_at").toInstant().toString()));
    }
    return new JsonObject().put("total", total).put("counts", byPair).put("items", list);
  }

  /**
   * GET /risk/random-keys?from=&to= (public): per customs day the commitment, published from the
   * day before, and the key once the day is over, so anyone can recompute every draw of that day.
   */
  private void randomKeys(RoutingContext ctx) {
    LocalDate today = risk.today();
    LocalDate tomorrow = today.plusDays(1);
    LocalDate from = date(ctx, "from", today.minusDays(6));
    LocalDate to = date(ctx, "to", tomorrow);
    if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= MAX_KEY_DAYS) {
      throw Problem.validation(
              "the range is empty or too long",
              List.of(
                  new Problem.FieldError("from", "from <= to, at most " + MAX_KEY_DAYS + " days")))
          .exception();
    }
    LocalDate last = to.isAfter(tomorrow) ? tomorrow : to;
    risk.keyFor(today)
        .compose(k -> risk.keyFor(tomorrow))
        .compose(k -> pool.preparedQuery(RiskSql.KEYS).execute(Tuple.of(from, last)))
        .onSuccess(
            rows -> {
              JsonArray days = new JsonArray();
              for (Row r : rows) {
                LocalDate day = r.getLocalDate("day");
                boolean ended = day.isBefore(today);
                days.add(
                    new JsonObject()
                        .put("day", day.toString())
                        .put("commitment", r.getString("commitment").trim())
                        .put(
                            "key",
                            ended
                                ? HexFormat.of().formatHex(r.getBuffer("key").getBytes())
                                : null));
              }
              ctx.response()
                  .setStatusCode(200)
                  .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                  .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=60")
                  .end(
                      new JsonObject()
                          .put("zone", RiskService.CUSTOMS_ZONE.getId())
                          .put("today", today.toString())
                          .put("days", days)
                          .toBuffer());
            })
        .onFailure(ctx::fail);
  }

  private static LocalDate date(RoutingContext ctx, String name, LocalDate otherwise) {
    String value = query(ctx, name);
    if (value == null) {
      return otherwise;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.validation(
              name + " is not a date", List.of(new Problem.FieldError(name, "YYYY-MM-DD")))
          .exception();
    }
  }

  private static String query(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
