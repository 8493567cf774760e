package vn.customs.digital.api.permits;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.permits.PermitRegisterTest.citing;
import static vn.customs.digital.api.permits.PermitRegisterTest.declare;
import static vn.customs.digital.api.permits.PermitRegisterTest.licence;
import static vn.customs.digital.api.permits.PermitRegisterTest.registered;
import static vn.customs.digital.api.permits.PermitRegisterTest.remaining;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.documents.DocumentsTest;
import vn.customs.digital.testing.Await;

/**
 * The permit register after registration, through the real api: a cancelled declaration gives back
 * what it took; the issuing agency, the holder and officers read a permit (everyone else 404); the
 * agency revokes it with a signed JWS, after which a declaration citing it is refused; and a
 * declaration in another unit of the same measure takes its converted quantity, while one in a unit
 * that does not convert is refused at the line's unit.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The permit register: cancellation, reads, revocation and units")
class PermitLifecycleTest {
  private static final String HOLDER = "0101234567";
  private static final String STRANGER = "0309999992";

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static String newNumber() {
    return "DAV-" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
  }

  /** An agency's own token for reading the register, valid for {@code seconds}. */
  static String agencyToken(ECKey key, String agency, int seconds) {
    try {
      Instant now = Instant.now();
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256)
                  .keyID(key.getKeyID())
                  .type(new JOSEObjectType(AgencyAuthenticator.TYPE))
                  .build(),
              new JWTClaimsSet.Builder()
                  .issuer(agency)
                  .audience("digital-customs-api")
                  .issueTime(Date.from(now))
                  .expirationTime(Date.from(now.plusSeconds(seconds)))
                  .build());
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String dav() {
    return agencyToken(TestApi.PERMIT_AGENCY_KEY, TestApi.PERMIT_AGENCY, 120);
  }

  private static String ppd() {
    return agencyToken(TestApi.OTHER_PERMIT_AGENCY_KEY, TestApi.OTHER_PERMIT_AGENCY, 120);
  }

  private static HttpResponse<Buffer> get(Vertx vertx, String token, String path) {
    var request = TestApi.client(vertx).get(path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return Await.result(request.send());
  }

  static String revocation(ECKey key, String type, JsonObject payload) {
    try {
      JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID());
      if (type != null) {
        header.type(new JOSEObjectType(type));
      }
      JWSObject jws = new JWSObject(header.build(), new Payload(payload.encode()));
      jws.sign(new ECDSASigner(key));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<Buffer> revoke(Vertx vertx, String number, String jws) {
    return Await.result(
        TestApi.client(vertx)
            .post("/api/v1/permits/" + TestApi.PERMIT_AGENCY + "/" + number + "/revocation")
            .putHeader("Content-Type", "application/jose")
            .sendBuffer(Buffer.buffer(jws)));
  }

  private static JsonObject reason(String number, String reason) {
    return new JsonObject()
        .put("agency", TestApi.PERMIT_AGENCY)
        .put("number", number)
        .put("reason", reason);
  }

  /** One line of medicaments (HS 3004) of this quantity and unit, citing the permit. */
  private static HttpResponse<Buffer> declareIn(
      Vertx vertx, String quantity, String unit, String number) {
    return declare(vertx, HOLDER, new BigDecimal(quantity), unit, citing(number), null);
  }

  private static List<String> details(HttpResponse<Buffer> problem) {
    return problem.bodyAsJsonObject().getJsonArray("errors").stream()
        .map(e -> ((JsonObject) e).getString("detail"))
        .toList();
  }

  @Test
  @DisplayName(
      "a cancelled declaration gives back what it took of its permit, in the cancellation, audited")
  void cancellationGivesBack(Vertx vertx) {
    String number = newNumber();
    registered(vertx, licence(number, HOLDER, "3004", 1000));
    HttpResponse<Buffer> declared = declare(vertx, HOLDER, 300, citing(number), null);
    assertThat(declared.statusCode()).as(declared.bodyAsString()).isEqualTo(201);
    assertThat(remaining(number)).isEqualTo("700");
    String id = declared.bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> cancelled =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations/" + id + "/cancellation")
                .bearerTokenAuthentication(TestTokens.trader(HOLDER))
                .sendJsonObject(new JsonObject().put("reason", "the order was withdrawn")));
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(remaining(number)).isEqualTo("1000");
    assertThat(
            TestApi.count("select count(*) from permit_uses where declaration_id::text = $1", id))
        .isZero();
    assertThat(
            TestApi.count(
                "select count(*) from audit_log where declaration_id::text = $1 and action = 'CANCELLED'"
                    + " and details -> 'permitsGivenBack' -> 0 ->> 'number' = $2"
                    + " and details -> 'permitsGivenBack' -> 0 ->> 'quantity' = '300'",
                id,
                number))
        .isEqualTo(1);

    // A second cancellation is refused and gives nothing back twice.
    HttpResponse<Buffer> again =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations/" + id + "/cancellation")
                .bearerTokenAuthentication(TestTokens.trader(HOLDER))
                .sendJsonObject(new JsonObject().put("reason", "again")));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(remaining(number)).isEqualTo("1000");
    // What it gave back, another declaration can take.
    assertThat(declare(vertx, HOLDER, 1000, citing(number), null).statusCode()).isEqualTo(201);
    assertThat(remaining(number)).isEqualTo("0");
  }

  @Test
  @DisplayName(
      "the issuing agency (its own token), officers and the holder read a permit and the holder's list; anyone else gets 404")
  void readers(Vertx vertx) {
    String number = newNumber();
    registered(vertx, licence(number, HOLDER, "3004", 1000));
    String path = "/api/v1/permits/" + TestApi.PERMIT_AGENCY + "/" + number;
    for (String reader : List.of(dav(), TestTokens.officer(), TestTokens.trader(HOLDER))) {
      HttpResponse<Buffer> r = get(vertx, reader, path);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      assertThat(r.bodyAsJsonObject().getString("number")).isEqualTo(number);
      assertThat(r.bodyAsJsonObject().getString("remaining")).isEqualTo("1000");
      assertThat(r.bodyAsJsonObject().getValue("revokedAt")).isNull();
    }
    for (String stranger :
        List.of(
            ppd(),
            TestTokens.trader(STRANGER),
            TestTokens.broker("0312345678"),
            TestTokens.token(Role.RISK_MANAGER, null, "risk-manager-1"))) {
      HttpResponse<Buffer> r = get(vertx, stranger, path);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(404);
    }
    assertThat(get(vertx, dav(), path + "X").statusCode()).isEqualTo(404);
    // A number with slashes travels percent-encoded in the path.
    String slashed = "DAV/2026/" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    registered(vertx, licence(slashed, HOLDER, "3004", 5));
    HttpResponse<Buffer> encoded =
        get(vertx, TestTokens.officer(), "/api/v1/permits/DAV/" + slashed.replace("/", "%2F"));
    assertThat(encoded.statusCode()).as(encoded.bodyAsString()).isEqualTo(200);
    assertThat(encoded.bodyAsJsonObject().getString("number")).isEqualTo(slashed);
    assertThat(get(vertx, null, path).statusCode()).isEqualTo(401);
    // An agency token that lives too long, or has expired, is refused.
    assertThat(
            get(vertx, agencyToken(TestApi.PERMIT_AGENCY_KEY, TestApi.PERMIT_AGENCY, 600), path)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            get(vertx, agencyToken(TestApi.PERMIT_AGENCY_KEY, TestApi.PERMIT_AGENCY, -60), path)
                .statusCode())
        .isEqualTo(401);
    // iss another agency than the key's
    assertThat(get(vertx, agencyToken(TestApi.PERMIT_AGENCY_KEY, "PPD", 60), path).statusCode())
        .isEqualTo(401);

    String list = "/api/v1/enterprises/" + HOLDER + "/permits?limit=200";
    for (String reader : List.of(dav(), TestTokens.officer(), TestTokens.trader(HOLDER))) {
      HttpResponse<Buffer> r = get(vertx, reader, list);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      assertThat(
              r.bodyAsJsonObject().getJsonArray("items").stream()
                  .map(p -> ((JsonObject) p).getString("number")))
          .contains(number);
    }
    // Another agency reads the holder's list, without DAV's permits.
    HttpResponse<Buffer> other = get(vertx, ppd(), list);
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(
            other.bodyAsJsonObject().getJsonArray("items").stream()
                .map(p -> ((JsonObject) p).getString("agency")))
        .doesNotContain(TestApi.PERMIT_AGENCY);
    assertThat(get(vertx, TestTokens.trader(STRANGER), list).statusCode()).isEqualTo(404);
    // Parameters the contract refuses: a problem naming each.
    HttpResponse<Buffer> zero = get(vertx, TestTokens.officer(), list.replace("200", "0"));
    assertThat(zero.statusCode()).as(zero.bodyAsString()).isEqualTo(400);
    assertThat(DocumentsTest.pointers(zero)).containsExactly("limit");
    HttpResponse<Buffer> notATaxCode =
        get(vertx, TestTokens.officer(), "/api/v1/enterprises/12345/permits");
    assertThat(notATaxCode.statusCode()).as(notATaxCode.bodyAsString()).isEqualTo(400);
    assertThat(DocumentsTest.pointers(notATaxCode)).containsExactly("taxCode");
    // A number of digits only is its text, read and listed like any other.
    String digits =
        String.valueOf(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    registered(vertx, licence(digits, HOLDER, "3004", 7));
    HttpResponse<Buffer> byDigits =
        get(vertx, TestTokens.officer(), "/api/v1/permits/" + TestApi.PERMIT_AGENCY + "/" + digits);
    assertThat(byDigits.statusCode()).as(byDigits.bodyAsString()).isEqualTo(200);
    assertThat(byDigits.bodyAsJsonObject().getString("number")).isEqualTo(digits);
  }

  @Test
  @DisplayName(
      "the issuing agency revokes a permit with a signed JWS, audited; a declaration citing it is then refused, naming the revocation")
  void revocation(Vertx vertx) {
    String number = newNumber();
    registered(vertx, licence(number, HOLDER, "3004", 1000));
    assertThat(declare(vertx, HOLDER, 100, citing(number), null).statusCode()).isEqualTo(201);

    // Refused: another agency's key (404 for it), no typ, a payload that does not match the path.
    assertThat(
            revoke(
                    vertx,
                    number,
                    revocation(
                        TestApi.OTHER_PERMIT_AGENCY_KEY,
                        PermitRoutes.REVOCATION_TYPE,
                        reason(number, "x")))
                .statusCode())
        .isEqualTo(404);
    assertThat(
            revoke(vertx, number, revocation(TestApi.PERMIT_AGENCY_KEY, null, reason(number, "x")))
                .statusCode())
        .isEqualTo(422);
    HttpResponse<Buffer> mismatched =
        revoke(
            vertx,
            number,
            revocation(
                TestApi.PERMIT_AGENCY_KEY,
                PermitRoutes.REVOCATION_TYPE,
                reason("OTHER-1", "").put("agency", "PPD")));
    assertThat(mismatched.statusCode()).isEqualTo(422);
    assertThat(DocumentsTest.pointers(mismatched))
        .containsExactlyInAnyOrder("/agency", "/number", "/reason");
    String never = newNumber();
    assertThat(
            revoke(
                    vertx,
                    never,
                    revocation(
                        TestApi.PERMIT_AGENCY_KEY,
                        PermitRoutes.REVOCATION_TYPE,
                        reason(never, "x")))
                .statusCode())
        .isEqualTo(404);

    String jws =
        revocation(
            TestApi.PERMIT_AGENCY_KEY,
            PermitRoutes.REVOCATION_TYPE,
            reason(number, "importer's licence suspended"));
    HttpResponse<Buffer> revoked = revoke(vertx, number, jws);
    assertThat(revoked.statusCode()).as(revoked.bodyAsString()).isEqualTo(200);
    assertThat(revoked.bodyAsJsonObject().getString("revokedAt")).isNotNull();
    assertThat(revoked.bodyAsJsonObject().getString("revocationReason"))
        .isEqualTo("importer's licence suspended");
    assertThat(
            TestApi.count(
                "select count(*) from audit_log where action = 'PERMIT_REVOKED'"
                    + " and actor = 'agency:DAV' and details ->> 'number' = $1",
                number))
        .isEqualTo(1);
    assertThat(
            TestApi.count(
                "select count(*) from permits where number = $1 and revocation_jws = $2",
                number,
                jws))
        .isEqualTo(1);
    // Again: answered as it is, the first reason standing, audited once.
    HttpResponse<Buffer> again =
        revoke(
            vertx,
            number,
            revocation(
                TestApi.PERMIT_AGENCY_KEY, PermitRoutes.REVOCATION_TYPE, reason(number, "other")));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("revocationReason"))
        .isEqualTo("importer's licence suspended");
    assertThat(
            TestApi.count(
                "select count(*) from audit_log where action = 'PERMIT_REVOKED' and details ->> 'number' = $1",
                number))
        .isEqualTo(1);

    HttpResponse<Buffer> refused = declare(vertx, HOLDER, 10, citing(number), null);
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(DocumentsTest.pointers(refused)).containsExactly("/permits/0");
    assertThat(details(refused).get(0))
        .contains("revoked by agency DAV")
        .contains("importer's licence suspended");
    // What the accepted declaration took stays taken.
    assertThat(remaining(number)).isEqualTo("900");
    assertThat(
            get(vertx, TestTokens.trader(HOLDER), "/api/v1/permits/DAV/" + number)
                .bodyAsJsonObject()
                .getString("revocationReason"))
        .isEqualTo("importer's licence suspended");
  }

  @Test
  @DisplayName(
      "a line in grams takes from a permit in kilograms (and tonnes, rounded up), one in pieces is refused at its unit")
  void unitConversion(Vertx vertx) {
    String kilograms = newNumber();
    registered(vertx, licence(kilograms, HOLDER, "3004", 2).put("unit", "KGM"));
    HttpResponse<Buffer> grams = declareIn(vertx, "500", "GRM", kilograms);
    assertThat(grams.statusCode()).as(grams.bodyAsString()).isEqualTo(201);
    assertThat(remaining(kilograms)).isEqualTo("1.5");

    // More than is left once converted: 1 t is 1000 kg.
    HttpResponse<Buffer> tonne = declareIn(vertx, "1", "TNE", kilograms);
    assertThat(tonne.statusCode()).isEqualTo(422);
    assertThat(DocumentsTest.pointers(tonne)).containsExactly("/permits/0");
    assertThat(details(tonne).get(0)).contains("1.5 KGM left").contains("declares 1000 KGM");

    // Pieces are no mass: refused at the line's unit, saying why and what would do.
    HttpResponse<Buffer> pieces = declareIn(vertx, "10", "C62", kilograms);
    assertThat(pieces.statusCode()).isEqualTo(422);
    assertThat(DocumentsTest.pointers(pieces)).containsExactly("/items/0/unit");
    assertThat(details(pieces).get(0))
        .contains("counts these goods in KGM (mass)")
        .contains("C62 (count) does not convert");
    assertThat(remaining(kilograms)).isEqualTo("1.5");

    // A gram off a permit in tonnes is 0.000001 t: taken as 0.001 t, the permit's precision.
    String tonnes = newNumber();
    registered(vertx, licence(tonnes, HOLDER, "3004", 1).put("unit", "TNE"));
    assertThat(declareIn(vertx, "1", "GRM", tonnes).statusCode()).isEqualTo(201);
    assertThat(remaining(tonnes)).isEqualTo("0.999");
  }
}
