package vn.customs.digital.api.declarations;

import static vn.customs.digital.api.http.JsonResponses.JOSE;
import static vn.customs.digital.api.http.JsonResponses.JSON;
import static vn.customs.digital.api.http.Requests.jsonObject;
import static vn.customs.digital.api.http.Requests.pathId;
import static vn.customs.digital.api.http.Requests.queryInstant;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import vn.customs.digital.api.audit.AuditLog;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.EnterpriseKeys;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.http.ConditionalGet;
import vn.customs.digital.api.http.ContractValidation;
import vn.customs.digital.api.http.Idempotency;
import vn.customs.digital.api.platform.TransactionEnd;
import vn.customs.digital.problems.Problem;

/**
 * The trader's journey with a declaration: a draft or a signed submission from the phone, duties
 * assessed and a channel chosen at once, amendment (before release, and for a term after it),
 * cancellation before release, and reading it back with its history. Every state change is one
 * transaction with its audit record and outbox message, run by {@link DeclarationLifecycle}; the
 * routes answer what it reports ({@link #answer}), and keep that answer for an {@code
 * Idempotency-Key} in the same transaction.
 */
public final class DeclarationRoutes {
  private static final int DEFAULT_LIMIT = 20;

  private final Pool pool;
  private final Clock clock;
  private final DeclarationLifecycle lifecycle;
  private final EnterpriseKeys keys;
  private final Tenancy tenancy;

  public DeclarationRoutes(
      Pool pool,
      Clock clock,
      DeclarationLifecycle lifecycle,
      EnterpriseKeys keys,
      Tenancy tenancy) {
    this.pool = pool;
    this.clock = clock;
    this.lifecycle = lifecycle;
    this.keys = keys;
    this.tenancy = tenancy;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("createDeclaration").addHandler(this::create);
    builder.getRoute("listDeclarations").addHandler(this::list);
    builder.getRoute("getDeclaration").addHandler(this::one);
    builder.getRoute("submitDeclaration").addHandler(this::submitDraft);
    builder.getRoute("amendDeclaration").addHandler(this::amend);
    builder.getRoute("cancelDeclaration").addHandler(this::cancel);
    builder.getRoute("getDeclarationHistory").addHandler(this::history);
    builder.getRoute("listDeclarationVersions").addHandler(this::versions);
  }

