package vn.customs.digital.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.TestApi;

/**
 * Real access tokens for tests against {@link TestApi}: signed with the development issuer's key of
 * this test run, which the api trusts. Usable from any test package.
 */
public final class TestTokens {
  private static ECKey key;

  private TestTokens() {}

  public static synchronized ECKey key() {
    if (key == null) {
      try {
        key = DevIssuer.loadOrCreate(TestApi.DEV_KEY_FILE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return key;
  }

  public static String trader(String taxCode) {
    return token(Role.TRADER, taxCode, "trader-" + taxCode);
  }

  public static String broker(String taxCode) {
    return token(Role.BROKER, taxCode, "broker-" + taxCode);
  }

  /**
   * The office of the reference declaration (ReferenceDeclaration), where the default officer
   * works.
   */
  public static final String REFERENCE_OFFICE = "03CC";

  /** An officer of the reference declaration's office. */
  public static String officer() {
    return officer("officer-1", REFERENCE_OFFICE);
  }

  /** An officer of these offices (none: an officer whose token names no office). */
  public static String officer(String subject, String... offices) {
    return DevIssuer.token(
        key(),
        ApiConfig.Auth.DEFAULT_AUDIENCE,
        "tax_code",
        Role.OFFICER,
        null,
        ApiConfig.Auth.DEFAULT_OFFICES_CLAIM,
        List.of(offices),
        subject,
        Duration.ofMinutes(10),
        Clock.systemUTC());
  }

  public static String token(Role role, String taxCode, String subject) {
    return DevIssuer.token(
        key(),
        ApiConfig.Auth.DEFAULT_AUDIENCE,
        "tax_code",
        role,
        taxCode,
        subject,
        Duration.ofMinutes(10),
        Clock.systemUTC());
  }

  /**
   * Claims as the dev issuer would write them, valid now for ten minutes, to adjust in negative
   * tests.
   */
  public static JWTClaimsSet.Builder claims(Role role, String taxCode) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(ApiConfig.Auth.DEV_ISSUER)
            .audience(ApiConfig.Auth.DEFAULT_AUDIENCE)
            .subject("test-" + role.claim())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(600)))
            .claim("roles", List.of(role.claim()));
    return taxCode == null ? b : b.claim("tax_code", taxCode);
  }

  /** Signs any claims with the dev issuer's key (ES256, its kid). */
  public static String sign(JWTClaimsSet claims) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key().getKeyID()).build(), claims);
    try {
      jwt.sign(new ECDSASigner(key()));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
