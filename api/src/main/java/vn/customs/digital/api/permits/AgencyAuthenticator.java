package vn.customs.digital.api.permits;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Pattern;
import vn.customs.digital.problems.Problem;

/**
 * Authentication of an agency reading the permit register ({@code GET} of a permit or of a holder's
 * permits): the agency signs its own short-lived token with a key of {@code PERMIT_AGENCIES_FILE},
 * as it signs the permits it posts. The token is a JWT with {@code typ} {@value #TYPE}, ES256,
 * {@code kid} the agency's key, {@code iss} its agency code, {@code aud} the api, {@code iat} and
 * {@code exp} at most {@value #MAX_LIFETIME_SECONDS} seconds apart. A read changes nothing, so a
 * token may be used again within its short life.
 *
 * <p>Only those reads, and only a token typed as an agency's, come here; every other request goes
 * on to {@code next} (the gate devices' and the users' authenticators), so an agency's token never
 * meets a route of another kind, and a user's access token on the same reads is checked as always.
 */
public final class AgencyAuthenticator implements AuthenticationHandler {
  /** The JWS {@code typ} of an agency's token (RFC 8725 explicit typing). */
  public static final String TYPE = "agency+jwt";

  /** Key of the authenticated agency's code in the routing context. */
  static final String CONTEXT_KEY = "vn.customs.digital.permits.agency";

  static final long MAX_LIFETIME_SECONDS = 300;
  private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
  private static final int MAX_TOKEN_LENGTH = 4 * 1024;
  private static final String BEARER = "bearer ";
  private static final Pattern AGENCY_READS =
      Pattern.compile("^/api/v1/(permits/[^/]+/[^/]+|enterprises/[^/]+/permits)$");

  private final PermitAgencies agencies;
  private final String audience;
  private final Clock clock;
  private final AuthenticationHandler next;

  public AgencyAuthenticator(
      PermitAgencies agencies, String audience, Clock clock, AuthenticationHandler next) {
    this.agencies = agencies;
    this.audience = audience;
    this.clock = clock;
    this.next = next;
  }

  /** The agency whose token authenticated the request, or null (a user, or nobody). */
  static String agency(RoutingContext ctx) {
    return ctx.get(CONTEXT_KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = agencyToken(ctx);
    if (token == null) {
      next.handle(ctx);
      return;
    }
    try {
      ctx.put(CONTEXT_KEY, verify(token));
      ctx.next();
    } catch (IllegalArgumentException e) {
      ctx.fail(Problem.unauthorized(e.getMessage()).exception());
    }
  }

  /** The bearer token of an agency's read, or null for any other request. */
  private static String agencyToken(RoutingContext ctx) {
    if (!HttpMethod.GET.equals(ctx.request().method())
        || !AGENCY_READS.matcher(ctx.request().path()).matches()) {
      return null;
    }
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || authorization.length() > MAX_TOKEN_LENGTH
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = authorization.substring(BEARER.length()).trim();
    try {
      JOSEObjectType type = SignedJWT.parse(token).getHeader().getType();
      return type != null && TYPE.equals(type.getType()) ? token : null;
    } catch (ParseException e) {
      return null;
    }
  }

  /** The agency code of a valid agency token; IllegalArgumentException saying why not. */
  String verify(String token) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      throw new IllegalArgumentException("the agency token is not a signed JWT");
    }
    if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
      throw new IllegalArgumentException("an agency token is signed with ES256");
    }
    PermitAgencies.AgencyKey key = agencies.key(jwt.getHeader().getKeyID());
    if (key == null) {
      throw new IllegalArgumentException(
          "the agency token is not signed with a key of a trusted agency");
    }
    try {
      if (!jwt.verify(new ECDSAVerifier(key.key()))) {
        throw new IllegalArgumentException("the agency token's signature does not verify");
      }
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the agency token's signature does not verify");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new IllegalArgumentException("the agency token's claims are not a JSON object");
    }
    if (!key.agency().equals(claims.getIssuer())) {
      throw new IllegalArgumentException("the agency token's iss must be " + key.agency());
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
      throw new IllegalArgumentException("the agency token's aud must be " + audience);
    }
    Date issued = claims.getIssueTime();
    Date expires = claims.getExpirationTime();
    if (issued == null || expires == null) {
      throw new IllegalArgumentException("the agency token needs iat and exp");
    }
    if (Duration.between(issued.toInstant(), expires.toInstant()).getSeconds()
        > MAX_LIFETIME_SECONDS) {
      throw new IllegalArgumentException(
          "an agency token lives at most " + MAX_LIFETIME_SECONDS + " seconds (exp - iat)");
    }
    Instant now = clock.instant();
    if (now.isAfter(expires.toInstant().plus(CLOCK_SKEW))
        || now.isBefore(issued.toInstant().minus(CLOCK_SKEW))) {
      throw new IllegalArgumentException("the agency token is expired or not yet valid");
    }
    return key.agency();
  }
}
