package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.auth.TestIssuer.ecKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.http.Problems;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.MutableClock;

/**
 * The production path: an OpenID issuer elsewhere (here a tiny HTTP server on loopback serving a
 * JWKS of generated keys), its keys fetched over HTTP, rotated, rate-limited.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Tokens of an external OpenID issuer")
class IssuerRotationTest {

  private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2026-11-23T08:00:00Z"));

  private String token(JWK key, TestIssuer issuer) throws JOSEException {
    return issuer.token(key, clock.instant(), Map.of("roles", List.of("officer")));
  }

  /** An app with only the Authenticator and one route answering who the caller is. */
  private record App(Identity identity, int port) {}

  private App app(Vertx vertx, Map<String, String> extraEnv) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.putIfAbsent("AUTH_JWKS_MIN_REFRESH_SECONDS", "30");
    ApiConfig.Auth config = ApiConfig.fromEnv(env).auth();
    Identity identity = Await.result(Identity.start(vertx, config, clock));
    Router router = Router.router(vertx);
    router.route().handler(identity.authenticator());
    router
        .get("/me")
        .handler(
            ctx -> {
              Caller caller = Caller.of(ctx);
              ctx.json(
                  new JsonObject().put("sub", caller.subject()).put("role", caller.role().claim()));
            });
    router.route().failureHandler(Problems::handle);
    HttpServer server =
        Await.result(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return new App(identity, server.actualPort());
  }

  private static HttpResponse<Buffer> me(Vertx vertx, App app, String token) {
    return Await.result(
        WebClient.create(vertx)
            .get(app.port(), "127.0.0.1", "/me")
            .putHeader("Authorization", "Bearer " + token)
            .send());
  }

  @Test
  @DisplayName(
      "a token signed with a key the issuer publishes is accepted; the keys were fetched once, at start")
  void accepted(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    App app = app(vertx, issuer.jwksEnv());
    HttpResponse<Buffer> r = me(vertx, app, token(a, issuer));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("sub")).isEqualTo("user-42");
    assertThat(r.bodyAsJsonObject().getString("role")).isEqualTo("officer");
    assertThat(issuer.jwksRequests.get()).isEqualTo(1);
  }

  @Test
  @DisplayName("a token used again is answered without a second signature check, until it expires")
  void remembered(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    App app = app(vertx, issuer.jwksEnv());
    String token = token(a, issuer);
    assertThat(me(vertx, app, token).statusCode()).isEqualTo(200);
    assertThat(me(vertx, app, token).statusCode()).isEqualTo(200);
    assertThat(app.identity().tokenSignatureChecks()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(900 + 61)); // past exp and the default 60 s skew
    HttpResponse<Buffer> expired = me(vertx, app, token);
    assertThat(expired.statusCode()).isEqualTo(401);
    assertThat(app.identity().tokenSignatureChecks()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "a remembered token is checked afresh once the issuer's key set changed, and refused if its key is gone")
  void rememberedUntilKeysChange(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    App app = app(vertx, issuer.jwksEnv());
    String token = token(a, issuer);
    assertThat(me(vertx, app, token).statusCode()).isEqualTo(200);

    issuer.keys.set(new JWKSet(ecKey("b"))); // key "a" withdrawn
    clock.advance(Duration.ofSeconds(31));
    assertThat(me(vertx, app, token(ecKey("c"), issuer)).statusCode())
        .as("unknown kid: keys refetched")
        .isEqualTo(401);
    assertThat(issuer.jwksRequests.get()).isEqualTo(2);

    HttpResponse<Buffer> again = me(vertx, app, token);
    assertThat(again.statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("RS256 tokens of a 2048-bit issuer key are accepted too")
  void rs256(Vertx vertx) throws Exception {
    RSAKey r = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(List.of(ecKey("a"), r)));
    App app = app(vertx, issuer.jwksEnv());
    assertThat(me(vertx, app, token(r, issuer)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "after the issuer rotates its key, the first token with the new kid refreshes the keys and is accepted")
  void rotation(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    ECKey b = ecKey("b");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    App app = app(vertx, issuer.jwksEnv());
    issuer.keys.set(new JWKSet(b));
    clock.advance(Duration.ofSeconds(31));
    HttpResponse<Buffer> r = me(vertx, app, token(b, issuer));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(issuer.jwksRequests.get()).isEqualTo(2);
    assertThat(app.identity().keyFetches()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "made-up kids refresh the keys at most once per minimum interval, and are refused as unknown keys")
  void rateLimited(Vertx vertx) throws Exception {
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(ecKey("a")));
    App app = app(vertx, issuer.jwksEnv());
    clock.advance(Duration.ofSeconds(31));
    for (String kid : List.of("x1", "x2", "x3", "x4")) {
      HttpResponse<Buffer> r = me(vertx, app, token(ecKey(kid), issuer));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("detail"))
          .isEqualTo("the token is signed with an unknown key '" + kid + "'");
    }
    assertThat(issuer.jwksRequests.get()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(31));
    assertThat(me(vertx, app, token(ecKey("x5"), issuer)).statusCode()).isEqualTo(401);
    assertThat(issuer.jwksRequests.get()).isEqualTo(3);
  }

  @Test
  @DisplayName(
      "expiry is judged by the injected clock: the same token is refused once that clock passes exp plus skew")
  void injectedClock(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    App app =
        app(
            vertx,
            Map.of(
                "AUTH_ISSUER",
                issuer.base,
                "AUTH_JWKS_URL",
                issuer.base + "/jwks",
                "AUTH_CLOCK_SKEW_SECONDS",
                "30"));
    String token = token(a, issuer);
    clock.advance(Duration.ofSeconds(900 + 29));
    assertThat(me(vertx, app, token).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(2));
    HttpResponse<Buffer> r = me(vertx, app, token);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.bodyAsJsonObject().getString("detail")).startsWith("the token expired at");
  }

  @Test
  @DisplayName("with AUTH_JWKS_URL unset the keys are found through OpenID discovery at the issuer")
  void discovery(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    App app = app(vertx, Map.of("AUTH_ISSUER", issuer.base));
    assertThat(me(vertx, app, token(a, issuer)).statusCode()).isEqualTo(200);
    assertThat(issuer.jwksRequests.get()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "while the issuer's keys cannot be fetched, tokens answer 503; once they can, tokens are accepted")
  void issuerDown(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    issuer.status.set(500);
    App app = app(vertx, issuer.jwksEnv());
    HttpResponse<Buffer> down = me(vertx, app, token(a, issuer));
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:auth-unavailable");
    issuer.status.set(200);
    clock.advance(Duration.ofSeconds(31));
    assertThat(me(vertx, app, token(a, issuer)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "a key set larger than 256 KiB is not read: its keys are not trusted and tokens answer 503")
  void oversizedJwks(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    issuer.padding.set(300 * 1024);
    App app = app(vertx, issuer.jwksEnv());
    assertThat(me(vertx, app, token(a, issuer)).statusCode()).isEqualTo(503);
    issuer.padding.set(0);
    clock.advance(Duration.ofSeconds(31));
    assertThat(me(vertx, app, token(a, issuer)).statusCode()).isEqualTo(200);
  }
}
