package vn.customs.digital.edge.uplink;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Signs the agent's own short-lived bearer tokens: ES256, header kid = device id, iss = sub =
 * device id, aud = the api, lifetime 120 s (the api accepts at most 300 s) and a fresh jti for
 * every request, since the api refuses a jti it has already seen.
 */
public final class DeviceToken {
  static final Duration LIFETIME = Duration.ofSeconds(120);

  private final String deviceId;
  private final String audience;
  private final ECDSASigner signer;
  private final Clock clock;

  public DeviceToken(String deviceId, String audience, ECPrivateKey key, Clock clock) {
    this.deviceId = deviceId;
    this.audience = audience;
    this.clock = clock;
    try {
      this.signer = new ECDSASigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("the device key is not a usable EC key", e);
    }
  }

  /** A new token for one request. */
  public String next() {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(deviceId)
            .subject(deviceId)
            .audience(audience)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(LIFETIME)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(deviceId)
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the device token", e);
    }
    return jwt.serialize();
  }

  public String authorization() {
    return "Bearer " + next();
  }

  /**
   * Reads an EC P-256 private key from a PEM PKCS#8 file ("BEGIN PRIVATE KEY") or a JWK (JSON)
   * file.
   */
  public static ECPrivateKey readPrivateKey(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    try {
      if (text.startsWith("{")) {
        ECKey jwk = ECKey.parse(text);
        if (!Curve.P_256.equals(jwk.getCurve()) || !jwk.isPrivate()) {
          throw new IOException(file + ": the JWK must be a private EC key on P-256");
        }
        return jwk.toECPrivateKey();
      }
      if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
        throw new IOException(
            file + ": expected a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----) or a JWK");
      }
      String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      var key =
          (ECPrivateKey)
              KeyFactory.getInstance("EC")
                  .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      if (key.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new IOException(file + ": the key must be on P-256");
      }
      return key;
    } catch (ParseException
        | JOSEException
        | GeneralSecurityException
        | IllegalArgumentException e) {
      throw new IOException(file + ": not a readable EC private key: " + e.getMessage(), e);
    }
  }
}
