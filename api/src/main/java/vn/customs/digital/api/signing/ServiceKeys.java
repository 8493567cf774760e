package vn.customs.digital.api.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import vn.customs.digital.api.auth.DevIssuer;

/**
 * The service's own signing keys: e-receipts and gate clearance entries are JWS signed with the
 * current key (ES256), and every key that ever signed stays published at {@code
 * /api/v1/.well-known/jwks.json}, so anyone verifies a receipt offline, and receipts signed before
 * a rotation stay verifiable.
 *
 * <p>SERVICE_KEY_FILE holds the current private key (a JWK; created on first start outside
 * production); SERVICE_RETIRED_KEYS_FILE, optional, a JWK set of earlier public keys. To rotate:
 * append the current key's public JWK to the retired set, then replace the key file.
 */
public final class ServiceKeys {
  private final ECKey current;
  private final JWKSet published;
  private final ECDSASigner signer;

  private ServiceKeys(ECKey current, List<JWK> retired) throws JOSEException {
    this.current = current;
    List<JWK> all = new ArrayList<>();
    all.add(current.toPublicJWK());
    retired.stream()
        .map(JWK::toPublicJWK)
        .filter(k -> !k.getKeyID().equals(current.getKeyID()))
        .forEach(all::add);
    this.published = new JWKSet(all);
    this.signer = new ECDSASigner(current);
  }

  /** Reads (or, outside production, creates) the keys on a worker thread. */
  public static Future<ServiceKeys> load(
      Vertx vertx, Path keyFile, Path retiredFile, boolean mayCreate) {
    return vertx.executeBlocking(
        () -> {
          if (!Files.exists(keyFile) && !mayCreate) {
            throw new IllegalStateException(
                "SERVICE_KEY_FILE "
                    + keyFile
                    + " does not exist (a private EC P-256 JWK is required in production)");
          }
          ECKey key = DevIssuer.loadOrCreate(keyFile);
          List<JWK> retired = new ArrayList<>();
          if (retiredFile != null) {
            try {
              retired.addAll(
                  JWKSet.parse(Files.readString(retiredFile, StandardCharsets.UTF_8)).getKeys());
            } catch (ParseException | IOException e) {
              throw new IllegalStateException(
                  "SERVICE_RETIRED_KEYS_FILE "
                      + retiredFile
                      + " is not a readable JWK set: "
                      + e.getMessage(),
                  e);
            }
          }
          return new ServiceKeys(key, retired);
        },
        false);
  }

  /** Signs a JSON document as a compact JWS (ES256, kid of the current key, typ as given). */
  public String sign(JsonObject payload, String type) {
    JWSObject jws =
        new JWSObject(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(current.getKeyID())
                .type(new JOSEObjectType(type))
                .build(),
            new Payload(payload.encode()));
    try {
      // ECDSASigner is thread-safe: one instance serves every event loop.
      jws.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jws.serialize();
  }

  /** Every public key that signed or signs, as a JWK set document. */
  public JsonObject publicJwks() {
    return new JsonObject(published.toJSONObject(true));
  }

  public String currentKeyId() {
    return current.getKeyID();
  }
}
