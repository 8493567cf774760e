package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Access tokens at the api")
class TokenVerificationTest {
  private static final String TAX = "0311111111";
  private static final String PROTECTED = "/api/v1/enterprises/" + TAX + "/delegations";

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static HttpResponse<Buffer> get(Vertx vertx, String uri, String authorization) {
    var req = TestApi.client(vertx).get(uri);
    if (authorization != null) {
      req.putHeader("Authorization", authorization);
    }
    return Await.result(req.send());
  }

  private static void assertRefused(HttpResponse<Buffer> r, String detailPart) {
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo("urn:digital-customs:problem:unauthorized");
    assertThat(problem.getString("detail")).contains(detailPart);
  }

  @Test
  @DisplayName("a valid token of the enterprise's trader opens its protected route")
  void validToken(Vertx vertx) {
    HttpResponse<Buffer> r = get(vertx, PROTECTED, "Bearer " + TestTokens.trader(TAX));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getJsonArray("items")).isNotNull();
  }

  @Test
  @DisplayName("the scheme name is case-insensitive: 'bearer' works as well as 'Bearer'")
  void schemeCase(Vertx vertx) {
    assertThat(get(vertx, PROTECTED, "bearer " + TestTokens.trader(TAX)).statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "public procedure lookup needs no token, and a protected route without one answers 401")
  void anonymous(Vertx vertx) {
    assertThat(get(vertx, "/api/v1/procedures?limit=1", null).statusCode()).isEqualTo(200);
    assertRefused(get(vertx, PROTECTED, null), "needs a bearer access token");
  }

  @Test
  @DisplayName("an expired token is refused with 401 and WWW-Authenticate")
  void expired(Vertx vertx) {
    Instant past = Instant.now().minusSeconds(3_600);
    String token =
        TestTokens.sign(
            TestTokens.claims(Role.TRADER, TAX)
                .issueTime(Date.from(past.minusSeconds(600)))
                .expirationTime(Date.from(past))
                .build());
    assertRefused(get(vertx, PROTECTED, "Bearer " + token), "the token expired at");
  }

  @Test
  @DisplayName("a token that expired within the allowed clock skew is still accepted")
  void withinSkew(Vertx vertx) {
    String token =
        TestTokens.sign(
            TestTokens.claims(Role.TRADER, TAX)
                .expirationTime(Date.from(Instant.now().minusSeconds(20)))
                .build());
    assertThat(get(vertx, PROTECTED, "Bearer " + token).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a token not valid yet (nbf beyond the skew) is refused")
  void notYetValid(Vertx vertx) {
    String token =
        TestTokens.sign(
            TestTokens.claims(Role.TRADER, TAX)
                .notBeforeTime(Date.from(Instant.now().plusSeconds(600)))
                .expirationTime(Date.from(Instant.now().plusSeconds(1_200)))
                .build());
    assertRefused(get(vertx, PROTECTED, "Bearer " + token), "not valid before");
  }

  @Test
  @DisplayName("a token of another issuer is refused")
  void wrongIssuer(Vertx vertx) {
    String token =
        TestTokens.sign(TestTokens.claims(Role.TRADER, TAX).issuer("https://evil.example").build());
    assertRefused(
        get(vertx, PROTECTED, "Bearer " + token), "issuer 'https://evil.example' is not accepted");
  }

  @Test
  @DisplayName("a token for another audience is refused")
  void wrongAudience(Vertx vertx) {
    String token =
        TestTokens.sign(TestTokens.claims(Role.TRADER, TAX).audience("some-other-api").build());
    assertRefused(
        get(vertx, PROTECTED, "Bearer " + token), "not meant for audience 'digital-customs-api'");
  }

  @Test
  @DisplayName("an unsigned token (alg none) is refused")
  void algNone(Vertx vertx) {
    String token = new PlainJWT(TestTokens.claims(Role.TRADER, TAX).build()).serialize();
    assertRefused(get(vertx, PROTECTED, "Bearer " + token), "alg none");
  }

  @Test
  @DisplayName(
      "an HS256 token is refused even when its MAC secret is the issuer key's public x coordinate")
  void hs256(Vertx vertx) throws Exception {
    // The classic confusion attack: a MAC keyed with public material the attacker knows.
    byte[] secret = new byte[32];
    byte[] x = TestTokens.key().getX().decode();
    System.arraycopy(x, 0, secret, 0, Math.min(32, x.length));
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestTokens.key().getKeyID()).build(),
            TestTokens.claims(Role.TRADER, TAX).build());
    jwt.sign(new MACSigner(secret));
    assertRefused(
        get(vertx, PROTECTED, "Bearer " + jwt.serialize()), "algorithm HS256 is not accepted");
  }

  @Test
  @DisplayName("a token whose payload was altered after signing is refused")
  void tampered(Vertx vertx) {
    String[] parts = TestTokens.trader(TAX).split("\\.");
    String other =
        Base64URL.encode(TestTokens.claims(Role.TRADER, "0322222222").build().toString())
            .toString();
    assertRefused(
        get(vertx, PROTECTED, "Bearer " + parts[0] + "." + other + "." + parts[2]),
        "signature is invalid");
  }

  @Test
  @DisplayName("a token signed by a key the issuer never published is refused as an unknown key")
  void unknownKid(Vertx vertx) throws Exception {
    var stranger =
        new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256)
            .keyID("stranger")
            .generate();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("stranger").build(),
            TestTokens.claims(Role.TRADER, TAX).build());
    jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(stranger));
    assertRefused(get(vertx, PROTECTED, "Bearer " + jwt.serialize()), "unknown key 'stranger'");
  }

  @Test
  @DisplayName("a trader token without a valid tax_code is refused")
  void traderWithoutTaxCode(Vertx vertx) {
    String missing = TestTokens.sign(TestTokens.claims(Role.TRADER, null).build());
    String malformed = TestTokens.sign(TestTokens.claims(Role.TRADER, "12345").build());
    assertRefused(get(vertx, PROTECTED, "Bearer " + missing), "token lacks a valid tax_code");
    assertRefused(get(vertx, PROTECTED, "Bearer " + malformed), "token lacks a valid tax_code");
  }

  @Test
  @DisplayName("an officer token whose offices claim is not a list of office codes is refused")
  void malformedOffices(Vertx vertx) {
    String queue = "/api/v1/officer/queue?channel=yellow";
    String text =
        TestTokens.sign(TestTokens.claims(Role.OFFICER, null).claim("offices", "03CC").build());
    String badCode =
        TestTokens.sign(
            TestTokens.claims(Role.OFFICER, null).claim("offices", List.of("03CC", "x")).build());
    String number =
        TestTokens.sign(TestTokens.claims(Role.OFFICER, null).claim("offices", List.of(3)).build());
    assertRefused(get(vertx, queue, "Bearer " + text), "offices claim is not a list");
    assertRefused(get(vertx, queue, "Bearer " + badCode), "holds 'x', not a customs office code");
    assertRefused(get(vertx, queue, "Bearer " + number), "not a customs office code");
  }

  @Test
  @DisplayName("a token with no known role, or with two, is refused")
  void roles(Vertx vertx) {
    String none =
        TestTokens.sign(
            TestTokens.claims(Role.TRADER, TAX).claim("roles", List.of("admin")).build());
    String two =
        TestTokens.sign(
            TestTokens.claims(Role.TRADER, TAX)
                .claim("roles", List.of("trader", "officer"))
                .build());
    String single =
        TestTokens.sign(
            TestTokens.claims(Role.TRADER, TAX)
                .claim("roles", null)
                .claim("role", "trader")
                .build());
    assertRefused(get(vertx, PROTECTED, "Bearer " + none), "exactly one role");
    assertRefused(get(vertx, PROTECTED, "Bearer " + two), "exactly one role");
    assertThat(get(vertx, PROTECTED, "Bearer " + single).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("garbage, a Basic credential and an oversized token are each refused with 401")
  void malformed(Vertx vertx) {
    assertRefused(get(vertx, PROTECTED, "Bearer not-a-jwt"), "not a well-formed JWT");
    assertRefused(get(vertx, PROTECTED, "Basic dXNlcjpwYXNz"), "only a Bearer access token");
    assertRefused(get(vertx, PROTECTED, "Bearer " + "a".repeat(9_000)), "longer than");
  }

  @Test
  @DisplayName("an officer's valid token reaches the route but the trader-only action answers 403")
  void wrongRole(Vertx vertx) {
    HttpResponse<Buffer> r = get(vertx, PROTECTED, "Bearer " + TestTokens.officer());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.bodyAsJsonObject().getString("detail")).contains("for trader, not officer");
  }

  @Test
  @DisplayName("the development issuer publishes its public key, without private parts")
  void devJwks(Vertx vertx) {
    HttpResponse<Buffer> r = get(vertx, "/api/v1/dev/jwks.json", null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject key = r.bodyAsJsonObject().getJsonArray("keys").getJsonObject(0);
    assertThat(key.getString("kid")).isEqualTo(TestTokens.key().getKeyID());
    assertThat(key.getString("kty")).isEqualTo("EC");
    assertThat(key.containsKey("d")).isFalse();
  }
}
