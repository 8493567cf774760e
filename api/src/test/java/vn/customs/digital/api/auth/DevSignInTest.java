package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

@ExtendWith(VertxExtension.class)
@DisplayName("Development sign-in for browser apps: authorization code with PKCE (S256)")
class DevSignInTest {
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-verifier";
  private static final String TAX_CODE = "0101234567";

  private static WebClient browser(Vertx vertx, int port) {
    return WebClient.create(
        vertx,
        new WebClientOptions()
            .setDefaultHost("127.0.0.1")
            .setDefaultPort(port)
            .setFollowRedirects(false));
  }

  private static String redirectUri(int port) {
    return "http://127.0.0.1:" + port + "/app/";
  }

  private static String authorizeQuery(int port, String redirectUri, String extra) {
    return "/api/v1/dev/authorize?response_type=code&client_id=digital-customs-app&redirect_uri="
        + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
        + "&code_challenge="
        + DevSignIn.s256(VERIFIER)
        + "&code_challenge_method=S256&state=xyz"
        + extra;
  }

  private static HttpResponse<Buffer> token(Vertx vertx, int port, String code, String verifier) {
    return Await.result(
        browser(vertx, port)
            .post("/api/v1/dev/token")
            .sendForm(
                MultiMap.caseInsensitiveMultiMap()
                    .add("grant_type", "authorization_code")
                    .add("code", code)
                    .add("redirect_uri", redirectUri(port))
                    .add("client_id", "digital-customs-app")
                    .add("code_verifier", verifier)));
  }

  @Test
  @DisplayName(
      "the page, a code back to the app, a token for the verifier only, once; the token works on the api")
  void wholeFlow(Vertx vertx) {
    int port = TestApi.port();
    JsonObject discovery =
        Await.result(
                browser(vertx, port).get("/api/v1/dev/.well-known/openid-configuration").send())
            .bodyAsJsonObject();
    assertThat(discovery.getString("authorization_endpoint"))
        .isEqualTo("http://127.0.0.1:" + port + "/api/v1/dev/authorize");
    assertThat(discovery.getJsonArray("code_challenge_methods_supported")).containsExactly("S256");

    HttpResponse<Buffer> page =
        Await.result(browser(vertx, port).get(authorizeQuery(port, redirectUri(port), "")).send());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("name=\"role\"", "name=\"tax_code\"", "value=\"xyz\"");

    HttpResponse<Buffer> chosen =
        Await.result(
            browser(vertx, port)
                .get(authorizeQuery(port, redirectUri(port), "&role=trader&tax_code=" + TAX_CODE))
                .send());
    assertThat(chosen.statusCode()).isEqualTo(302);
    URI back = URI.create(chosen.getHeader("Location"));
    assertThat(back.toString()).startsWith(redirectUri(port) + "?code=").endsWith("&state=xyz");
    String code = back.getQuery().replaceAll(".*code=([^&]+).*", "$1");

    HttpResponse<Buffer> wrongVerifier = token(vertx, port, code, VERIFIER + "x");
    assertThat(wrongVerifier.statusCode()).isEqualTo(400);
    assertThat(wrongVerifier.getHeader("Content-Type")).startsWith("application/problem+json");
    // the failed attempt used the code up: a code is good for one try
    assertThat(token(vertx, port, code, VERIFIER).statusCode()).isEqualTo(400);

    String code2 =
        URI.create(
                Await.result(
                        browser(vertx, port)
                            .get(
                                authorizeQuery(
                                    port, redirectUri(port), "&role=trader&tax_code=" + TAX_CODE))
                            .send())
                    .getHeader("Location"))
            .getQuery()
            .replaceAll(".*code=([^&]+).*", "$1");
    HttpResponse<Buffer> ok = token(vertx, port, code2, VERIFIER);
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
    assertThat(ok.getHeader("Cache-Control")).isEqualTo("no-store");
    String accessToken = ok.bodyAsJsonObject().getString("access_token");
    assertThat(ok.bodyAsJsonObject().getString("token_type")).isEqualTo("Bearer");
    HttpResponse<Buffer> keys =
        Await.result(
            TestApi.client(vertx)
                .get("/api/v1/enterprises/" + TAX_CODE + "/keys")
                .bearerTokenAuthentication(accessToken)
                .send());
    assertThat(keys.statusCode()).isEqualTo(200);
    assertThat(token(vertx, port, code2, VERIFIER).statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("a redirect URI of another origin, or a plain challenge method, is refused")
  void refusesOtherOriginsAndPlainPkce(Vertx vertx) {
    int port = TestApi.port();
    HttpResponse<Buffer> other =
        Await.result(
            browser(vertx, port)
                .get(authorizeQuery(port, "https://evil.example/app/", "&role=trader"))
                .send());
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(
            other.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("redirect_uri");
    HttpResponse<Buffer> plain =
        Await.result(
            browser(vertx, port)
                .get(
                    authorizeQuery(port, redirectUri(port), "")
                        .replace("code_challenge_method=S256", "code_challenge_method=plain"))
                .send());
    assertThat(plain.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName(
      "with APP_PROFILE=production there is no development sign-in; the app is sent to the configured issuer")
  void absentInProduction(Vertx vertx) {
    TestApi.shared(); // writes the service key file the production api reads
    Map<String, String> env = new HashMap<>(TestApi.baseEnv(TestDatabase.shared()));
    env.put("APP_PROFILE", "production");
    env.put("AUTH_DEV_ISSUER", "false");
    env.remove("AUTH_DEV_KEY_FILE");
    env.put("AUTH_ISSUER", "https://issuer.example/realms/customs");
    env.put("AUTH_JWKS_URL", "http://127.0.0.1:9/jwks.json");
    env.put("VNPAY_TMN_CODE", "PRODTEST1");
    env.put("VNPAY_PAY_URL", "https://pay.example/paymentv2/vpcpay.html");
    env.put("VNPAY_RETURN_URL", "https://customs.example/app/payments/return");
    Main.Running production = Await.result(Main.start(env));
    try {
      int port = production.port();
      for (String path :
          new String[] {
            "/api/v1/dev/.well-known/openid-configuration",
            authorizeQuery(port, redirectUri(port), "&role=trader"),
            "/api/v1/dev/jwks.json"
          }) {
        HttpResponse<Buffer> r = Await.result(browser(vertx, port).get(path).send());
        assertThat(r.statusCode()).as(path).isEqualTo(404);
      }
      assertThat(token(vertx, port, "a".repeat(43), VERIFIER).statusCode()).isEqualTo(404);
      JsonObject config =
          Await.result(browser(vertx, port).get("/app/config.json").send()).bodyAsJsonObject();
      assertThat(config.getString("discovery"))
          .isEqualTo("https://issuer.example/realms/customs/.well-known/openid-configuration");
      assertThat(config.getBoolean("devIssuer")).isFalse();
      HttpResponse<Buffer> shell = Await.result(browser(vertx, port).get("/app/").send());
      assertThat(shell.getHeader("Content-Security-Policy"))
          .contains("connect-src 'self' https://issuer.example");
    } finally {
      Await.result(production.close());
    }
  }
}
