package vn.customs.digital.api.payments;

import static vn.customs.digital.api.http.JsonResponses.JOSE;
import static vn.customs.digital.api.http.JsonResponses.JSON;
import static vn.customs.digital.api.http.Requests.pathId;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.declarations.Declarations;
import vn.customs.digital.api.http.Idempotency;
import vn.customs.digital.api.http.Language;
import vn.customs.digital.api.payments.Vnpay.IpnAnswer;
import vn.customs.digital.problems.Problem;

/**
 * Paying duties from the phone: open a payment (the gateway's URL comes back), follow it, and read
 * the service-signed e-receipt once paid; the gateway's IPN call-back settles payments, and the
 * browser's return is verified and reported, never acted upon.
 */
public final class PaymentRoutes {
  private static final int MAX_GATEWAY_PARAMS = 40;
  private static final int MAX_GATEWAY_VALUE = 512;

  private final Pool pool;
  private final Clock clock;
  private final Tenancy tenancy;
  private final PaymentService payments;

  public PaymentRoutes(Pool pool, Clock clock, PaymentService payments, Tenancy tenancy) {
    this.tenancy = tenancy;
    this.pool = pool;
    this.clock = clock;
    this.payments = payments;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("createPayment").addHandler(this::create);
    builder.getRoute("listPayments").addHandler(this::list);
    builder.getRoute("getPayment").addHandler(this::one);
    builder.getRoute("getReceipt").addHandler(this::receipt);
    builder.getRoute("vnpayIpn").addHandler(this::ipn);
    builder.getRoute("vnpayReturn").addHandler(this::returned);
  }

  /**
   * POST /declarations/{id}/payments (Idempotency-Key): the payment and the gateway URL to pay it
   * at.
   */
  private void create(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER);
    UUID id = pathId(ctx, "id", "declaration");
    String ip =
        ctx.request().remoteAddress() == null
            ? "127.0.0.1"
            : ctx.request().remoteAddress().hostAddress();
    String locale = Language.of(ctx) == Language.EN ? "en" : "vn";
    Declarations.visible(pool, tenancy, caller, id)
        .compose(
            d ->
                Idempotency.run(
                    pool,
                    clock,
                    ctx,
                    caller.subject(),
                    PaymentRoutes::created,
                    end -> payments.create(caller, id, ip, locale, end)))
        .onSuccess(r -> Idempotency.send(ctx, r))
        .onFailure(ctx::fail);
  }

  /** A payment just opened: 201 at its own URL. */
  private static Idempotency.Response created(Payment payment) {
    return new Idempotency.Response(
        201,
        JSON,
        "/api/v1/declarations/" + payment.declarationId() + "/payments/" + payment.id(),
        payment.toJson().toBuffer());
  }

  private void list(RoutingContext ctx) {
    UUID id = pathId(ctx, "id", "declaration");
    readable(ctx, id)
        .compose(d -> payments.list(id))
        .onSuccess(items -> json(ctx, new JsonObject().put("items", items)))
        .onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    UUID id = pathId(ctx, "id", "declaration");
    UUID paymentId = pathId(ctx, "paymentId", "payment");
    readable(ctx, id)
        .compose(d -> payments.one(id, paymentId))
        .onSuccess(p -> json(ctx, p))
        .onFailure(ctx::fail);
  }

  /**
   * GET /declarations/{id}/receipt: the readable form (the payload and the compact JWS), or the
   * compact JWS itself for a client that asks for application/jose (alone or before
   * application/json). The readable form is the default, the contract's first media type: generated
   * clients decode what they get as JSON, and typescript-fetch sends no Accept of its own.
   */
  private void receipt(RoutingContext ctx) {
    UUID id = pathId(ctx, "id", "declaration");
    boolean readableForm = !asksForJose(ctx.request().getHeader(HttpHeaders.ACCEPT));
    readable(ctx, id)
        .compose(d -> payments.receipt(id))
        .onSuccess(
            r -> {
              ctx.response()
                  .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                  .putHeader(HttpHeaders.VARY, "Accept");
              if (!readableForm) {
                ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JOSE).end(r.jws());
                return;
              }
              String payload =
                  new String(
                      Base64.getUrlDecoder().decode(r.jws().split("\\.")[1]),
                      StandardCharsets.UTF_8);
              json(
                  ctx,
                  new JsonObject()
                      .put("receipt", new JsonObject(payload))
                      .put("jws", r.jws())
                      .put("kid", r.kid())
                      .put("issuedAt", r.issuedAt().toString())
                      .put("verifyWith", "/api/v1/.well-known/jwks.json"));
            })
        .onFailure(ctx::fail);
  }

  /**
   * GET /payments/vnpay/ipn: VNPAY's server-to-server notification, always answered 200 with its
   * RspCode.
   */
  private void ipn(RoutingContext ctx) {
    Map<String, String> params = gatewayParams(ctx.queryParams());
    Future<IpnAnswer> answer =
        params == null
            ? Future.succeededFuture(IpnAnswer.INVALID_SIGNATURE)
            : payments.settle(params);
    answer.onComplete(
        ar ->
            ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(ar.succeeded() ? ar.result().json() : IpnAnswer.UNKNOWN_ERROR.json()));
  }

  /**
   * GET /payments/vnpay/return: where the bank sends the payer back; says what the signed
   * parameters claim.
   */
  private void returned(RoutingContext ctx) {
    Map<String, String> params = gatewayParams(ctx.queryParams());
    if (params == null) {
      throw Problem.badRequest("too many or too long gateway parameters", java.util.List.of())
          .exception();
    }
    payments.returned(params).onSuccess(r -> json(ctx, r)).onFailure(ctx::fail);
  }

  /**
   * The vnp_* parameters, once each; null when there are more or longer ones than VNPAY ever sends.
   */
  static Map<String, String> gatewayParams(MultiMap query) {
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, String> e : query) {
      if (!e.getKey().startsWith("vnp_")) {
        continue;
      }
      if (out.size() >= MAX_GATEWAY_PARAMS
          || e.getValue().length() > MAX_GATEWAY_VALUE
          || out.containsKey(e.getKey())) {
        return null;
      }
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /**
   * Traders and brokers see their own declarations' payments; officers those of the declarations
   * they may read ({@link Declarations#readable}).
   */
  private Future<Declarations.Declaration> readable(RoutingContext ctx, UUID id) {
    Caller caller = Caller.require(ctx, Role.TRADER, Role.BROKER, Role.OFFICER);
    return Declarations.readable(pool, tenancy, caller, id);
  }

  /** Whether the Accept header names application/jose, and before application/json if both. */
  static boolean asksForJose(String accept) {
    if (accept == null) {
      return false;
    }
    String a = accept.toLowerCase(java.util.Locale.ROOT);
    int json = a.indexOf("application/json");
    int jose = a.indexOf("application/jose");
    return jose >= 0 && (json < 0 || jose < json);
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.toBuffer());
  }
}
