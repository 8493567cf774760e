package vn.customs.digital.api.declarations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Signed declarations from a phone")
class DeclarationSubmissionTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  /** A signed (application/jose) POST to {@code uri}, with an Idempotency-Key when one is given. */
  static Future<HttpResponse<Buffer>> sendSigned(
      Vertx vertx, String token, String uri, String jws, String idempotencyKey) {
    HttpRequest<Buffer> req =
        TestApi.client(vertx)
            .post(uri)
            .bearerTokenAuthentication(token)
            .putHeader("Content-Type", "application/jose");
    if (idempotencyKey != null) {
      req.putHeader("Idempotency-Key", idempotencyKey);
    }
    return req.sendBuffer(Buffer.buffer(jws));
  }

  static HttpResponse<Buffer> submit(Vertx vertx, String token, String jws, String idempotencyKey) {
    return Await.result(sendSigned(vertx, token, "/api/v1/declarations", jws, idempotencyKey));
  }

  private static HttpResponse<Buffer> post(
      Vertx vertx, String token, String uri, String jws, String idempotencyKey) {
    return Await.result(sendSigned(vertx, token, uri, jws, idempotencyKey));
  }

  static HttpResponse<Buffer> get(Vertx vertx, String token, String uri) {
    return Await.result(TestApi.client(vertx).get(uri).bearerTokenAuthentication(token).send());
  }

  private static long count(String sql, Object... args) {
    return Await.result(TestApi.shared().pool().preparedQuery(sql).execute(Tuple.from(args)))
        .iterator()
        .next()
        .getLong(0);
  }

  @Test
  @DisplayName(
      "the reference payload, signed with a registered key, is registered with a number, a channel and tax lines")
  void referenceAccepted(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    String jws = hanoi.sign(Enterprise.referencePayload());
    var r = submit(vertx, hanoi.token, jws, null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject d = r.bodyAsJsonObject();
    assertThat(r.getHeader("Location")).isEqualTo("/api/v1/declarations/" + d.getString("id"));
    assertThat(d.getString("number")).matches("[0-9]{12}");
    assertThat(d.getString("channel")).isIn("GREEN", "YELLOW", "RED");
    assertThat(d.getString("status"))
        .isIn("AWAITING_PAYMENT", "DOCUMENT_CHECK", "PHYSICAL_INSPECTION");
    assertThat(d.getJsonArray("reasons")).isNotEmpty();
    JsonObject assessment = d.getJsonObject("assessment");
    assertThat(assessment.getJsonArray("items")).hasSize(2);
    assertThat(assessment.getString("totalPayable")).matches("[1-9][0-9]*");
    assertThat(d.getJsonObject("declaration").getJsonArray("containers"))
        .containsExactly("MSCU1234566", "CSQU3054383");
    // The signed bytes are kept exactly as submitted, for non-repudiation.
    String stored =
        Await.result(
                TestApi.shared()
                    .pool()
                    .preparedQuery(
                        "select signed_jws from declaration_versions where declaration_id = $1")
                    .execute(Tuple.of(UUID.fromString(d.getString("id")))))
            .iterator()
            .next()
            .getString(0);
    assertThat(stored).isEqualTo(jws);
    assertThat(
            count(
                "select count(*) from risk_decisions where declaration_id = $1",
                UUID.fromString(d.getString("id"))))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from outbox where declaration_id = $1"
                    + " and event_type not like 'queue.%'",
                d.getString("id")))
        .isEqualTo(2);
    // and, for a yellow or red one, its entry in the office's queue (officers' stream only)
    assertThat(
            count(
                "select count(*) from outbox where declaration_id = $1 and event_type = 'queue.entered'",
                d.getString("id")))
        .isEqualTo(d.getString("status").equals("AWAITING_PAYMENT") ? 0 : 1);
  }

  @Test
  @DisplayName("a payload altered after signing is refused and nothing is written")
  void tampered(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    String[] parts = hanoi.sign(Enterprise.referencePayload()).split("\\.");
    String altered = Enterprise.reference().put("currency", "EUR").encode();
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(altered.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    long before = count("select count(*) from declarations");
    var r = submit(vertx, hanoi.token, forged, null);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:signature");
    assertThat(count("select count(*) from declarations")).isEqualTo(before);
  }

  @Test
  @DisplayName("a declaration signed with another enterprise's key is refused")
  void anotherEnterprisesKey(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    Enterprise saigon = Enterprise.trader(vertx, "0301234567");
    var r = submit(vertx, hanoi.token, saigon.sign(Enterprise.referencePayload()), null);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:signing-key");
  }

  @Test
  @DisplayName("a declaration signed with a revoked key is refused")
  void revokedKey(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    var revoked =
        Await.result(
            TestApi.client(vertx)
                .delete("/api/v1/enterprises/0101234567/keys/" + hanoi.key.getKeyID())
                .bearerTokenAuthentication(hanoi.token)
                .send());
    assertThat(revoked.statusCode()).isEqualTo(204);
    var r = submit(vertx, hanoi.token, hanoi.sign(Enterprise.referencePayload()), null);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:signing-key");
  }

  @Test
  @DisplayName("another enterprise's declaration reads as 404, as if it did not exist")
  void crossTenant(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    String id =
        submit(vertx, hanoi.token, hanoi.sign(Enterprise.referencePayload()), null)
            .bodyAsJsonObject()
            .getString("id");
    var other = get(vertx, TestTokens.trader("0301234567"), "/api/v1/declarations/" + id);
    var missing =
        get(vertx, TestTokens.trader("0301234567"), "/api/v1/declarations/" + UUID.randomUUID());
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(other.bodyAsJsonObject().getString("detail")).doesNotContain("0101234567");
    assertThat(get(vertx, hanoi.token, "/api/v1/declarations/" + id).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a broker declares for a trader only once the trader has delegated to it")
  void brokerDelegation(Vertx vertx) {
    String brokerTaxCode = "0109876543";
    Enterprise broker =
        Enterprise.registered(vertx, brokerTaxCode, TestTokens.broker(brokerTaxCode));
    String jws = broker.sign(Enterprise.referenceFor("0201234567").encode());
    var refused = submit(vertx, broker.token, jws, null);
    assertThat(refused.statusCode()).isEqualTo(403);

    var granted =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/enterprises/0201234567/delegations")
                .bearerTokenAuthentication(TestTokens.trader("0201234567"))
                .sendJsonObject(new JsonObject().put("brokerTaxCode", brokerTaxCode)));
    assertThat(granted.statusCode()).as(granted.bodyAsString()).isIn(200, 201);
    var accepted = submit(vertx, broker.token, jws, null);
    assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(201);
    assertThat(accepted.bodyAsJsonObject().getString("brokerTaxCode")).isEqualTo(brokerTaxCode);
    assertThat(accepted.bodyAsJsonObject().getString("enterpriseTaxCode")).isEqualTo("0201234567");
  }

  @Test
  @DisplayName(
      "a retry with the same Idempotency-Key returns the original response; another body with it is a 422")
  void idempotency(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    String jws = hanoi.sign(Enterprise.referencePayload());
    String key = "phone-" + UUID.randomUUID();
    var first = submit(vertx, hanoi.token, jws, key);
    long[] before = written(first.bodyAsJsonObject().getString("id"));
    double decided = decisions(first.bodyAsJsonObject().getString("channel"));
    var retry = submit(vertx, hanoi.token, jws, key);
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.bodyAsString()).isEqualTo(first.bodyAsString());
    assertThat(retry.getHeader("Location")).isEqualTo(first.getHeader("Location"));
    // The retry wrote nothing: no second declaration, version, decision, message or audit record.
    assertThat(written(first.bodyAsJsonObject().getString("id"))).containsExactly(before);
    assertThat(decisions(first.bodyAsJsonObject().getString("channel")))
        .as("channel decisions counted")
        .isEqualTo(decided);

    var reused =
        submit(
            vertx,
            hanoi.token,
            hanoi.sign(Enterprise.reference().put("transportDocument", "HPH2026110002").encode()),
            key);
    assertThat(reused.statusCode()).isEqualTo(422);
    assertThat(
            reused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .isEqualTo("Idempotency-Key");
  }

  private static double decisions(String channel) {
    var counter =
        Metrics.globalRegistry
            .find("customs.channel.decisions")
            .tags("office", "03CC", "gate", "VNHPH", "channel", channel)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  /**
   * What a submission writes: the enterprise's declarations, and this declaration's versions,
   * decisions, messages and audit records (scoped, so that other tests' background work does not
   * count).
   */
  private static long[] written(String id) {
    UUID declaration = UUID.fromString(id);
    return new long[] {
      count("select count(*) from declarations where enterprise_tax_code = '0101234567'"),
      count("select count(*) from declaration_versions where declaration_id = $1", declaration),
      count("select count(*) from risk_decisions where declaration_id = $1", declaration),
      count("select count(*) from outbox where declaration_id = $1", id),
      count("select count(*) from audit_log where declaration_id = $1", declaration)
    };
  }

  @Test
  @DisplayName(
      "two identical requests with one Idempotency-Key at the same time make one declaration, and both get its answer")
  void idempotentTwins(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    String jws = hanoi.sign(Enterprise.referencePayload());
    String key = "phone-" + UUID.randomUUID();
    long declarations = count("select count(*) from declarations");
    var twins =
        Await.result(
            Future.all(
                List.of(
                    sendSigned(vertx, hanoi.token, "/api/v1/declarations", jws, key),
                    sendSigned(vertx, hanoi.token, "/api/v1/declarations", jws, key))));
    HttpResponse<Buffer> a = twins.resultAt(0);
    HttpResponse<Buffer> b = twins.resultAt(1);
    assertThat(a.statusCode()).as(a.bodyAsString()).isEqualTo(201);
    assertThat(b.statusCode()).as(b.bodyAsString()).isEqualTo(201);
    assertThat(a.bodyAsString()).isEqualTo(b.bodyAsString());
    assertThat(count("select count(*) from declarations")).isEqualTo(declarations + 1);
  }

  @Test
  @DisplayName(
      "a retried draft submission or amendment with its Idempotency-Key gets the first answer and changes nothing")
  void idempotentDraftSubmissionAndAmendment(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    String id =
        Await.result(
                TestApi.client(vertx)
                    .post("/api/v1/declarations")
                    .bearerTokenAuthentication(hanoi.token)
                    .sendJsonObject(Enterprise.reference()))
            .bodyAsJsonObject()
            .getString("id");
    String signed = hanoi.sign(Enterprise.referencePayload());
    String key = "phone-" + UUID.randomUUID();
    var first = post(vertx, hanoi.token, "/api/v1/declarations/" + id + "/submission", signed, key);
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    long[] before = written(id);
    // The response was lost on the way to the phone, which sends the same request again.
    var retry = post(vertx, hanoi.token, "/api/v1/declarations/" + id + "/submission", signed, key);
    assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(200);
    assertThat(retry.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(retry.bodyAsString()).isEqualTo(first.bodyAsString());
    assertThat(written(id)).containsExactly(before);
    // Without the key the same request is a new one, and the declaration is no longer a draft.
    assertThat(
            post(vertx, hanoi.token, "/api/v1/declarations/" + id + "/submission", signed, null)
                .statusCode())
        .isEqualTo(409);

    String amendment = hanoi.sign(Enterprise.reference().put("transportDocument", "HPH2026110011"));
    String amendKey = "phone-" + UUID.randomUUID();
    var amended =
        post(vertx, hanoi.token, "/api/v1/declarations/" + id + "/amendments", amendment, amendKey);
    assertThat(amended.statusCode()).as(amended.bodyAsString()).isEqualTo(200);
    long[] afterAmendment = written(id);
    var amendedAgain =
        post(vertx, hanoi.token, "/api/v1/declarations/" + id + "/amendments", amendment, amendKey);
    assertThat(amendedAgain.statusCode()).isEqualTo(200);
    assertThat(amendedAgain.getHeader("Idempotent-Replayed")).isEqualTo("true");
    assertThat(amendedAgain.bodyAsJsonObject().getInteger("version")).isEqualTo(2);
    assertThat(written(id)).containsExactly(afterAmendment);
  }

  @Test
  @DisplayName(
      "every violation comes back in one 422 with a JSON pointer each, and nothing is written")
  void validation(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    JsonObject bad = Enterprise.reference();
    bad.put("currency", "XXX").put("containers", new JsonArray().add("MSCU1234567"));
    bad.getJsonArray("items").getJsonObject(0).put("hsCode", "8517").put("origin", "ZZ");
    bad.getJsonArray("items").getJsonObject(1).put("hsCode", "99999999");
    long before = count("select count(*) from declarations");
    var r = submit(vertx, hanoi.token, hanoi.sign(bad), null);
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    var pointers =
        r.bodyAsJsonObject().getJsonArray("errors").stream()
            .map(o -> ((JsonObject) o).getString("pointer"))
            .toList();
    assertThat(pointers)
        .contains("/currency", "/containers/0", "/items/0/hsCode", "/items/0/origin");
    assertThat(count("select count(*) from declarations")).isEqualTo(before);

    var unknownHs =
        submit(
            vertx,
            hanoi.token,
            hanoi.sign(
                Enterprise.reference()
                    .put(
                        "items",
                        new JsonArray()
                            .add(
                                Enterprise.reference()
                                    .getJsonArray("items")
                                    .getJsonObject(0)
                                    .copy()
                                    .put("hsCode", "99999999")))),
            null);
    assertThat(unknownHs.statusCode()).isEqualTo(422);
    assertThat(
            unknownHs
                .bodyAsJsonObject()
                .getJsonArray("errors")
                .getJsonObject(0)
                .getString("pointer"))
        .isEqualTo("/items/0/hsCode");
  }

  @Test
  @DisplayName("a JSON body is saved as a draft; the draft is submitted once signed")
  void draftThenSubmit(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    var draft =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations")
                .bearerTokenAuthentication(hanoi.token)
                .sendJsonObject(Enterprise.reference()));
    assertThat(draft.statusCode()).as(draft.bodyAsString()).isEqualTo(201);
    assertThat(draft.bodyAsJsonObject().getString("status")).isEqualTo("DRAFT");
    assertThat(draft.bodyAsJsonObject().getString("number")).isNull();
    String id = draft.bodyAsJsonObject().getString("id");
    var submitted =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations/" + id + "/submission")
                .bearerTokenAuthentication(hanoi.token)
                .putHeader("Content-Type", "application/jose")
                .sendBuffer(Buffer.buffer(hanoi.sign(Enterprise.referencePayload()))));
    assertThat(submitted.statusCode()).as(submitted.bodyAsString()).isEqualTo(200);
    assertThat(submitted.bodyAsJsonObject().getString("number")).matches("[0-9]{12}");
    assertThat(submitted.bodyAsJsonObject().getInteger("version")).isEqualTo(1);
    assertThat(submitted.bodyAsJsonObject().getBoolean("signed")).isTrue();
  }

  @Test
  @DisplayName(
      "an amendment makes version 2 and keeps version 1; a cancelled declaration cannot be amended")
  void amendThenCancel(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    JsonObject v1 =
        submit(vertx, hanoi.token, hanoi.sign(Enterprise.referencePayload()), null)
            .bodyAsJsonObject();
    String id = v1.getString("id");
    var amended =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations/" + id + "/amendments")
                .bearerTokenAuthentication(hanoi.token)
                .putHeader("Content-Type", "application/jose")
                .sendBuffer(
                    Buffer.buffer(
                        hanoi.sign(
                            Enterprise.reference().put("transportDocument", "HPH2026110009")))));
    assertThat(amended.statusCode()).as(amended.bodyAsString()).isEqualTo(200);
    assertThat(amended.bodyAsJsonObject().getInteger("version")).isEqualTo(2);
    assertThat(amended.bodyAsJsonObject().getString("number")).isEqualTo(v1.getString("number"));
    assertThat(
            count(
                "select count(*) from declaration_versions where declaration_id = $1",
                UUID.fromString(id)))
        .isEqualTo(2);

    var cancelled =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations/" + id + "/cancellation")
                .bearerTokenAuthentication(hanoi.token)
                .sendJsonObject(new JsonObject().put("reason", "wrong consignment")));
    assertThat(cancelled.statusCode()).as(cancelled.bodyAsString()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    var again =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations/" + id + "/amendments")
                .bearerTokenAuthentication(hanoi.token)
                .putHeader("Content-Type", "application/jose")
                .sendBuffer(Buffer.buffer(hanoi.sign(Enterprise.referencePayload()))));
    assertThat(again.statusCode()).isEqualTo(409);

    var history =
        get(vertx, hanoi.token, "/api/v1/declarations/" + id + "/history")
            .bodyAsJsonObject()
            .getJsonArray("entries");
    assertThat(history.stream().map(o -> ((JsonObject) o).getString("action")).toList())
        .containsExactly("SUBMITTED", "AMENDED", "CANCELLED");
  }

  @Test
  @DisplayName(
      "what a submission, a draft's submission and an amendment answer is the declaration as it then reads back")
  void answersAreWhatIsStored(Vertx vertx) {
    Enterprise hanoi = Enterprise.trader(vertx, "0101234567");
    var submitted = submit(vertx, hanoi.token, hanoi.sign(Enterprise.referencePayload()), null);
    assertThat(submitted.statusCode()).as(submitted.bodyAsString()).isEqualTo(201);
    assertReadsBack(vertx, hanoi.token, submitted);

    String id = submitted.bodyAsJsonObject().getString("id");
    JsonObject audited =
        get(vertx, hanoi.token, "/api/v1/declarations/" + id + "/history")
            .bodyAsJsonObject()
            .getJsonArray("entries")
            .getJsonObject(0)
            .getJsonObject("details");
    assertThat(audited.getJsonArray("reasons"))
        .isEqualTo(submitted.bodyAsJsonObject().getJsonArray("reasons"));
    var amended =
        post(
            vertx,
            hanoi.token,
            "/api/v1/declarations/" + id + "/amendments",
            hanoi.sign(Enterprise.reference().put("transportDocument", "HPH2026110010")),
            null);
    assertThat(amended.statusCode()).as(amended.bodyAsString()).isEqualTo(200);
    assertThat(amended.bodyAsJsonObject().getString("createdAt"))
        .isEqualTo(submitted.bodyAsJsonObject().getString("createdAt"));
    assertReadsBack(vertx, hanoi.token, amended);

    var draft =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations")
                .bearerTokenAuthentication(hanoi.token)
                .sendJsonObject(Enterprise.reference()));
    String draftId = draft.bodyAsJsonObject().getString("id");
    var signedDraft =
        post(
            vertx,
            hanoi.token,
            "/api/v1/declarations/" + draftId + "/submission",
            hanoi.sign(Enterprise.referencePayload()),
            null);
    assertThat(signedDraft.statusCode()).as(signedDraft.bodyAsString()).isEqualTo(200);
    assertReadsBack(vertx, hanoi.token, signedDraft);
  }

  /**
   * The answer is built from what was written, not read back: it must equal what a read returns.
   */
  private static void assertReadsBack(Vertx vertx, String token, HttpResponse<Buffer> answer) {
    JsonObject answered = answer.bodyAsJsonObject();
    var read = get(vertx, token, "/api/v1/declarations/" + answered.getString("id"));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(answered).isEqualTo(read.bodyAsJsonObject());
    assertThat(answered.getJsonArray("reasons"))
        .isNotEmpty()
        .allSatisfy(code -> assertThat((String) code).startsWith("R-"));
  }

  @Test
  @DisplayName("the list shows only the caller's own declarations, newest first, paged by cursor")
  void listing(Vertx vertx) {
    Enterprise saigon = Enterprise.trader(vertx, "0301234567");
    for (int i = 0; i < 3; i++) {
      assertThat(
              submit(vertx, saigon.token, saigon.sign(Enterprise.referenceFor("0301234567")), null)
                  .statusCode())
          .isEqualTo(201);
    }
    var page1 = get(vertx, saigon.token, "/api/v1/declarations?limit=2").bodyAsJsonObject();
    var page2 =
        get(
                vertx,
                saigon.token,
                "/api/v1/declarations?limit=2&cursor=" + page1.getString("nextCursor"))
            .bodyAsJsonObject();
    assertThat(page1.getJsonArray("items")).hasSize(2);
    assertThat(page2.getJsonArray("items")).isNotEmpty();
    page1
        .getJsonArray("items")
        .addAll(page2.getJsonArray("items"))
        .forEach(
            o ->
                assertThat(((JsonObject) o).getString("enterpriseTaxCode"))
                    .isEqualTo("0301234567"));
  }
}
