package vn.customs.digital.api.auth;

import static vn.customs.digital.api.http.JsonResponses.send;
import static vn.customs.digital.api.http.Requests.jsonObject;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import vn.customs.digital.api.http.ContractValidation;
import vn.customs.digital.problems.Problem;

/**
 * An enterprise's identity settings, managed by its own trader: delegations to brokers and the
 * public keys it signs declarations with; a broker reads who delegated to it (its principals).
 * Another enterprise's path answers 404, never 403, so it does not tell whether that enterprise
 * exists. Also serves the development issuer's JWKS.
 */
public final class IdentityRoutes {
  static final Duration MAX_DELEGATION = Duration.ofDays(3660);
  static final int PRINCIPALS_PAGE = 100;

  private final Delegations delegations;
  private final EnterpriseKeys keys;
  private final Identity identity;
  private final Clock clock;

  public IdentityRoutes(Identity identity, Delegations delegations, EnterpriseKeys keys) {
    this.clock = identity.clock();
    this.delegations = delegations;
    this.keys = keys;
    this.identity = identity;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("grantDelegation").addHandler(this::grant);
    builder.getRoute("listDelegations").addHandler(this::listDelegations);
    builder.getRoute("revokeDelegation").addHandler(this::revokeDelegation);
    builder.getRoute("listPrincipals").addHandler(this::listPrincipals);
    builder.getRoute("registerSigningKey").addHandler(this::registerKey);
    builder.getRoute("listSigningKeys").addHandler(this::listKeys);
    builder.getRoute("revokeSigningKey").addHandler(this::revokeKey);
    builder.getRoute("getDevIssuerKeys").addHandler(this::devJwks);
    builder.getRoute("getDevIssuerConfiguration").addHandler(ctx -> devSignIn().discovery(ctx));
    builder.getRoute("devAuthorize").addHandler(ctx -> devSignIn().authorize(ctx));
    builder.getRoute("devToken").addHandler(ctx -> devSignIn().token(ctx));
    // The contract documents bearerAuth on protected operations; the root Authenticator verifies
    // the token and each handler states the roles it admits (Caller.require). RouterBuilder would
    // otherwise want a vertx-auth handler per scheme, which this service does not use.
    for (OpenAPIRoute route : builder.getRoutes()) {
      route.setDoSecurity(false);
    }
  }

  /**
   * The trader of the enterprise in the path, else 403 (another role) or 404 (another enterprise).
   */
  private static Caller ownTrader(RoutingContext ctx) {
    return own(ctx, Caller.require(ctx, Role.TRADER));
  }

  /**
   * A signer of the enterprise in the path: its trader, or a broker managing its own keys (a broker
   * signs the declarations it files for its principals with its own registered key).
   */
  private static Caller ownSigner(RoutingContext ctx) {
    return own(ctx, Caller.require(ctx, Role.TRADER, Role.BROKER));
  }

  private static Caller own(RoutingContext ctx, Caller caller) {
    String taxCode = ctx.pathParam("taxCode");
    if (!caller.taxCode().equals(taxCode)) {
      throw Problem.notFound("no enterprise " + taxCode + " for this caller").exception();
    }
    return caller;
  }

  private void grant(RoutingContext ctx) {
    Caller caller = ownTrader(ctx);
    JsonObject body = jsonObject(ctx);
    String broker = body.getString("brokerTaxCode");
    if (broker.equals(caller.taxCode())) {
      throw invalid("/brokerTaxCode", "an enterprise cannot delegate to itself");
    }
    Instant validUntil = null;
    if (body.getValue("validUntil") != null) {
      try {
        validUntil =
            OffsetDateTime.parse(body.getString("validUntil"))
                .toInstant()
                .truncatedTo(ChronoUnit.MICROS);
      } catch (DateTimeParseException | ClassCastException e) {
        throw invalid(
            "/validUntil",
            "validUntil must be a date-time with offset, e.g. 2027-12-31T23:59:59+07:00");
      }
      Instant now = clock.instant();
      if (!validUntil.isAfter(now) || validUntil.isAfter(now.plus(MAX_DELEGATION))) {
        throw invalid("/validUntil", "validUntil must be in the future and at most 10 years ahead");
      }
    }
    delegations
        .grant(caller.taxCode(), broker, validUntil, caller.subject())
        .onSuccess(
            g -> {
              if (g.created()) {
                ctx.response().putHeader(HttpHeaders.LOCATION, ctx.request().path() + "/" + broker);
              }
              send(ctx, g.created() ? 201 : 200, g.delegation().toJson());
            })
        .onFailure(ctx::fail);
  }

