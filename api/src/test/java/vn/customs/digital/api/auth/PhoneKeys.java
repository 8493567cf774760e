package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;

/**
 * Signing keys of an enterprise's "phones" in tests: generated here, public half registered with
 * the api, declarations signed with them, as a trader's app does. The api keeps at most 20 active
 * keys per enterprise; like an app that meets the limit, {@link #register} revokes the oldest and
 * tries again.
 */
public final class PhoneKeys {
  private static final Map<String, ECKey> SHARED = new ConcurrentHashMap<>();

  private PhoneKeys() {}

  /** A fresh key registered for the enterprise with the given access token. */
  public static ECKey register(Vertx vertx, String taxCode, String token) {
    ECKey key;
    try {
      key = new ECKeyGenerator(Curve.P_256).keyID("phone-" + UUID.randomUUID()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    HttpResponse<Buffer> r = post(vertx, taxCode, token, key);
    if (r.statusCode() == 409 && r.bodyAsString().contains("signing-key-limit")) {
      revokeOldest(vertx, taxCode, token);
      r = post(vertx, taxCode, token, key);
    }
    assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 201);
    return key;
  }

  /**
   * One key per enterprise for this test JVM, registered on first use by the enterprise's trader.
   */
  public static ECKey shared(Vertx vertx, String taxCode) {
    return SHARED.computeIfAbsent(taxCode, tc -> register(vertx, tc, TestTokens.trader(tc)));
  }

  /** A compact JWS (ES256) of the payload, with the key's kid. */
  public static String sign(ECKey key, String payload) {
    return sign(key, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A compact JWS (ES256) of exactly these payload bytes, UTF-8 or not, with the key's kid. */
  public static String sign(ECKey key, byte[] payload) {
    return sign(key, key.getKeyID(), payload);
  }

  /** A compact JWS (ES256) of these payload bytes, with any kid in its header. */
  public static String sign(ECKey key, String kid, byte[] payload) {
    try {
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).build(), new Payload(payload));
      jws.sign(new ECDSASigner(key));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<Buffer> post(Vertx vertx, String taxCode, String token, ECKey key) {
    return Await.result(
        TestApi.client(vertx)
            .post(path(taxCode))
            .bearerTokenAuthentication(token)
            .sendJsonObject(
                new JsonObject().put("jwk", new JsonObject(key.toPublicJWK().toJSONObject()))));
  }

  /** Revokes the oldest active key that no test of this JVM shares. */
  private static void revokeOldest(Vertx vertx, String taxCode, String token) {
    HttpResponse<Buffer> list =
        Await.result(
            TestApi.client(vertx).get(path(taxCode)).bearerTokenAuthentication(token).send());
    assertThat(list.statusCode()).as(list.bodyAsString()).isEqualTo(200);
    JsonObject body = list.bodyAsJsonObject();
    ECKey shared = SHARED.get(taxCode);
    String oldest =
        body.getJsonArray("items").stream()
            .map(JsonObject.class::cast)
            .filter(k -> k.getString("revokedAt") == null)
            .filter(k -> shared == null || !k.getString("kid").equals(shared.getKeyID()))
            .min(Comparator.comparing((JsonObject k) -> k.getString("createdAt")))
            .map(k -> k.getString("kid"))
            .orElseThrow(() -> new AssertionError("no active key to revoke: " + body.encode()));
    HttpResponse<Buffer> revoked =
        Await.result(
            TestApi.client(vertx)
                .delete(path(taxCode) + "/" + oldest)
                .bearerTokenAuthentication(token)
                .send());
    assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isIn(200, 204);
  }

  private static String path(String taxCode) {
    return "/api/v1/enterprises/" + taxCode + "/keys";
  }
}
