package vn.customs.digital.api.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("The phone app served under /app/: cache headers, relative URLs, the gateway's return")
class AppShellTest {
  private static WebClient client(Vertx vertx) {
    return WebClient.create(
        vertx,
        new WebClientOptions()
            .setDefaultHost("127.0.0.1")
            .setDefaultPort(TestApi.port())
            .setFollowRedirects(false));
  }

  private static HttpResponse<Buffer> get(Vertx vertx, String path) {
    return Await.result(client(vertx).get(path).send());
  }

  @Test
  @DisplayName(
      "the HTML is revalidated (ETag, 304), hashed assets are immutable, every URL in it is relative")
  void cacheHeaders(Vertx vertx) {
    HttpResponse<Buffer> html = get(vertx, "/app/");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(html.getHeader("Content-Security-Policy")).contains("script-src 'self'");
    String body = html.bodyAsString();
    // relative URLs only: the app works wherever a proxy mounts it
    assertThat(body).doesNotContain("href=\"/", "src=\"/");
    HttpResponse<Buffer> again =
        Await.result(
            client(vertx).get("/app/").putHeader("If-None-Match", html.getHeader("ETag")).send());
    assertThat(again.statusCode()).isEqualTo(304);

    Matcher js = Pattern.compile("src=\"(assets/app-[A-Za-z0-9]+\\.js)\"").matcher(body);
    assertThat(js.find()).isTrue();
    HttpResponse<Buffer> asset = get(vertx, "/app/" + js.group(1));
    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.getHeader("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    assertThat(asset.getHeader("Content-Type")).startsWith("text/javascript");

    HttpResponse<Buffer> sw = get(vertx, "/app/sw.js");
    assertThat(sw.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(sw.bodyAsString()).contains(js.group(1));
    assertThat(get(vertx, "/app/manifest.webmanifest").getHeader("Content-Type"))
        .isEqualTo("application/manifest+json");
  }

  @Test
  @DisplayName(
      "/app moves to /app/, unknown files are 404 problems, the gateway's return goes into the app")
  void redirectsAndErrors(Vertx vertx) {
    HttpResponse<Buffer> bare = get(vertx, "/app");
    assertThat(bare.statusCode()).isEqualTo(301);
    assertThat(bare.getHeader("Location")).isEqualTo("app/");
    HttpResponse<Buffer> missing = get(vertx, "/app/nothing.js");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.getHeader("Content-Type")).startsWith("application/problem+json");
    HttpResponse<Buffer> back =
        get(vertx, "/app/payments/return?vnp_TxnRef=ABC123&vnp_ResponseCode=00");
    assertThat(back.statusCode()).isEqualTo(303);
    assertThat(back.getHeader("Location"))
        .isEqualTo("../#/payments/return?vnp_TxnRef=ABC123&vnp_ResponseCode=00");
  }

  @Test
  @DisplayName(
      "the app's own requests carry an Origin of the api's host and are not refused by CORS")
  void sameOriginPasses(Vertx vertx) {
    String origin = "http://127.0.0.1:" + TestApi.port();
    HttpResponse<Buffer> r =
        Await.result(
            client(vertx).get("/api/v1/procedures?limit=1").putHeader("Origin", origin).send());
    assertThat(r.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> other =
        Await.result(
            client(vertx)
                .get("/api/v1/procedures?limit=1")
                .putHeader("Origin", "https://elsewhere.example")
                .send());
    assertThat(other.statusCode()).isEqualTo(403);
  }
}
