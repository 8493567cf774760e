package vn.customs.digital.api.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The registered claims every access token must satisfy: issuer, audience, subject, and a time
 * window checked against the injected clock with a bounded skew. Nimbus' own verifier reads the
 * system clock, which tests and replays cannot control; hence this one.
 */
final class AccessTokenClaims implements JWTClaimsSetVerifier<SecurityContext> {
  static final int MAX_SUBJECT_LENGTH = 255;

  private final String issuer;
  private final String audience;
  private final Duration skew;
  private final Clock clock;

  AccessTokenClaims(String issuer, String audience, Duration skew, Clock clock) {
    this.issuer = issuer;
    this.audience = audience;
    this.skew = skew;
    this.clock = clock;
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    if (!issuer.equals(claims.getIssuer())) {
      throw new BadJWTException(
          "the token issuer " + quoted(claims.getIssuer()) + " is not accepted");
    }
    List<String> aud = claims.getAudience();
    if (aud == null || !aud.contains(audience)) {
      throw new BadJWTException("the token is not meant for audience '" + audience + "'");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new BadJWTException("the token has no expiry time (exp)");
    }
    if (now.minus(skew).isAfter(exp.toInstant()) || now.minus(skew).equals(exp.toInstant())) {
      throw new BadJWTException("the token expired at " + exp.toInstant());
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
      throw new BadJWTException("the token is not valid before " + nbf.toInstant());
    }
    Date iat = claims.getIssueTime();
    if (iat != null && now.plus(skew).isBefore(iat.toInstant())) {
      throw new BadJWTException("the token was issued in the future (" + iat.toInstant() + ")");
    }
    String sub = claims.getSubject();
    if (sub == null || sub.isBlank() || sub.length() > MAX_SUBJECT_LENGTH) {
      throw new BadJWTException("the token has no usable subject (sub)");
    }
  }

  /** Echoes a claim into a message, never more than a short piece of it. */
  static String quoted(String value) {
    if (value == null) {
      return "(none)";
    }
    return "'" + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'";
  }
}
