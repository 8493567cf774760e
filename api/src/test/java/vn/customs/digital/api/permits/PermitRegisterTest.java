package vn.customs.digital.api.permits;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.PhoneKeys;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.documents.DocumentsTest;
import vn.customs.digital.api.risk.DecisionRecords;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.ReferenceDeclaration;

/**
 * The permit register through the real api: an agency posts permits signed with its own key (and
 * only of its kinds); a declaration citing a permit is checked against it - holder, goods,
 * validity, quantity left, taken on acceptance and given back by an amendment - and the risk core
 * sees the licence only when the check passes.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The permit register")
class PermitRegisterTest {
  private static final String HOLDER = "0101234567";
  private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static String newNumber() {
    return "DAV-" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
  }

  static JsonObject licence(String number, String holder, String heading, int quantity) {
    return new JsonObject()
        .put("agency", TestApi.PERMIT_AGENCY)
        .put("number", number)
        .put("kind", "IMPORT_LICENCE")
        .put("holderTaxCode", holder)
        .put("hsCodes", new JsonArray().add(heading))
        .put("quantity", quantity)
        .put("unit", "C62")
        .put("validFrom", TODAY.minusDays(30).toString())
        .put("validUntil", TODAY.plusDays(335).toString());
  }

  static String sign(ECKey key, JsonObject permit) {
    try {
      JWSObject jws =
          new JWSObject(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .keyID(key.getKeyID())
                  .type(new JOSEObjectType("permit+jwt"))
                  .build(),
              new Payload(permit.encode()));
      jws.sign(new ECDSASigner(key));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<Buffer> post(Vertx vertx, String jws) {
    return Await.result(
        TestApi.client(vertx)
            .post("/api/v1/permits")
            .putHeader("Content-Type", "application/jose")
            .sendBuffer(Buffer.buffer(jws)));
  }

  static JsonObject registered(Vertx vertx, JsonObject permit) {
    HttpResponse<Buffer> r = post(vertx, sign(TestApi.PERMIT_AGENCY_KEY, permit));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  /** Medicaments (HS 3004) of the reference declaration's first line, so many, citing permits. */
  static HttpResponse<Buffer> declare(
      Vertx vertx, String taxCode, int quantity, JsonArray permits, String amendId) {
    return declare(vertx, taxCode, new BigDecimal(quantity), "C62", permits, amendId);
  }

  /** The same, so much of the unit given. */
  static HttpResponse<Buffer> declare(
      Vertx vertx,
      String taxCode,
      BigDecimal quantity,
      String unit,
      JsonArray permits,
      String amendId) {
    JsonObject d = new JsonObject(ReferenceDeclaration.payload()).put("declarantTaxCode", taxCode);
    JsonObject item = d.getJsonArray("items").getJsonObject(0).copy();
    item.put("hsCode", "30049099")
        .put("description", "Medicaments")
        .put("quantity", quantity)
        .put("unit", unit);
    item.remove("certificateOfOrigin");
    d.put("items", new JsonArray().add(item));
    if (permits != null) {
      d.put("permits", permits);
    }
    return Await.result(
        TestApi.client(vertx)
            .post(
                amendId == null
                    ? "/api/v1/declarations"
                    : "/api/v1/declarations/" + amendId + "/amendments")
            .bearerTokenAuthentication(TestTokens.trader(taxCode))
            .putHeader("Content-Type", "application/jose")
            .sendBuffer(
                Buffer.buffer(PhoneKeys.sign(PhoneKeys.shared(vertx, taxCode), d.encode()))));
  }

  static JsonArray citing(String number) {
    return new JsonArray()
        .add(new JsonObject().put("agency", TestApi.PERMIT_AGENCY).put("number", number));
  }

  static String remaining(String number) {
    return Await.result(
            TestApi.shared()
                .pool()
                .preparedQuery("select remaining from permits where agency = $1 and number = $2")
                .execute(Tuple.of(TestApi.PERMIT_AGENCY, number)))
        .iterator()
        .next()
        .getBigDecimal(0)
        .stripTrailingZeros()
        .toPlainString();
  }

  static List<String> fired(Vertx vertx, JsonObject declaration) {
    JsonObject record =
        Await.result(
                TestApi.client(vertx)
                    .get("/api/v1/declarations/" + declaration.getString("id") + "/decision")
                    .bearerTokenAuthentication(TestTokens.officer())
                    .send())
            .bodyAsJsonObject();
    return DecisionRecords.fired(record);
  }

  @Test
  @DisplayName(
      "an agency registers a permit with its own key, of its own kinds; the same JWS again is answered, another under its number is 409")
  void agencyPosts(Vertx vertx) throws JOSEException {
    String number = newNumber();
    JsonObject permit = licence(number, HOLDER, "3004", 1000);
    String jws = sign(TestApi.PERMIT_AGENCY_KEY, permit);
    HttpResponse<Buffer> first = post(vertx, jws);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
    assertThat(first.bodyAsJsonObject().getString("remaining")).isEqualTo("1000");
    assertThat(post(vertx, jws).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> other =
        post(vertx, sign(TestApi.PERMIT_AGENCY_KEY, permit.copy().put("quantity", 5000)));
    assertThat(other.statusCode()).isEqualTo(409);

    // A key the api does not know (anyone's), and the agency's key used for another agency or kind.
    ECKey stranger =
        new ECKeyGenerator(Curve.P_256).keyID(TestApi.PERMIT_AGENCY_KEY.getKeyID()).generate();
    assertThat(post(vertx, sign(stranger, licence(newNumber(), HOLDER, "3004", 1))).statusCode())
        .isEqualTo(401);
    HttpResponse<Buffer> wrongKind =
        post(
            vertx,
            sign(
                TestApi.PERMIT_AGENCY_KEY,
                licence(newNumber(), HOLDER, "3004", 1)
                    .put("kind", "QUARANTINE_CERTIFICATE")
                    .put("agency", "MARD")));
    assertThat(wrongKind.statusCode()).isEqualTo(422);
    assertThat(DocumentsTest.pointers(wrongKind)).contains("/agency", "/kind");
    assertThat(
            Await.result(
                    TestApi.shared()
                        .pool()
                        .preparedQuery("select count(*) from permits where agency = 'MARD'")
                        .execute())
                .iterator()
                .next()
                .getLong(0))
        .isZero();
  }

  @Test
  @DisplayName(
      "a declaration citing a valid licence is accepted, the risk core sees the licence, and the quantity is taken; without it the check fires")
  void licenceSatisfiesTheRule(Vertx vertx) {
    String number = newNumber();
    registered(vertx, licence(number, HOLDER, "3004", 1000));
    HttpResponse<Buffer> with = declare(vertx, HOLDER, 300, citing(number), null);
    assertThat(with.statusCode()).as(with.bodyAsString()).isEqualTo(201);
    assertThat(fired(vertx, with.bodyAsJsonObject()))
        .doesNotContain("missing-licence-pharmaceuticals");
    assertThat(remaining(number)).isEqualTo("700");
    HttpResponse<Buffer> without = declare(vertx, HOLDER, 300, null, null);
    assertThat(without.statusCode()).isEqualTo(201);
    assertThat(fired(vertx, without.bodyAsJsonObject()))
        .contains("missing-licence-pharmaceuticals");

    // An amendment before release gives back what the version held and takes anew.
    HttpResponse<Buffer> amended =
        declare(vertx, HOLDER, 100, citing(number), with.bodyAsJsonObject().getString("id"));
    assertThat(amended.statusCode()).as(amended.bodyAsString()).isEqualTo(200);
    assertThat(remaining(number)).isEqualTo("900");

    // More than is left is refused, and nothing is taken.
    HttpResponse<Buffer> tooMuch = declare(vertx, HOLDER, 901, citing(number), null);
    assertThat(tooMuch.statusCode()).isEqualTo(422);
    assertThat(DocumentsTest.pointers(tooMuch)).containsExactly("/permits/0");
    assertThat(remaining(number)).isEqualTo("900");
  }

  @Test
  @DisplayName(
      "a permit of another holder, out of its validity, for other goods, or never registered is refused at its pointer")
  void refusals(Vertx vertx) {
    String otherHolder = newNumber();
    registered(vertx, licence(otherHolder, "0309999992", "3004", 1000));
    String expired = newNumber();
    registered(
        vertx,
        licence(expired, HOLDER, "3004", 1000)
            .put("validFrom", TODAY.minusDays(400).toString())
            .put("validUntil", TODAY.minusDays(35).toString()));
    String otherGoods = newNumber();
    registered(vertx, licence(otherGoods, HOLDER, "8703", 1000));
    JsonArray permits = new JsonArray();
    for (String n : List.of(otherHolder, expired, otherGoods, newNumber())) {
      permits.add(citing(n).getJsonObject(0));
    }
    HttpResponse<Buffer> r = declare(vertx, HOLDER, 10, permits, null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    assertThat(DocumentsTest.pointers(r))
        .containsExactly("/permits/0", "/permits/1", "/permits/2", "/permits/3/number");
    assertThat(remaining(otherHolder)).isEqualTo("1000");
  }
}
