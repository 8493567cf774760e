package vn.customs.digital.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.gates.GateFixture;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Query strings, paths and bodies are decoded once, strictly, before routes read them")
class InputGuardTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static HttpResponse<Buffer> call(
      Vertx vertx, HttpMethod method, String uri, String token, String contentType, Buffer body) {
    var req = TestApi.client(vertx).request(method, uri);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    if (contentType != null) {
      req.putHeader("Content-Type", contentType);
    }
    return Await.result((body == null ? req.send() : req.sendBuffer(body)));
  }

  private static HttpResponse<Buffer> get(Vertx vertx, String uri, String token) {
    return call(vertx, HttpMethod.GET, uri, token, null, null);
  }

  /** The problem's status, type and the field its first error names. */
  private static void assertProblem(
      HttpResponse<Buffer> r, int status, String slug, String pointer) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).startsWith(Problem.CONTENT_TYPE);
    JsonObject json = r.bodyAsJsonObject();
    assertThat(json.getString("type")).isEqualTo(Problem.TYPE_PREFIX + slug);
    assertThat(json.getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo(pointer);
    assertThat(json.encode()).doesNotContain("Exception");
  }

  @Test
  @DisplayName("malformed percent-encoding in the query is a 400 problem naming the parameter")
  void malformedQueryEscapes(Vertx vertx) {
    String officer = TestTokens.officer();
    String trader = TestTokens.trader("0101234567");
    assertProblem(get(vertx, "/api/v1/procedures?q=%2", null), 400, "bad-request", "q");
    assertProblem(get(vertx, "/api/v1/procedures?q=%G0", null), 400, "bad-request", "q");
    assertProblem(get(vertx, "/api/v1/procedures?q=%%", null), 400, "bad-request", "q");
    assertProblem(
        get(vertx, "/api/v1/declarations?status=%zz", trader), 400, "bad-request", "status");
    assertProblem(
        get(vertx, "/api/v1/officer/queue?channel=%zz", officer), 400, "bad-request", "channel");
    assertProblem(get(vertx, "/api/v1/procedures?%zz=1", null), 400, "bad-request", "query");
  }

  @Test
  @DisplayName("a malformed percent-escape in the path is a 400 problem naming the path parameter")
  void malformedPathEscape(Vertx vertx) {
    assertProblem(get(vertx, "/api/v1/procedures/%", null), 400, "bad-request", "code");
    assertProblem(get(vertx, "/api/v1/procedures/HQ%2", null), 400, "bad-request", "code");
    assertProblem(get(vertx, "/api/v1/nothing/%zz", null), 400, "bad-request", "path");
  }

  @Test
  @DisplayName("percent-escapes that are not UTF-8 are refused, not replaced")
  void notUtf8(Vertx vertx) {
    assertProblem(get(vertx, "/api/v1/procedures?q=%FF%FE", null), 400, "bad-request", "q");
    assertProblem(get(vertx, "/api/v1/procedures?q=%ED%A0%80", null), 400, "bad-request", "q");
    assertProblem(get(vertx, "/api/v1/procedures/HQ-%C0%80", null), 400, "bad-request", "code");
    // Well-formed UTF-8 is of course read as sent.
    assertThat(get(vertx, "/api/v1/procedures?q=h%E1%BA%A3i%20quan", null).statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "a raw non-ASCII character in the target is a 400 problem: it must be percent-encoded")
  void rawNonAscii() {
    byte[] request =
        "GET /api/v1/procedures?q=hải HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.UTF_8);
    RawHttp.Response r = RawHttp.send(request);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("q");
  }

  @Test
  @DisplayName(
      "NUL in a query or path parameter is a 400 problem naming it, before anything reaches the database")
  void nulInParameters(Vertx vertx) {
    assertProblem(get(vertx, "/api/v1/procedures?q=a%00", null), 400, "bad-request", "q");
    String riskManager = TestTokens.token(Role.RISK_MANAGER, null, "risk-1");
    assertProblem(
        call(vertx, HttpMethod.POST, "/api/v1/risk/rulesets/%00/1/shadow", riskManager, null, null),
        400,
        "bad-request",
        "id");
    assertProblem(
        get(vertx, "/api/v1/declarations/%00", TestTokens.trader("0101234567")),
        400,
        "bad-request",
        "id");
  }

  @Test
  @DisplayName(
      "integer parameters are read as the contract validated them: ' 1', '3.0' and '1e2' are integers")
  void integersAsValidated(Vertx vertx) {
    HttpResponse<Buffer> one = get(vertx, "/api/v1/procedures?limit=%201", null);
    assertThat(one.statusCode()).as(one.bodyAsString()).isEqualTo(200);
    assertThat(one.bodyAsJsonObject().getJsonArray("items")).hasSize(1);

    HttpResponse<Buffer> level = get(vertx, "/api/v1/procedures?level=3.0&limit=100", null);
    assertThat(level.statusCode()).as(level.bodyAsString()).isEqualTo(200);
    JsonArray items = level.bodyAsJsonObject().getJsonArray("items");
    assertThat(items).isNotEmpty();
    items.forEach(i -> assertThat(((JsonObject) i).getInteger("serviceLevel")).isEqualTo(3));

    HttpResponse<Buffer> hundred = get(vertx, "/api/v1/procedures?limit=1e2", null);
    HttpResponse<Buffer> plain = get(vertx, "/api/v1/procedures?limit=100", null);
    assertThat(hundred.statusCode()).as(hundred.bodyAsString()).isEqualTo(200);
    assertThat(hundred.bodyAsJsonObject().getJsonArray("items"))
        .isEqualTo(plain.bodyAsJsonObject().getJsonArray("items"));

    HttpResponse<Buffer> declarations =
        get(vertx, "/api/v1/declarations?limit=%201", TestTokens.trader("0101234567"));
    assertThat(declarations.statusCode()).as(declarations.bodyAsString()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "a gate event whose string holds NUL is a 422 problem naming it, and nothing is stored")
  void nulInGateEvent(Vertx vertx) {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    JsonObject event =
        GateFixture.event("SEAL_READ", new JsonObject()).put("deviceId", "cam\u0000");
    HttpResponse<Buffer> r =
        device.send(vertx, new JsonArray().add(new JsonObject().put("id", "ok")).add(event));
    assertProblem(r, 422, "validation", "/events/1/deviceId");
    assertThat(count("select count(*) from gate_events where gate_code = $1", device.gate()))
        .isZero();
  }

  @Test
  @DisplayName("a JSON body whose string escapes a lone surrogate is a 422 problem naming it")
  void loneSurrogateInBody(Vertx vertx) {
    Buffer body =
        Buffer.buffer("{\"code\":\"VNQQQ\",\"officeCode\":\"03CC\",\"lanes\":[\"L\\ud800\"]}");
    HttpResponse<Buffer> r =
        call(
            vertx,
            HttpMethod.POST,
            "/api/v1/gates",
            TestTokens.officer(),
            "application/json",
            body);
    assertProblem(r, 422, "validation", "/lanes/0");
    assertThat(count("select count(*) from gates where code = $1", "VNQQQ")).isZero();
  }

  @Test
  @DisplayName("a text body that is not UTF-8, or holds a raw NUL, is a 400 problem")
  void bodyNotUtf8(Vertx vertx) {
    for (byte[] bad :
        List.of(
            new byte[] {(byte) 0xFF, (byte) 0xFE},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {0})) {
      Buffer body =
          Buffer.buffer("{\"code\":\"VNQQR\",\"officeCode\":\"03CC\",\"lanes\":[\"L")
              .appendBytes(bad)
              .appendString("\"]}");
      HttpResponse<Buffer> r =
          call(
              vertx,
              HttpMethod.POST,
              "/api/v1/gates",
              TestTokens.officer(),
              "application/json",
              body);
      assertProblem(r, 400, "bad-request", "");
    }
    assertThat(count("select count(*) from gates where code = $1", "VNQQR")).isZero();
  }

  private static long count(String sql, Object... args) {
    return Await.result(TestApi.shared().pool().preparedQuery(sql).execute(Tuple.from(args)))
        .iterator()
        .next()
        .getLong(0);
  }
}
