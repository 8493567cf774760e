package vn.customs.digital.api.gates;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import vn.customs.digital.api.auth.JwsVerifiers;
import vn.customs.digital.api.http.InputText;
import vn.customs.digital.problems.Problem;

/**
 * Authentication of the gate agents' routes (reading clearances and the feed, posting events,
 * putting the lane's report; an officer's read of the events takes an access token): a device signs
 * its own ES256 token (kid = iss = sub = device id, aud = the api, at most 5 minutes long, a fresh
 * jti for every request), verified with the public key registered for the device. Every other route
 * goes to the user authenticator, so the two kinds of token never meet.
 */
public final class DeviceAuthenticator implements AuthenticationHandler {
  private static final Pattern DEVICE_READS =
      Pattern.compile("^/api/v1/gates/[^/]+/(clearances|feed)$");
  private static final Pattern DEVICE_EVENTS = Pattern.compile("^/api/v1/gates/[^/]+/events$");
  private static final Pattern DEVICE_REPORT =
      Pattern.compile("^/api/v1/gates/[^/]+/lanes/[^/]+/report$");
  private static final Pattern DEVICE_ID = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");
  private static final String BEARER = "bearer ";
  private static final long MAX_LIFETIME_SECONDS = 300;
  private static final long CLOCK_SKEW_SECONDS = 30;
  private static final int MAX_TOKEN_LENGTH = 4 * 1024;

  private final Pool pool;
  private final String audience;
  private final Clock clock;
  private final AuthenticationHandler users;

  public DeviceAuthenticator(Pool pool, String audience, Clock clock, AuthenticationHandler users) {
    this.pool = pool;
    this.audience = audience;
    this.clock = clock;
    this.users = users;
  }

  /** Whether a request is a gate agent's, by its method and path: else a user's. */
  static boolean deviceRoute(io.vertx.core.http.HttpMethod method, String path) {
    if (DEVICE_READS.matcher(path).matches()) {
      return true;
    }
    if (DEVICE_EVENTS.matcher(path).matches()) {
      return !io.vertx.core.http.HttpMethod.GET.equals(method);
    }
    return DEVICE_REPORT.matcher(path).matches();
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!deviceRoute(ctx.request().method(), ctx.request().path())) {
      users.handle(ctx);
      return;
    }
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      ctx.fail(
          Problem.unauthorized(
                  "gate routes need a device token: Authorization: Bearer <device JWT>")
              .exception());
      return;
    }
    // A WebSocket handshake must find the request unread: hold it while the token is checked. A
    // refusal (any
    // plain response) lets it go again; a handshake resumes it itself.
    if (ctx.request().canUpgradeToWebSocket()) {
      ctx.request().pause();
      ctx.addHeadersEndHandler(v -> ctx.request().resume());
    }
    verify(authorization.substring(BEARER.length()).trim())
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                ctx.put(GateDevice.CONTEXT_KEY, ar.result());
                ctx.next();
              } else {
                ctx.fail(ar.cause());
              }
            });
  }

  Future<GateDevice> verify(String token) {
    if (token.length() > MAX_TOKEN_LENGTH) {
      return rejected("the device token is longer than " + MAX_TOKEN_LENGTH + " characters");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return rejected("the device token is not a signed JWT");
    }
    if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
      return rejected("device tokens are signed with ES256, not " + jwt.getHeader().getAlgorithm());
    }
    String deviceId = jwt.getHeader().getKeyID();
    if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
      return rejected("the device token's kid must be the device id");
    }
    return pool.preparedQuery(GateSql.DEVICE)
        .execute(Tuple.of(deviceId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return rejected("no gate device " + deviceId + " is registered");
              }
              Row row = rows.iterator().next();
              JWTClaimsSet claims;
              try {
                claims = checked(jwt, deviceId, row.getJsonObject("public_jwk"));
              } catch (IllegalArgumentException e) {
                return rejected(e.getMessage());
              }
              GateDevice device =
                  new GateDevice(
                      deviceId, row.getString("gate_code"), row.getString("office_code"));
              return pool.preparedQuery(GateSql.USE_JTI)
                  .execute(
                      Tuple.of(
                          claims.getJWTID(),
                          deviceId,
                          claims.getExpirationTime().toInstant().atOffset(ZoneOffset.UTC)))
                  .compose(
                      used ->
                          used.size() == 1
                              ? Future.succeededFuture(device)
                              : rejected("the device token was already used (replayed jti)"));
            });
  }

  /** Signature and claims; the reason of a refusal as the exception's message. */
  private JWTClaimsSet checked(SignedJWT jwt, String deviceId, JsonObject publicJwk) {
    JWTClaimsSet claims;
    try {
      ECKey key = ECKey.parse(publicJwk.encode());
      if (!Curve.P_256.equals(key.getCurve()) || !jwt.verify(JwsVerifiers.forKey(key))) {
        throw new IllegalArgumentException("the device token signature is invalid");
      }
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException | JOSEException e) {
      throw new IllegalArgumentException("the device token cannot be verified");
    }
    if (!deviceId.equals(claims.getIssuer()) || !deviceId.equals(claims.getSubject())) {
      throw new IllegalArgumentException(
          "iss and sub of a device token must both be the device id " + deviceId);
    }
    if (!List.of(audience).equals(claims.getAudience())) {
      throw new IllegalArgumentException("the device token's aud must be " + audience);
    }
    if (claims.getIssueTime() == null || claims.getExpirationTime() == null) {
      throw new IllegalArgumentException("the device token needs iat and exp");
    }
    Instant now = clock.instant();
    long iat = claims.getIssueTime().toInstant().getEpochSecond();
    long exp = claims.getExpirationTime().toInstant().getEpochSecond();
    if (exp <= now.getEpochSecond()) {
      throw new IllegalArgumentException("the device token has expired");
    }
    if (exp - iat > MAX_LIFETIME_SECONDS) {
      throw new IllegalArgumentException(
          "a device token may live at most " + MAX_LIFETIME_SECONDS + " s");
    }
    if (iat > now.getEpochSecond() + CLOCK_SKEW_SECONDS) {
      throw new IllegalArgumentException(
          "the device token is issued in the future; check the device clock");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isBlank() || jti.length() > 128 || InputText.unacceptable(jti) >= 0) {
      throw new IllegalArgumentException("the device token needs a jti of 1 to 128 characters");
    }
    return claims;
  }

  private static <T> Future<T> rejected(String detail) {
    return Future.failedFuture(Problem.unauthorized(detail).exception());
  }
}
