package vn.customs.digital.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import vn.customs.digital.testing.Await;

/**
 * An OpenID issuer on loopback: serves whatever key set it currently has (JWKS and discovery),
 * counts the JWKS requests, can be made to fail, and signs access tokens with keys the test
 * chooses.
 */
final class TestIssuer {
  final AtomicReference<JWKSet> keys = new AtomicReference<>(new JWKSet());
  final AtomicInteger jwksRequests = new AtomicInteger();
  final AtomicInteger status = new AtomicInteger(200);
  final AtomicInteger padding = new AtomicInteger();
  HttpServer server;
  String base;

  TestIssuer start(Vertx vertx) {
    Router router = Router.router(vertx);
    router
        .get("/jwks")
        .handler(
            ctx -> {
              jwksRequests.incrementAndGet();
              ctx.response()
                  .setStatusCode(status.get())
                  .putHeader("Content-Type", "application/jwk-set+json")
                  .end(
                      new JsonObject(keys.get().toPublicJWKSet().toJSONObject())
                          .put("padding", "x".repeat(padding.get()))
                          .encode());
            });
    router
        .get("/.well-known/openid-configuration")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(
                        new JsonObject()
                            .put("issuer", base)
                            .put("jwks_uri", base + "/jwks")
                            .encode()));
    server = Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    base = "http://127.0.0.1:" + server.actualPort();
    return this;
  }

  /** The api's configuration for this issuer: its JWKS URL given, no discovery. */
  Map<String, String> jwksEnv() {
    return Map.of("AUTH_ISSUER", base, "AUTH_JWKS_URL", base + "/jwks");
  }

  static ECKey ecKey(String kid) throws JOSEException {
    return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
  }

  /**
   * An access token of this issuer for the api's audience, issued {@code now}, for 15 minutes, with
   * {@code claims}.
   */
  String token(JWK key, Instant now, Map<String, Object> claims) throws JOSEException {
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .issuer(base)
            .audience("digital-customs-api")
            .subject("user-42")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(900)));
    claims.forEach(builder::claim);
    JWSSigner signer =
        key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
    JWSAlgorithm alg = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), builder.build());
    jwt.sign(signer);
    return jwt.serialize();
  }
}
