package vn.customs.digital.api.declarations;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.PhoneKeys;
import vn.customs.digital.testing.Await;

/**
 * What is stored of a signed declaration must be what was signed: a payload that is not UTF-8 JSON,
 * or whose strings hold what the database cannot keep, is refused, never repaired.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The text of signed declarations")
class SignedPayloadTextTest {
  private static final String TAX_CODE = "0101234567";
  private static final String MARKER = "@@description@@";

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  /**
   * The reference declaration's bytes with the first item's description replaced by exactly these
   * bytes.
   */
  private static byte[] payloadWithDescription(byte[] description) {
    JsonObject declaration = Enterprise.referenceFor(TAX_CODE);
    declaration.getJsonArray("items").getJsonObject(0).put("description", MARKER);
    String[] around = declaration.encode().split(MARKER, 2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(around[0].getBytes(StandardCharsets.UTF_8));
    out.writeBytes(description);
    out.writeBytes(around[1].getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static HttpResponse<Buffer> submit(Vertx vertx, Enterprise enterprise, String jws) {
    return DeclarationSubmissionTest.submit(vertx, enterprise.token, jws, null);
  }

  private static long declarations() {
    return Await.result(
            TestApi.shared()
                .pool()
                .preparedQuery("select count(*) from declarations where enterprise_tax_code = $1")
                .execute(Tuple.of(TAX_CODE)))
        .iterator()
        .next()
        .getLong(0);
  }

  private static void assertRefused(
      HttpResponse<Buffer> r, String slug, String pointer, String detail) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo("urn:digital-customs:problem:" + slug);
    assertThat(problem.getString("detail")).contains(detail);
    if (pointer != null) {
      assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("pointer"))
          .isEqualTo(pointer);
    }
  }

  @Test
  @DisplayName(
      "a description in any language is stored exactly as signed (the control for the refusals below)")
  void wellFormedTextStoredAsSigned(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, TAX_CODE);
    String description = "Điện thoại di động 😀 \"5G\"";
    byte[] payload =
        payloadWithDescription(
            ("Điện thoại di động \\ud83d\\ude00 \\\"5G\\\"").getBytes(StandardCharsets.UTF_8));
    HttpResponse<Buffer> r = submit(vertx, hanoi, PhoneKeys.sign(hanoi.key, payload));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    String stored =
        Await.result(
                TestApi.shared()
                    .pool()
                    .preparedQuery(
                        "select document #>> '{items,0,description}' from declaration_versions where declaration_id = $1")
                    .execute(Tuple.of(UUID.fromString(r.bodyAsJsonObject().getString("id")))))
            .iterator()
            .next()
            .getString(0);
    assertThat(stored).isEqualTo(description);
  }

  @Test
  @DisplayName(
      "a signed payload with bytes that are not UTF-8 (FF FE, an encoded surrogate) is a 422 problem, and nothing is stored")
  void notUtf8(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, TAX_CODE);
    long before = declarations();
    for (byte[] bad :
        new byte[][] {{(byte) 0xFF, (byte) 0xFE}, {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
      assertRefused(
          submit(vertx, hanoi, PhoneKeys.sign(hanoi.key, payloadWithDescription(bad))),
          "validation",
          "",
          "not valid UTF-8");
    }
    assertThat(declarations()).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "a signed payload escaping NUL or a lone surrogate is a 422 problem naming the field, and nothing is stored")
  void unacceptableEscapes(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, TAX_CODE);
    long before = declarations();
    for (String escaped : new String[] {"Phone\\u0000", "Phone \\ud800", "\\udc00 Phone"}) {
      byte[] payload = payloadWithDescription(escaped.getBytes(StandardCharsets.US_ASCII));
      assertRefused(
          submit(vertx, hanoi, PhoneKeys.sign(hanoi.key, payload)),
          "validation",
          "/items/0/description",
          "not accepted");
    }
    assertThat(declarations()).isEqualTo(before);
  }

  @Test
  @DisplayName("a JWS header naming a kid with NUL is a signature problem, not a database error")
  void nulInKid(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, TAX_CODE);
    byte[] payload = Enterprise.referenceFor(TAX_CODE).encode().getBytes(StandardCharsets.UTF_8);
    assertRefused(
        submit(vertx, hanoi, PhoneKeys.sign(hanoi.key, "phone\u0000", payload)),
        "signature",
        null,
        "kid");
  }
}
