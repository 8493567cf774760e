package vn.customs.digital.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.problems.RequestIds;

@DisplayName("Requests the HTTP decoder refuses")
class ProtocolRefusalsTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static void assertProblem(RawHttp.Response r, int status, String slug) {
    assertThat(r.status()).as(r.statusLine() + " " + r.body()).isEqualTo(status);
    assertThat(RawHttp.contentType(r)).startsWith(Problem.CONTENT_TYPE);
    JsonObject json = r.json();
    assertThat(json.getString("type")).isEqualTo(Problem.TYPE_PREFIX + slug);
    assertThat(json.getInteger("status")).isEqualTo(status);
    assertThat(json.getString("title")).isNotBlank();
    assertThat(json.getString("requestId"))
        .isEqualTo(r.headers().get(RequestIds.HEADER))
        .isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  @DisplayName("a request line over the limit is a 414 problem")
  void uriTooLong() {
    assertProblem(
        RawHttp.send(
            "GET /api/v1/procedures?q=" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
        414,
        "uri-too-long");
  }

  @Test
  @DisplayName("header fields over the limit are a 431 problem")
  void headersTooLarge() {
    assertProblem(
        RawHttp.send(
            "GET /api/v1/procedures HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "a".repeat(17_000)
                + "\r\n\r\n"),
        431,
        "header-fields-too-large");
  }

  @Test
  @DisplayName("a control character in a header value is a 400 problem")
  void controlCharacterInHeader() {
    assertProblem(
        RawHttp.send("GET /api/v1/procedures HTTP/1.1\r\nHost: x\r\nX-Note: a\u0001b\r\n\r\n"),
        400,
        "bad-request");
  }

  @Test
  @DisplayName("a request line that is not HTTP is a 400 problem")
  void garbage() {
    assertProblem(RawHttp.send("\u0016\u0003\u0001garbage\r\n\r\n"), 400, "bad-request");
  }

  @Test
  @DisplayName(
      "a request line of another protocol or HTTP major version is a 400 problem, not a bare 501")
  void otherVersions() {
    for (String version : new String[] {"HTTP/2.0", "HTTP/0.9", "FOO/1.1"}) {
      RawHttp.Response r =
          RawHttp.send("GET /api/v1/procedures " + version + "\r\nHost: x\r\n\r\n");
      assertProblem(r, 400, "bad-request");
      assertThat(r.json().getString("detail")).contains(version);
    }
  }

  @Test
  @DisplayName("a higher HTTP/1 minor version is served as HTTP/1.1 (RFC 9112, 2.3)")
  void higherMinorVersion() {
    RawHttp.Response r =
        RawHttp.send(
            "GET /api/v1/procedures?limit=1 HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(r.statusLine()).startsWith("HTTP/1.1 200");
    assertThat(r.json().getJsonArray("items")).hasSize(1);
  }
}