  private void listDelegations(RoutingContext ctx) {
    Caller caller = ownTrader(ctx);
    delegations
        .active(caller.taxCode())
        .onSuccess(list -> send(ctx, 200, new JsonObject().put("items", json(list))))
        .onFailure(ctx::fail);
  }

  /**
   * GET /brokers/{taxCode}/principals?limit=&cursor=: who delegated to the broker, with each
   * delegation's validity; the broker itself only.
   */
  private void listPrincipals(RoutingContext ctx) {
    Caller caller = own(ctx, Caller.require(ctx, Role.BROKER));
    int limit = ContractValidation.queryInteger(ctx, "limit", PRINCIPALS_PAGE);
    String cursor = ctx.queryParams().get("cursor");
    if (cursor != null && !Caller.TAX_CODE.matcher(cursor).matches()) {
      throw Problem.badRequest(
              "the cursor is not one this listing returned",
              List.of(new Problem.FieldError("cursor", "not a cursor returned by this listing")))
          .exception();
    }
    delegations
        .toBroker(caller.taxCode(), cursor, limit + 1)
        .onSuccess(
            list -> {
              List<Delegations.Delegation> page = list.subList(0, Math.min(limit, list.size()));
              String next =
                  list.size() > limit ? page.get(page.size() - 1).enterpriseTaxCode() : null;
              send(ctx, 200, new JsonObject().put("items", json(page)).put("nextCursor", next));
            })
        .onFailure(ctx::fail);
  }

  private static JsonArray json(List<Delegations.Delegation> delegations) {
    return new JsonArray(delegations.stream().map(d -> (Object) d.toJson()).toList());
  }

  private void revokeDelegation(RoutingContext ctx) {
    Caller caller = ownTrader(ctx);
    String broker = ctx.pathParam("brokerTaxCode");
    delegations
        .revoke(caller.taxCode(), broker, caller.subject())
        .onSuccess(done -> noContentOr404(ctx, done, "no delegation in force to broker " + broker))
        .onFailure(ctx::fail);
  }

  private void registerKey(RoutingContext ctx) {
    Caller caller = ownSigner(ctx);
    JsonObject jwk = jsonObject(ctx).getJsonObject("jwk");
    keys.register(caller.taxCode(), jwk, caller.subject())
        .onSuccess(
            r -> {
              if (r.created()) {
                ctx.response()
                    .putHeader(HttpHeaders.LOCATION, ctx.request().path() + "/" + r.key().kid());
              }
              send(ctx, r.created() ? 201 : 200, r.key().toJson());
            })
        .onFailure(ctx::fail);
  }

  private void listKeys(RoutingContext ctx) {
    Caller caller = ownSigner(ctx);
    keys.list(caller.taxCode())
        .onSuccess(
            list ->
                send(
                    ctx,
                    200,
                    new JsonObject()
                        .put(
                            "items",
                            new JsonArray(list.stream().map(k -> (Object) k.toJson()).toList()))))
        .onFailure(ctx::fail);
  }

  private void revokeKey(RoutingContext ctx) {
    Caller caller = ownSigner(ctx);
    String kid = ctx.pathParam("kid");
    keys.revoke(caller.taxCode(), kid, caller.subject())
        .onSuccess(done -> noContentOr404(ctx, done, "no active signing key " + kid))
        .onFailure(ctx::fail);
  }

  private void devJwks(RoutingContext ctx) {
    Buffer jwks = identity.devJwks();
    if (jwks == null) {
      throw Problem.notFound("the development issuer is not enabled on this server").exception();
    }
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/jwk-set+json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=60")
        .end(jwks);
  }

  /** The development issuer's sign-in, else 404 (it is off, as always in production). */
  private DevSignIn devSignIn() {
    DevSignIn signIn = identity.devSignIn();
    if (signIn == null) {
      throw Problem.notFound("the development issuer is not enabled on this server").exception();
    }
    return signIn;
  }

  private static void noContentOr404(RoutingContext ctx, boolean done, String detail) {
    if (done) {
      ctx.response().setStatusCode(204).end();
    } else {
      ctx.fail(Problem.notFound(detail).exception());
    }
  }

  private static RuntimeException invalid(String pointer, String detail) {
    return Problem.validation(
            "the request does not pass validation",
            List.of(new Problem.FieldError(pointer, detail)))
        .exception();
  }
}
