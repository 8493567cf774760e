package vn.customs.digital.api.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.PhoneKeys;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.ReferenceDeclaration;

/**
 * Electronic documents through the real api: upload (type from the bytes, bounded size), download
 * (headers, ETag), tenant isolation (traders, brokers, officers), the signed declaration's list of
 * documents checked against the uploads, amendments adding documents, immutability, and the kinds
 * the risk core sees.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Electronic documents")
public class DocumentsTest {
  private static final String OWNER = "0101234567";

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  /** A small but real PDF file (one empty page). */
  static byte[] pdf(String marker) {
    String body =
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            + "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
            + "% "
            + marker
            + "\ntrailer<</Root 1 0 R>>\n%%EOF\n";
    return body.getBytes(StandardCharsets.US_ASCII);
  }

  /** The 8-byte PNG signature and an IHDR chunk: what a PNG file starts with. */
  static byte[] png() {
    return new byte[] {
      (byte) 0x89,
      'P',
      'N',
      'G',
      '\r',
      '\n',
      0x1A,
      '\n',
      0,
      0,
      0,
      13,
      'I',
      'H',
      'D',
      'R',
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      1,
      8,
      6,
      0,
      0,
      0,
      0x1F,
      0x15,
      (byte) 0xC4,
      (byte) 0x89
    };
  }

  static HttpResponse<Buffer> upload(
      Vertx vertx, String token, String owner, String contentType, byte[] bytes) {
    return Await.result(
        TestApi.client(vertx)
            .post("/api/v1/enterprises/" + owner + "/documents")
            .bearerTokenAuthentication(token)
            .putHeader("Content-Type", contentType)
            .sendBuffer(Buffer.buffer(bytes)));
  }

  static JsonObject uploaded(Vertx vertx, String owner, byte[] bytes) {
    HttpResponse<Buffer> r =
        upload(vertx, TestTokens.trader(owner), owner, "application/pdf", bytes);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> get(Vertx vertx, String token, String uri, String ifNoneMatch) {
    var req = TestApi.client(vertx).get(uri).bearerTokenAuthentication(token);
    if (ifNoneMatch != null) {
      req.putHeader("If-None-Match", ifNoneMatch);
    }
    return Await.result(req.send());
  }

  static JsonObject listed(String kind, JsonObject stored) {
    return new JsonObject()
        .put("kind", kind)
        .put("number", "DOC-" + stored.getString("id").substring(0, 8))
        .put("issuer", "Issuer Co., Ltd.")
        .put("date", "2026-01-15")
        .put("documentId", stored.getString("id"))
        .put("sha256", stored.getString("sha256"));
  }

  static HttpResponse<Buffer> submit(Vertx vertx, String taxCode, JsonObject changes) {
    ECKey key = PhoneKeys.shared(vertx, taxCode);
    JsonObject document =
        new JsonObject(ReferenceDeclaration.payload())
            .put("declarantTaxCode", taxCode)
            .mergeIn(changes);
    return Await.result(
        TestApi.client(vertx)
            .post("/api/v1/declarations")
            .bearerTokenAuthentication(TestTokens.trader(taxCode))
            .putHeader("Content-Type", "application/jose")
            .sendBuffer(Buffer.buffer(PhoneKeys.sign(key, document.encode()))));
  }

  static String sha256Hex(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  @DisplayName(
      "an upload is typed by its bytes, not by its Content-Type; anything but PDF, JPEG or PNG is 415; too large is 413")
  void uploadIsSniffed(Vertx vertx) throws Exception {
    byte[] bytes = pdf(UUID.randomUUID().toString());
    // Sent as a PNG, stored as what it is.
    HttpResponse<Buffer> r = upload(vertx, TestTokens.trader(OWNER), OWNER, "image/png", bytes);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject stored = r.bodyAsJsonObject();
    assertThat(stored.getString("mediaType")).isEqualTo("application/pdf");
    assertThat(stored.getString("sha256")).isEqualTo(sha256Hex(bytes));
    assertThat(stored.getInteger("sizeBytes")).isEqualTo(bytes.length);
    assertThat(r.getHeader("Location"))
        .isEqualTo("/api/v1/enterprises/" + OWNER + "/documents/" + stored.getString("id"));
    JsonObject image =
        upload(vertx, TestTokens.trader(OWNER), OWNER, "application/pdf", png()).bodyAsJsonObject();
    assertThat(image.getString("mediaType")).isEqualTo("image/png");

    // An HTML page called a PDF is refused, and so is an executable called a JPEG.
    byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.US_ASCII);
    HttpResponse<Buffer> refused =
        upload(vertx, TestTokens.trader(OWNER), OWNER, "application/pdf", html);
    assertThat(refused.statusCode()).isEqualTo(415);
    assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    byte[] elf = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0};
    assertThat(upload(vertx, TestTokens.trader(OWNER), OWNER, "image/jpeg", elf).statusCode())
        .isEqualTo(415);

    // Larger than any other request may be (HTTP_MAX_BODY_BYTES) but within DOCUMENT_MAX_BYTES.
    byte[] large = new byte[TestApi.MAX_BODY_BYTES * 2];
    System.arraycopy(bytes, 0, large, 0, bytes.length);
    assertThat(
            upload(vertx, TestTokens.trader(OWNER), OWNER, "application/pdf", large).statusCode())
        .isEqualTo(201);
    // The same size on another route is still refused.
    HttpResponse<Buffer> elsewhere =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/enterprises/" + OWNER + "/keys")
                .bearerTokenAuthentication(TestTokens.trader(OWNER))
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(large)));
    assertThat(elsewhere.statusCode()).isEqualTo(413);
    byte[] tooLarge = new byte[TestApi.MAX_DOCUMENT_BYTES + 1];
    System.arraycopy(bytes, 0, tooLarge, 0, bytes.length);
    HttpResponse<Buffer> over =
        upload(vertx, TestTokens.trader(OWNER), OWNER, "application/pdf", tooLarge);
    assertThat(over.statusCode()).isEqualTo(413);
    assertThat(over.bodyAsJsonObject().getString("type"))
        .isEqualTo("urn:digital-customs:problem:payload-too-large");
  }

  @Test
  @DisplayName(
      "a download carries its type, an inline file name, nosniff and its SHA-256 as ETag; 304 when unchanged")
  void download(Vertx vertx) {
    byte[] bytes = pdf(UUID.randomUUID().toString());
    JsonObject stored = uploaded(vertx, OWNER, bytes);
    String uri = "/api/v1/enterprises/" + OWNER + "/documents/" + stored.getString("id");
    HttpResponse<Buffer> r = get(vertx, TestTokens.trader(OWNER), uri, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().getBytes()).isEqualTo(bytes);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/pdf");
    assertThat(r.getHeader("Content-Disposition"))
        .isEqualTo("inline; filename=\"" + stored.getString("id") + ".pdf\"");
    assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.getHeader("ETag")).isEqualTo("\"" + stored.getString("sha256") + "\"");
    HttpResponse<Buffer> again = get(vertx, TestTokens.trader(OWNER), uri, r.getHeader("ETag"));
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isNull();
  }

  @Test
  @DisplayName(
      "another enterprise neither uploads for nor reads an enterprise's documents (404); its delegated broker does")
  void tenants(Vertx vertx) {
    String enterprise = "0401700017";
    String broker = "0401700025";
    String stranger = "0401700033";
    JsonObject stored = uploaded(vertx, enterprise, pdf(UUID.randomUUID().toString()));
    String uri = "/api/v1/enterprises/" + enterprise + "/documents/" + stored.getString("id");
    assertThat(get(vertx, TestTokens.trader(stranger), uri, null).statusCode()).isEqualTo(404);
    assertThat(get(vertx, TestTokens.broker(broker), uri, null).statusCode()).isEqualTo(404);
    assertThat(
            upload(vertx, TestTokens.trader(stranger), enterprise, "application/pdf", pdf("x"))
                .statusCode())
        .isEqualTo(404);
    // The stranger's own path does not reach it either.
    assertThat(
            get(
                    vertx,
                    TestTokens.trader(stranger),
                    "/api/v1/enterprises/" + stranger + "/documents/" + stored.getString("id"),
                    null)
                .statusCode())
        .isEqualTo(404);
    // Officers read documents through declarations only.
    assertThat(get(vertx, TestTokens.officer(), uri, null).statusCode()).isEqualTo(403);

    HttpResponse<Buffer> granted =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/enterprises/" + enterprise + "/delegations")
                .bearerTokenAuthentication(TestTokens.trader(enterprise))
                .sendJsonObject(new JsonObject().put("brokerTaxCode", broker)));
    assertThat(granted.statusCode()).isEqualTo(201);
    assertThat(get(vertx, TestTokens.broker(broker), uri, null).statusCode()).isEqualTo(200);
    assertThat(
            upload(vertx, TestTokens.broker(broker), enterprise, "application/pdf", pdf("b"))
                .statusCode())
        .isEqualTo(201);
  }

  @Test
  @DisplayName(
      "a declaration lists its documents by kind, number, issuer, date and SHA-256; its readers download them; an amendment adds more")
  void declarationDocuments(Vertx vertx) {
    JsonObject invoice = uploaded(vertx, OWNER, pdf(UUID.randomUUID().toString()));
    JsonObject packing = uploaded(vertx, OWNER, pdf(UUID.randomUUID().toString()));
    JsonObject unrelated = uploaded(vertx, OWNER, pdf(UUID.randomUUID().toString()));
    JsonArray documents =
        new JsonArray()
            .add(listed("COMMERCIAL_INVOICE", invoice))
            .add(listed("PACKING_LIST", packing));
    HttpResponse<Buffer> r = submit(vertx, OWNER, new JsonObject().put("documents", documents));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject declaration = r.bodyAsJsonObject();
    String id = declaration.getString("id");
    assertThat(declaration.getJsonObject("declaration").getJsonArray("documents"))
        .isEqualTo(documents);

    String base = "/api/v1/declarations/" + id + "/documents";
    String officer = TestTokens.officer();
    JsonObject list = get(vertx, officer, base, null).bodyAsJsonObject();
    assertThat(list.getJsonArray("items")).hasSize(2);
    JsonObject first = list.getJsonArray("items").getJsonObject(0);
    assertThat(first.getString("kind")).isEqualTo("COMMERCIAL_INVOICE");
    assertThat(first.getString("sha256")).isEqualTo(invoice.getString("sha256"));
    assertThat(first.getString("mediaType")).isEqualTo("application/pdf");
    assertThat(first.getString("href")).isEqualTo(base + "/" + invoice.getString("id"));

    String invoiceUri = base + "/" + invoice.getString("id");
    assertThat(get(vertx, officer, invoiceUri, null).statusCode()).isEqualTo(200);
    assertThat(get(vertx, TestTokens.trader(OWNER), invoiceUri, null).statusCode()).isEqualTo(200);
    // An officer of another office, a trader of another enterprise: nothing.
    String otherOfficer = TestTokens.officer("officer-docs-other", "01AB");
    assertThat(get(vertx, otherOfficer, invoiceUri, null).statusCode()).isEqualTo(404);
    assertThat(get(vertx, otherOfficer, base, null).statusCode()).isEqualTo(404);
    assertThat(get(vertx, TestTokens.trader("0309999992"), invoiceUri, null).statusCode())
        .isEqualTo(404);
    // A document of the enterprise that this declaration does not name is not reached through it.
    assertThat(get(vertx, officer, base + "/" + unrelated.getString("id"), null).statusCode())
        .isEqualTo(404);

    // An amendment adds the C/O; the invoice listed before is still there.
    JsonObject origin = uploaded(vertx, OWNER, pdf(UUID.randomUUID().toString()));
    JsonObject amended =
        new JsonObject(ReferenceDeclaration.payload())
            .put("declarantTaxCode", OWNER)
            .put("documents", documents.copy().add(listed("CERTIFICATE_OF_ORIGIN", origin)));
    HttpResponse<Buffer> a =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations/" + id + "/amendments")
                .bearerTokenAuthentication(TestTokens.trader(OWNER))
                .putHeader("Content-Type", "application/jose")
                .sendBuffer(
                    Buffer.buffer(
                        PhoneKeys.sign(PhoneKeys.shared(vertx, OWNER), amended.encode()))));
    assertThat(a.statusCode()).as(a.bodyAsString()).isEqualTo(200);
    JsonObject after = get(vertx, officer, base, null).bodyAsJsonObject();
    assertThat(after.getInteger("version")).isEqualTo(2);
    assertThat(after.getJsonArray("items")).hasSize(3);
    assertThat(get(vertx, officer, base + "/" + origin.getString("id"), null).statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "a declaration naming a document never uploaded, another enterprise's, or with another SHA-256 is refused at its pointer")
  void unmatchedDocuments(Vertx vertx) {
    JsonObject own = uploaded(vertx, OWNER, pdf(UUID.randomUUID().toString()));
    JsonObject foreign = uploaded(vertx, "0309999992", pdf(UUID.randomUUID().toString()));
    JsonObject never =
        new JsonObject()
            .put("id", UUID.randomUUID().toString())
            .put("sha256", own.getString("sha256"));
    JsonObject wrongHash = own.copy().put("sha256", "0".repeat(64));
    long before =
        TestApi.count("select count(*) from declarations where enterprise_tax_code = $1", OWNER);
    HttpResponse<Buffer> r =
        submit(
            vertx,
            OWNER,
            new JsonObject()
                .put(
                    "documents",
                    new JsonArray()
                        .add(listed("COMMERCIAL_INVOICE", own))
                        .add(listed("PACKING_LIST", never))
                        .add(listed("BILL_OF_LADING", foreign))
                        .add(
                            listed(
                                "CONTRACT",
                                wrongHash.put(
                                    "id", uploaded(vertx, OWNER, pdf("w")).getString("id"))))));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(pointers(r))
        .containsExactly(
            "/documents/1/documentId", "/documents/2/documentId", "/documents/3/sha256");
    assertThat(
            TestApi.count(
                "select count(*) from declarations where enterprise_tax_code = $1", OWNER))
        .isEqualTo(before);

    // Malformed entries are named too.
    HttpResponse<Buffer> malformed =
        submit(
            vertx,
            OWNER,
            new JsonObject()
                .put(
                    "documents",
                    new JsonArray()
                        .add(
                            listed("LAUNDRY_LIST", own)
                                .put("sha256", "ABC")
                                .put("date", "2999-01-01"))));
    assertThat(malformed.statusCode()).isEqualTo(422);
    assertThat(pointers(malformed))
        .contains("/documents/0/kind", "/documents/0/sha256", "/documents/0/date");
  }

  @Test
  @DisplayName("documents and their bytes cannot be changed or deleted, even in the database")
  void immutable(Vertx vertx) {
    JsonObject stored = uploaded(vertx, OWNER, pdf(UUID.randomUUID().toString()));
    UUID id = UUID.fromString(stored.getString("id"));
    assertThatThrownBy(
            () -> TestApi.sql("update documents set media_type = 'image/png' where id = $1", id))
        .hasMessageContaining("immutable");
    assertThatThrownBy(() -> TestApi.sql("delete from documents where id = $1", id))
        .hasMessageContaining("immutable");
    assertThatThrownBy(
            () ->
                TestApi.sql(
                    "update document_contents set content = '\\x00' where sha256 = $1",
                    stored.getString("sha256")))
        .hasMessageContaining("immutable");
  }

  @Test
  @DisplayName(
      "seafood without a quarantine certificate and medicaments without a licence fire their checks; attached, they do not")
  void riskSeesDocumentKinds(Vertx vertx) {
    assertThat(fired(vertx, "03061730", null)).contains("missing-quarantine-seafood");
    assertThat(fired(vertx, "03061730", "QUARANTINE_CERTIFICATE"))
        .doesNotContain("missing-quarantine-seafood");
    assertThat(fired(vertx, "30049099", null)).contains("missing-licence-pharmaceuticals");
    assertThat(fired(vertx, "30049099", "IMPORT_LICENCE"))
        .doesNotContain("missing-licence-pharmaceuticals");
    // Another kind does not stand in for the licence.
    assertThat(fired(vertx, "30049099", "QUARANTINE_CERTIFICATE"))
        .contains("missing-licence-pharmaceuticals");
  }

  /** The indicators that fired for a declaration of these goods, with a document of this kind. */
  private static List<String> fired(Vertx vertx, String hsCode, String kind) {
    JsonObject changes = new JsonObject();
    JsonObject reference = new JsonObject(ReferenceDeclaration.payload());
    JsonArray items = reference.getJsonArray("items");
    JsonObject item = items.getJsonObject(0).copy().put("hsCode", hsCode);
    item.remove("certificateOfOrigin");
    changes.put("items", new JsonArray().add(item));
    if (kind != null) {
      JsonObject stored = uploaded(vertx, OWNER, pdf(UUID.randomUUID().toString()));
      changes.put("documents", new JsonArray().add(listed(kind, stored)));
    }
    HttpResponse<Buffer> r = submit(vertx, OWNER, changes);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> decision =
        get(
            vertx,
            TestTokens.officer(),
            "/api/v1/declarations/" + r.bodyAsJsonObject().getString("id") + "/decision",
            null);
    assertThat(decision.statusCode()).isEqualTo(200);
    JsonObject record = decision.bodyAsJsonObject();
    List<String> fired = new ArrayList<>();
    record
        .getJsonObject("decision")
        .getJsonArray("contributions")
        .forEach(c -> fired.add(((JsonObject) c).getString("indicatorId")));
    if (kind != null) {
      assertThat(record.getJsonObject("facts").getJsonArray("documents").encode()).contains(kind);
    }
    return fired;
  }

  /** The JSON pointers a problem names. */
  public static List<String> pointers(HttpResponse<Buffer> problem) {
    List<String> pointers = new ArrayList<>();
    problem
        .bodyAsJsonObject()
        .getJsonArray("errors")
        .forEach(e -> pointers.add(((JsonObject) e).getString("pointer")));
    return pointers;
  }
}
