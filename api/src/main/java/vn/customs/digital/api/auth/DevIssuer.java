package vn.customs.digital.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import vn.customs.digital.api.ApiConfig;

/**
 * The development token issuer: one EC P-256 key in a file readable only by its owner. The api
 * publishes the public half and trusts it when the dev issuer is on; {@link DevTokens} signs tokens
 * with the private half. Never enabled with a production profile (see ApiConfig).
 */
public final class DevIssuer {
  private DevIssuer() {}

  /**
   * Reads the key, creating it first if the file does not exist. Blocking: call from a worker
   * thread or a command-line program. Two processes creating it at once end up with the same key:
   * the file appears atomically (hard link of a complete temporary file), and the loser reads it.
   */
  public static ECKey loadOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      ECKey key;
      try {
        key =
            new ECKeyGenerator(Curve.P_256)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256)
                .keyIDFromThumbprint(true)
                .generate();
      } catch (JOSEException e) {
        throw new IOException("cannot generate the development issuer key", e);
      }
      Path tmp =
          Files.createTempFile(
              dir,
              ".key-",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(tmp, key.toJSONString() + "\n", StandardCharsets.UTF_8);
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException raced) {
        // another process created it meanwhile: use theirs
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try {
      JWK jwk = JWK.parse(text);
      if (!(jwk instanceof ECKey ec) || !ec.isPrivate() || !Curve.P_256.equals(ec.getCurve())) {
        throw new IOException(file + " does not hold a private EC P-256 JWK");
      }
      return ec;
    } catch (ParseException e) {
      throw new IOException(file + " is not a JWK: " + e.getMessage(), e);
    }
  }

  /** The public half, as the JWKS the api publishes. */
  public static JWKSet publicKeys(ECKey key) {
    return new JWKSet(key.toPublicJWK());
  }

  /** A signed access token as the api expects it from this issuer. */
  public static String token(
      ECKey key,
      String audience,
      String taxCodeClaim,
      Role role,
      String taxCode,
      String subject,
      Duration ttl,
      Clock clock) {
    return token(
        key,
        audience,
        taxCodeClaim,
        role,
        taxCode,
        ApiConfig.Auth.DEFAULT_OFFICES_CLAIM,
        List.of(),
        subject,
        ttl,
        clock);
  }

  /** The same, for an officer of {@code offices} (the claim is left out when there are none). */
  public static String token(
      ECKey key,
      String audience,
      String taxCodeClaim,
      Role role,
      String taxCode,
      String officesClaim,
      List<String> offices,
      String subject,
      Duration ttl,
      Clock clock) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(ApiConfig.Auth.DEV_ISSUER)
            .audience(audience)
            .subject(subject)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .claim("roles", List.of(role.claim()));
    if (taxCode != null) {
      claims.claim(taxCodeClaim, taxCode);
    }
    if (!offices.isEmpty()) {
      claims.claim(officesClaim, List.copyOf(offices));
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims.build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with the development issuer key", e);
    }
    return jwt.serialize();
  }
}
