package vn.customs.digital.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("The service's manners")
class ServiceMannersTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static HttpResponse<Buffer> call(
      Vertx vertx, HttpMethod method, String uri, Buffer body, String... headers) {
    var req = TestApi.client(vertx).request(method, uri);
    for (int i = 0; i < headers.length; i += 2) {
      req.putHeader(headers[i], headers[i + 1]);
    }
    return Await.result((body == null ? req.send() : req.sendBuffer(body)));
  }

  private static void assertProblem(HttpResponse<Buffer> r, int status, String slug) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    var json = r.bodyAsJsonObject();
    assertThat(json.getString("type")).isEqualTo("urn:digital-customs:problem:" + slug);
    assertThat(json.getInteger("status")).isEqualTo(status);
    assertThat(json.getString("title")).isNotBlank();
    assertThat(json.encode()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  @DisplayName("an unknown route is a 404 problem")
  void unknownRoute(Vertx vertx) {
    var r = call(vertx, HttpMethod.GET, "/api/v1/nothing-here", null);
    assertProblem(r, 404, "not-found");
  }

  @Test
  @DisplayName("a wrong method on a known route is a 405 problem")
  void wrongMethod(Vertx vertx) {
    var r = call(vertx, HttpMethod.DELETE, "/api/v1/procedures", null);
    assertProblem(r, 405, "method-not-allowed");
  }

  @Test
  @DisplayName("malformed query parameters are a 400 problem naming the parameter")
  void badParameters(Vertx vertx) {
    var rs =
        List.of(
            call(vertx, HttpMethod.GET, "/api/v1/procedures?limit=abc", null),
            call(vertx, HttpMethod.GET, "/api/v1/procedures?limit=101", null),
            call(vertx, HttpMethod.GET, "/api/v1/procedures?lang=fr", null));
    List<String> names = List.of("limit", "limit", "lang");
    for (int i = 0; i < rs.size(); i++) {
      assertProblem(rs.get(i), 400, "bad-request");
      assertThat(
              rs.get(i)
                  .bodyAsJsonObject()
                  .getJsonArray("errors")
                  .getJsonObject(0)
                  .getString("pointer"))
          .isEqualTo(names.get(i));
    }
  }

  @Test
  @DisplayName("an oversize body is a 413 problem")
  void oversize(Vertx vertx) {
    Buffer big = Buffer.buffer(new byte[200_000]);
    var r =
        call(vertx, HttpMethod.POST, "/api/v1/procedures", big, "Content-Type", "application/json");
    assertProblem(r, 413, "payload-too-large");
  }

  @Test
  @DisplayName("X-Request-Id is echoed when given, made when absent, and put in problems")
  void requestId(Vertx vertx) {
    var rs =
        List.of(
            call(
                vertx,
                HttpMethod.GET,
                "/api/v1/procedures/HQ-999",
                null,
                "X-Request-Id",
                "phone-42.retry-1"),
            call(vertx, HttpMethod.GET, "/api/v1/procedures?limit=1", null),
            call(
                vertx,
                HttpMethod.GET,
                "/api/v1/procedures?limit=1",
                null,
                "X-Request-Id",
                "bad id with spaces\u00e9"));
    assertThat(rs.get(0).getHeader("X-Request-Id")).isEqualTo("phone-42.retry-1");
    assertThat(rs.get(0).bodyAsJsonObject().getString("requestId")).isEqualTo("phone-42.retry-1");
    assertThat(rs.get(1).getHeader("X-Request-Id")).matches("[0-9a-f\\-]{36}");
    assertThat(rs.get(2).getHeader("X-Request-Id")).matches("[0-9a-f\\-]{36}");
  }

  @Test
  @DisplayName("liveness and readiness answer UP when the database has this build's schema")
  void health(Vertx vertx) {
    var rs =
        List.of(
            call(vertx, HttpMethod.GET, "/health/live", null),
            call(vertx, HttpMethod.GET, "/health/ready", null));
    assertThat(rs.get(0).statusCode()).isEqualTo(200);
    assertThat(rs.get(1).statusCode()).isEqualTo(200);
    assertThat(rs.get(1).bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  @DisplayName("Prometheus metrics include HTTP server requests; the contract is served as YAML")
  void metricsAndContract(Vertx vertx) {
    call(vertx, HttpMethod.GET, "/api/v1/procedures?limit=1", null);
    var rs =
        List.of(
            call(vertx, HttpMethod.GET, "/metrics", null),
            call(vertx, HttpMethod.GET, "/api/v1/openapi.yaml", null));
    assertThat(rs.get(0).statusCode()).isEqualTo(200);
    assertThat(rs.get(0).bodyAsString()).contains("vertx_http_server_requests_total");
    assertThat(rs.get(1).statusCode()).isEqualTo(200);
    assertThat(rs.get(1).getHeader("Content-Type")).startsWith("application/yaml");
    assertThat(rs.get(1).bodyAsString())
        .startsWith("openapi: 3.1.0")
        .contains("/api/v1/procedures");
  }
}
