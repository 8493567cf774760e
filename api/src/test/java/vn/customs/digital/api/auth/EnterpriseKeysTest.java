package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.problems.ProblemException;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Enterprise signing keys")
class EnterpriseKeysTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static String path(String taxCode) {
    return "/api/v1/enterprises/" + taxCode + "/keys";
  }

  private static HttpResponse<Buffer> register(Vertx vertx, String taxCode, JsonObject jwk) {
    return DelegationTest.call(
        vertx,
        HttpMethod.POST,
        path(taxCode),
        TestTokens.trader(taxCode),
        new JsonObject().put("jwk", jwk));
  }

  private static JsonObject json(JWK jwk) {
    return new JsonObject(jwk.toJSONObject());
  }

  private static EnterpriseKeys keys() {
    return new EnterpriseKeys(TestApi.shared().pool());
  }

  @Test
  @DisplayName(
      "a registered EC P-256 key is returned by activeKey and verifies what its private half signed")
  void registerAndUse(Vertx vertx) throws Exception {
    String tax = "0500000001";
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("phone-2026").generate();
    HttpResponse<Buffer> r = register(vertx, tax, json(key.toPublicJWK()));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.getHeader("Location")).isEqualTo(path(tax) + "/phone-2026");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("alg")).isEqualTo("ES256");
    assertThat(body.getString("status")).isEqualTo("active");
    assertThat(body.getString("thumbprint")).isEqualTo(key.computeThumbprint().toString());

    JWSObject signed =
        new JWSObject(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("phone-2026").build(),
            new Payload("{\"declaration\":1}"));
    signed.sign(new ECDSASigner(key));
    JWK active = Await.result(keys().activeKey(tax, "phone-2026"));
    assertThat(active.isPrivate()).isFalse();
    assertThat(JWSObject.parse(signed.serialize()).verify(new ECDSAVerifier(active.toECKey())))
        .isTrue();
  }

  @Test
  @DisplayName(
      "the same kid and key again answers 200 with the record; the same kid with another key is a 409")
  void idempotent(Vertx vertx) throws Exception {
    String tax = "0500000002";
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    HttpResponse<Buffer> first = register(vertx, tax, json(key.toPublicJWK()));
    HttpResponse<Buffer> again = register(vertx, tax, json(key.toPublicJWK()));
    HttpResponse<Buffer> other =
        register(
            vertx, tax, json(new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toPublicJWK()));
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(other.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:signing-key-conflict");
  }

  @Test
  @DisplayName(
      "a JWK with private parts is refused with 422 naming each private member, and nothing is stored")
  void refusesPrivate(Vertx vertx) throws Exception {
    String tax = "0500000003";
    HttpResponse<Buffer> ec =
        register(vertx, tax, json(new ECKeyGenerator(Curve.P_256).keyID("leak").generate()));
    assertThat(ec.statusCode()).isEqualTo(422);
    assertThat(ec.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/jwk/d");
    HttpResponse<Buffer> rsa =
        register(vertx, tax, json(new RSAKeyGenerator(2048).keyID("leak2").generate()));
    assertThat(rsa.statusCode()).isEqualTo(422);
    JsonArray pointers =
        new JsonArray(
            rsa.bodyAsJsonObject().getJsonArray("errors").stream()
                .map(e -> ((JsonObject) e).getString("pointer"))
                .toList());
    assertThat(pointers.getList())
        .contains("/jwk/d", "/jwk/p", "/jwk/q", "/jwk/dp", "/jwk/dq", "/jwk/qi");
    HttpResponse<Buffer> hmac =
        register(vertx, tax, json(new OctetSequenceKeyGenerator(256).keyID("mac").generate()));
    assertThat(hmac.statusCode()).isEqualTo(422);
    HttpResponse<Buffer> list =
        DelegationTest.call(vertx, HttpMethod.GET, path(tax), TestTokens.trader(tax), null);
    assertThat(list.bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName(
      "weak or unsupported keys are refused: RSA 1024, EC P-384, a key declared for encryption")
  void refusesWeak(Vertx vertx) throws Exception {
    String tax = "0500000004";
    HttpResponse<Buffer> rsa1024 =
        register(
            vertx,
            tax,
            json(new RSAKeyGenerator(1024, true).keyID("small").generate().toPublicJWK()));
    HttpResponse<Buffer> p384 =
        register(
            vertx,
            tax,
            json(new ECKeyGenerator(Curve.P_384).keyID("p384").generate().toPublicJWK()));
    HttpResponse<Buffer> enc =
        register(
            vertx,
            tax,
            json(
                new ECKeyGenerator(Curve.P_256)
                    .keyID("enc")
                    .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION)
                    .generate()
                    .toPublicJWK()));
    HttpResponse<Buffer> noKid =
        register(vertx, tax, json(new ECKeyGenerator(Curve.P_256).generate().toPublicJWK()));
    assertThat(rsa1024.statusCode()).isEqualTo(422);
    assertThat(p384.statusCode()).isEqualTo(422);
    assertThat(p384.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/jwk/kty");
    assertThat(enc.statusCode()).isEqualTo(422);
    assertThat(noKid.statusCode()).isEqualTo(422);
    assertThat(
            noKid.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("/jwk/kid");
  }

  @Test
  @DisplayName("an RSA 2048 key registers as RS256")
  void rsa(Vertx vertx) throws Exception {
    HttpResponse<Buffer> r =
        register(
            vertx,
            "0500000005",
            json(new RSAKeyGenerator(2048).keyID("hsm-1").generate().toPublicJWK()));
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.bodyAsJsonObject().getString("alg")).isEqualTo("RS256");
  }

  @Test
  @DisplayName(
      "a revoked key is listed as revoked, no longer returned by activeKey, and its kid cannot come back")
  void revoke(Vertx vertx) throws Exception {
    String tax = "0500000006";
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("old").generate();
    assertThat(register(vertx, tax, json(key.toPublicJWK())).statusCode()).isEqualTo(201);
    assertThat(Await.result(keys().activeKey(tax, "old")).getKeyID()).isEqualTo("old");

    HttpResponse<Buffer> del =
        DelegationTest.call(
            vertx, HttpMethod.DELETE, path(tax) + "/old", TestTokens.trader(tax), null);
    assertThat(del.statusCode()).isEqualTo(204);

    Throwable gone = catchThrowable(() -> Await.result(keys().activeKey(tax, "old")));
    assertThat(gone).isInstanceOf(ProblemException.class);
    assertThat(((ProblemException) gone).problem().status()).isEqualTo(422);
    assertThat(((ProblemException) gone).problem().slug()).isEqualTo("signing-key");

    JsonObject listed =
        DelegationTest.call(vertx, HttpMethod.GET, path(tax), TestTokens.trader(tax), null)
            .bodyAsJsonObject()
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(listed.getString("status")).isEqualTo("revoked");
    assertThat(listed.getString("revokedAt")).isNotNull();
    assertThat(register(vertx, tax, json(key.toPublicJWK())).statusCode()).isEqualTo(409);
    assertThat(
            DelegationTest.call(
                    vertx, HttpMethod.DELETE, path(tax) + "/old", TestTokens.trader(tax), null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("another enterprise's key is not its key: activeKey is per tax code")
  void perEnterprise(Vertx vertx) throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("shared-name").generate();
    assertThat(register(vertx, "0500000007", json(key.toPublicJWK())).statusCode()).isEqualTo(201);
    Throwable other =
        catchThrowable(() -> Await.result(keys().activeKey("0500000008", "shared-name")));
    assertThat(other).isInstanceOf(ProblemException.class);
  }

  @Test
  @DisplayName(
      "only the enterprise itself manages its keys: another trader or broker gets 404, an officer 403, a broker its own 200")
  void access(Vertx vertx) throws Exception {
    JsonObject jwk = json(new ECKeyGenerator(Curve.P_256).keyID("x").generate().toPublicJWK());
    HttpResponse<Buffer> otherTrader =
        DelegationTest.call(
            vertx,
            HttpMethod.POST,
            path("0500000009"),
            TestTokens.trader("0500000010"),
            new JsonObject().put("jwk", jwk));
    HttpResponse<Buffer> otherBroker =
        DelegationTest.call(
            vertx, HttpMethod.GET, path("0500000009"), TestTokens.broker("0500000011"), null);
    HttpResponse<Buffer> officer =
        DelegationTest.call(vertx, HttpMethod.GET, path("0500000009"), TestTokens.officer(), null);
    HttpResponse<Buffer> ownBroker =
        DelegationTest.call(
            vertx, HttpMethod.GET, path("0500000011"), TestTokens.broker("0500000011"), null);
    assertThat(otherTrader.statusCode()).isEqualTo(404);
    assertThat(otherBroker.statusCode()).isEqualTo(404);
    assertThat(officer.statusCode()).isEqualTo(403);
    assertThat(ownBroker.statusCode()).isEqualTo(200);
  }
}