  /**
   * POST /declarations: application/jose submits a signed declaration; application/json saves a
   * draft.
   */
  private void create(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER);
    String type = mediaType(ctx);
    Future<Idempotency.Response> done;
    if (JOSE.equals(type)) {
      done =
          verified(caller, ctx.body().asString())
              .compose(
                  signed -> idempotent(ctx, caller, end -> lifecycle.submit(caller, signed, end)));
    } else if ("application/json".equals(type)) {
      DeclarationLifecycle.Draft draft = lifecycle.validate(caller, jsonObject(ctx), null, null);
      done =
          authorised(caller, draft.document().declarantTaxCode())
              .compose(
                  v -> idempotent(ctx, caller, end -> lifecycle.saveDraft(caller, draft, end)));
    } else {
      throw unsupported(ctx);
    }
    done.onSuccess(r -> Idempotency.send(ctx, r)).onFailure(ctx::fail);
  }

  /** POST /declarations/{id}/submission: a draft becomes a submission once it is signed. */
  private void submitDraft(RoutingContext ctx) {
    signedChange(ctx, DeclarationLifecycle.NewVersion.SUBMISSION_OF_DRAFT);
  }

  /**
   * POST /declarations/{id}/amendments: a new signed version, before release (re-assessed and
   * re-routed) or within the term after release (re-assessed only); the history stays.
   */
  private void amend(RoutingContext ctx) {
    signedChange(ctx, DeclarationLifecycle.NewVersion.AMENDMENT);
  }

  /** A new version of a declaration the caller may see, signed by the caller. */
  private void signedChange(RoutingContext ctx, DeclarationLifecycle.NewVersion kind) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER);
    requireJose(ctx);
    UUID id = pathId(ctx, "id", "declaration");
    Declarations.visible(pool, tenancy, caller, id)
        .compose(
            current ->
                verified(caller, ctx.body().asString())
                    .compose(
                        signed ->
                            idempotent(
                                ctx,
                                caller,
                                end -> lifecycle.newVersion(kind, caller, current, signed, end))))
        .onSuccess(r -> Idempotency.send(ctx, r))
        .onFailure(ctx::fail);
  }

  /**
   * POST /declarations/{id}/cancellation {reason}: the trader before release, an officer after
   * release (before exit).
   */
  private void cancel(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER, Role.OFFICER);
    JsonObject body = jsonObject(ctx);
    String reason = body.getValue("reason") instanceof String s ? s.strip() : "";
    if (reason.isEmpty() || reason.length() > 500) {
      throw Problem.validation(
              "a cancellation needs a reason",
              List.of(new Problem.FieldError("/reason", "1 to 500 characters")))
          .exception();
    }
    UUID id = pathId(ctx, "id", "declaration");
    (caller.role() == Role.OFFICER
            ? Declarations.officers(pool, caller, id)
            : Declarations.visible(pool, tenancy, caller, id))
        .compose(
            current ->
                idempotent(ctx, caller, end -> lifecycle.cancel(caller, current, reason, end)))
        .onSuccess(r -> Idempotency.send(ctx, r))
        .onFailure(ctx::fail);
  }

  /** GET /declarations/{id}: the trader's or broker's own, an officer's as {@link #readable}. */
  private void one(RoutingContext ctx) {
    readable(ctx)
        .onSuccess(d -> ConditionalGet.send(ctx, JSON, "private, no-cache", d.toJson().toBuffer()))
        .onFailure(ctx::fail);
  }

  /**
   * GET /declarations/{id}/versions: every version as it was registered, the signed bytes with it,
   * oldest first.
   */
  private void versions(RoutingContext ctx) {
    UUID id = pathId(ctx, "id", "declaration");
    readable(ctx)
        .compose(d -> pool.preparedQuery(DeclarationSql.VERSIONS).execute(Tuple.of(id)))
        .onSuccess(
            rows -> {
              JsonArray items = new JsonArray();
              for (Row r : rows) {
                items.add(
                    new JsonObject()
                        .put("version", r.getInteger("version"))
                        .put("declaration", r.getJsonObject("document"))
                        .put("signedJws", r.getString("signed_jws"))
                        .put("signingKid", r.getString("signing_kid"))
                        .put("signerTaxCode", r.getString("signer_tax_code"))
                        .put("assessment", r.getJsonObject("assessment"))
                        .put("createdBy", r.getString("created_by"))
                        .put(
                            "createdAt", r.getOffsetDateTime("created_at").toInstant().toString()));
              }
              sendOf(ctx, id, "items", items);
            })
        .onFailure(ctx::fail);
  }

  /**
   * GET /declarations/{id}/history: the audit trail. Customs-only members of a record ({@link
   * AuditLog#CUSTOMS_ONLY}) are shown to officers only.
   */
  private void history(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER, Role.OFFICER);
    UUID id = pathId(ctx, "id", "declaration");
    boolean customs = caller.role() == Role.OFFICER;
    Declarations.readable(pool, tenancy, caller, id)
        .compose(d -> AuditLog.trail(pool, id))
        .onSuccess(
            records -> {
              JsonArray trail = new JsonArray();
              for (AuditLog.Recorded r : records) {
                trail.add(
                    new JsonObject()
                        .put("seq", r.seq())
                        .put("at", r.at().toString())
                        .put("actor", r.actor())
                        .put("action", r.action())
                        .put("details", customs ? r.details() : AuditLog.publicDetails(r.details()))
                        .put("hash", r.hash()));
              }
              sendOf(ctx, id, "entries", trail);
            })
        .onFailure(ctx::fail);
  }

  /** A listing of one declaration's records ({@code name}), with an ETag. */
  private static void sendOf(RoutingContext ctx, UUID id, String name, JsonArray records) {
    ConditionalGet.send(
        ctx,
        JSON,
        "private, no-cache",
        new JsonObject().put("declarationId", id.toString()).put(name, records).toBuffer());
  }

  /**
   * The declaration of the path, if the caller may read it: traders and brokers their enterprises'
   * (404 otherwise), officers those of their offices and those handed to them ({@link
   * Declarations#readable}).
   */
  private Future<Declarations.Declaration> readable(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER, Role.OFFICER);
    return Declarations.readable(pool, tenancy, caller, pathId(ctx, "id", "declaration"));
  }

  /**
   * GET /declarations?status=&principal=&from=&to=&limit=&cursor=: the caller's own (a broker's
   * principals', or one of them), newest first.
   */
  private void list(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER);
    var q = ctx.queryParams();
    int limit = ContractValidation.queryInteger(ctx, "limit", DEFAULT_LIMIT);
    OffsetDateTime from = queryInstant(ctx, "from");
    OffsetDateTime to = queryInstant(ctx, "to");
    OffsetDateTime afterTime = null;
    UUID afterId = null;
    String cursor = q.get("cursor");
    if (cursor != null) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(cursor)).split("\\|", 2);
        afterTime = OffsetDateTime.parse(parts[0]);
        afterId = UUID.fromString(parts[1]);
      } catch (RuntimeException e) {
        throw Problem.badRequest(
                "the cursor is not one this listing returned",
                List.of(new Problem.FieldError("cursor", "not a cursor returned by this listing")))
            .exception();
      }
    }
    pool.preparedQuery(DeclarationSql.LIST)
        .execute(
            Tuple.from(
                new Object[] {
                  caller.taxCode(),
                  caller.role().claim(),
                  q.get("status"),
                  from,
                  to,
                  afterTime,
                  afterId,
                  limit + 1,
                  tenancy.now(),
                  q.get("principal")
                }))
        .onSuccess(
            rows -> {
              JsonArray items = new JsonArray();
              String next = null;
              int n = 0;
              for (Row r : rows) {
                if (n++ == limit) {
                  break;
                }
                items.add(Declarations.summary(r));
                next =
                    rows.size() > limit
                        ? Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(
                                (r.getOffsetDateTime("created_at").toString()
                                        + "|"
                                        + r.getUUID("id"))
                                    .getBytes())
                        : null;
              }
              ctx.response()
                  .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache")
                  .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                  .end(new JsonObject().put("items", items).put("nextCursor", next).toBuffer());
            })
        .onFailure(ctx::fail);
  }

  // ---- shared steps ---------------------------------------------------------------------------

  /**
   * Runs a change of the lifecycle, answered by {@link #answer} and kept for the request's
   * Idempotency-Key.
   */
  private Future<Idempotency.Response> idempotent(
      RoutingContext ctx,
      Caller caller,
      Function<
              TransactionEnd<DeclarationLifecycle.Outcome, Idempotency.Response>,
              Future<Idempotency.Response>>
          change) {
    return Idempotency.run(pool, clock, ctx, caller.subject(), DeclarationRoutes::answer, change);
  }

  /** A declaration after a change: 201 at its own URL when the change created it, else 200. */
  private static Idempotency.Response answer(DeclarationLifecycle.Outcome outcome) {
    Declarations.Declaration d = outcome.declaration();
    return outcome.created()
        ? new Idempotency.Response(
            201, JSON, "/api/v1/declarations/" + d.id(), d.toJson().toBuffer())
        : new Idempotency.Response(200, JSON, null, d.toJson().toBuffer());
  }

  /** Parses the JWS, finds the caller's registered key named by its kid, verifies the signature. */
  private Future<DeclarationLifecycle.Signed> verified(Caller caller, String compact) {
    SignedDeclaration signed = SignedDeclaration.parse(compact == null ? "" : compact);
    return keys.activeKey(caller.taxCode(), signed.kid())
        .map(
            key -> {
              JsonObject payload = signed.verifiedPayload(key);
              return new DeclarationLifecycle.Signed(
                  signed, lifecycle.validate(caller, payload, signed.kid(), caller.taxCode()));
            })
        .compose(s -> authorised(caller, s.draft().document().declarantTaxCode()).map(s));
  }

  /** A trader declares for its own enterprise; a broker for an enterprise that delegated to it. */
  private Future<Void> authorised(Caller caller, String declarantTaxCode) {
    return tenancy
        .mayActFor(caller, declarantTaxCode)
        .compose(
            ok ->
                ok
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        Problem.forbidden(
                                caller.role() == Role.BROKER
                                    ? "enterprise "
                                        + declarantTaxCode
                                        + " has not delegated to broker "
                                        + caller.taxCode()
                                    : "a trader declares only for its own enterprise ("
                                        + caller.taxCode()
                                        + ")")
                            .exception()));
  }

  private static String mediaType(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase();
  }

  private static void requireJose(RoutingContext ctx) {
    if (!JOSE.equals(mediaType(ctx))) {
      throw unsupported(ctx);
    }
  }

  private static RuntimeException unsupported(RoutingContext ctx) {
    return Problem.of(
            "unsupported-media-type",
            415,
            "The request's content type is not supported",
            "send application/jose (a signed declaration) or application/json (a draft), not '"
                + mediaType(ctx)
                + "'")
        .exception();
  }

  static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(o -> out.add(String.valueOf(o)));
    }
    return out;
  }
}
