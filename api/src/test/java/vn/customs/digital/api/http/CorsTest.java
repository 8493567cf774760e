package vn.customs.digital.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Browsers on another origin (CORS)")
class CorsTest {
  private static final String ORIGIN = TestApi.CORS_ORIGIN;

  private static HttpResponse<Buffer> preflight(Vertx vertx, String origin) {
    return Await.result(
        TestApi.client(vertx)
            .request(HttpMethod.OPTIONS, "/api/v1/declarations")
            .putHeader("Origin", origin)
            .putHeader("Access-Control-Request-Method", "POST")
            .putHeader(
                "Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
            .send());
  }

  /** A comma-separated header's values, in lower case. */
  private static java.util.List<String> list(String header) {
    return header == null
        ? java.util.List.of()
        : Arrays.stream(header.split(","))
            .map(v -> v.trim().toLowerCase(java.util.Locale.ROOT))
            .toList();
  }

  @Test
  @DisplayName(
      "a preflight from an allowed origin is answered without a token, with the methods and headers the app sends")
  void preflightAllowed(Vertx vertx) {
    HttpResponse<Buffer> r = preflight(vertx, ORIGIN);
    assertThat(r.statusCode()).isIn(200, 204);
    assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
    assertThat(list(r.getHeader("Access-Control-Allow-Methods"))).contains("post", "get", "delete");
    assertThat(list(r.getHeader("Access-Control-Allow-Headers")))
        .contains(
            "authorization", "content-type", "idempotency-key", "if-none-match", "last-event-id");
    assertThat(r.getHeader("Access-Control-Allow-Credentials")).isNull();
  }

  @Test
  @DisplayName("a preflight from another origin is refused and gets no Access-Control-Allow-Origin")
  void preflightRefused(Vertx vertx) {
    HttpResponse<Buffer> r = preflight(vertx, "https://evil.example.test");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  @DisplayName(
      "an answer to an allowed origin exposes ETag, Location, Idempotent-Replayed, X-Request-Id and Retry-After")
  void exposedHeaders(Vertx vertx) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .get("/api/v1/procedures/HQ-001")
                .putHeader("Origin", ORIGIN)
                .send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
    assertThat(list(r.getHeader("Access-Control-Expose-Headers")))
        .contains("etag", "location", "idempotent-replayed", "x-request-id", "retry-after");
  }

  @Test
  @DisplayName(
      "a WebSocket handshake is not a CORS request: a device's client with an Origin of its own is not refused by it")
  void webSocketsPass(Vertx vertx) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .get("/api/v1/gates/VNHPH/feed")
                .putHeader("Origin", "http://127.0.0.1:" + TestApi.port())
                .putHeader("Connection", "Upgrade")
                .putHeader("Upgrade", "websocket")
                .putHeader("Sec-WebSocket-Version", "13")
                .putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .send());
    // Refused for want of a device token (the gate feed's own rule), not by CORS.
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:unauthorized");
  }

  @Test
  @DisplayName(
      "production allows no origin unless told; an origin with a path or a wildcard is a configuration problem")
  void configuration(@TempDir Path dir) throws Exception {
    assertThat(ApiConfig.fromEnv(Map.of()).corsAllowedOrigins()).contains("http://localhost:5173");
    assertThatThrownBy(
            () ->
                ApiConfig.fromEnv(
                    Map.of("CORS_ALLOWED_ORIGINS", "https://app.example.test/app, *")))
        .isInstanceOf(ApiConfig.InvalidConfig.class)
        .hasMessageContaining("https://app.example.test/app")
        .hasMessageContaining("*");
    Path key = Files.writeString(dir.resolve("service.jwk"), "{}");
    Map<String, String> production =
        Map.of(
            "APP_PROFILE",
            "production",
            "AUTH_ISSUER",
            "https://issuer.example.test",
            "SERVICE_KEY_FILE",
            key.toString());
    assertThat(ApiConfig.fromEnv(production).corsAllowedOrigins()).isEmpty();
  }
}
