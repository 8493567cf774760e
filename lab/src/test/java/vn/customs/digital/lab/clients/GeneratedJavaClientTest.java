package vn.customs.digital.lab.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.PhoneKeys;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.payments.PaymentFixture;
import vn.customs.digital.client.ApiClient;
import vn.customs.digital.client.ApiException;
import vn.customs.digital.client.ApiResponse;
import vn.customs.digital.client.api.DeclarationsApi;
import vn.customs.digital.client.api.IdentityApi;
import vn.customs.digital.client.api.PaymentsApi;
import vn.customs.digital.client.api.ProceduresApi;
import vn.customs.digital.client.api.ReceiptsApi;
import vn.customs.digital.client.model.Declaration;
import vn.customs.digital.client.model.JwkSet;
import vn.customs.digital.client.model.Payment;
import vn.customs.digital.client.model.Problem;
import vn.customs.digital.client.model.Procedure;
import vn.customs.digital.client.model.ProcedurePage;
import vn.customs.digital.client.model.ProcedureSummary;
import vn.customs.digital.client.model.ReceiptView;
import vn.customs.digital.client.model.SigningKey;
import vn.customs.digital.client.model.SigningKeyRegistration;
import vn.customs.digital.lab.payments.SandboxPayments;
import vn.customs.digital.testing.Await;

/**
 * The Java client OpenAPI Generator makes from the api's contract at every build (library {@code
 * native}, see the lab's pom; never edited) against the api as it runs.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("A Java client generated from the contract, against the running api")
class GeneratedJavaClientTest {
  private static final String TAX_CODE = "0101234567";

  private static ApiClient client;

  @BeforeAll
  static void start() {
    TestApi.shared();
    client = new ApiClient().setHost("127.0.0.1").setPort(TestApi.port()).setScheme("http");
  }

  @Test
  @DisplayName("pages through a procedure search with its cursors, each procedure once")
  void searchWithCursorPaging() throws ApiException {
    ProceduresApi procedures = new ProceduresApi(client);
    List<String> codes = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      ProcedurePage page = procedures.listProcedures(null, "en", null, null, 2, cursor, null);
      assertThat(page.getItems()).hasSizeLessThanOrEqualTo(2);
      page.getItems().stream().map(ProcedureSummary::getCode).forEach(codes::add);
      cursor = page.getNextCursor();
      pages++;
    } while (cursor != null && pages < 100);
    assertThat(pages).isGreaterThan(1).isLessThan(100);
    assertThat(codes).doesNotHaveDuplicates().contains("HQ-001");
  }

  @Test
  @DisplayName(
      "a conditional GET with the ETag it was given: 304, which the native client reports as an"
          + " ApiException with code 304 and no body")
  void conditionalGet() throws ApiException {
    ProceduresApi procedures = new ProceduresApi(client);
    ApiResponse<Procedure> first = procedures.getProcedureWithHttpInfo("HQ-001", "en", null);
    assertThat(first.getStatusCode()).isEqualTo(200);
    assertThat(first.getData().getCode()).isEqualTo("HQ-001");
    String etag = header(first.getHeaders(), "etag");
    assertThat(etag).isNotBlank();

    ApiException notModified =
        catchThrowableOfType(
            ApiException.class, () -> procedures.getProcedureWithHttpInfo("HQ-001", "en", etag));
    assertThat(notModified.getCode()).isEqualTo(304);
  }

  @Test
  @DisplayName("reads a refusal as the contract's Problem, with its type and field errors")
  void problemAsTypedObject() throws IOException {
    ProceduresApi procedures = new ProceduresApi(client);
    ApiException refused =
        catchThrowableOfType(
            ApiException.class,
            () -> procedures.listProcedures(null, "en", null, 9, null, null, null));
    assertThat(refused.getCode()).isEqualTo(400);
    assertThat(header(refused.getResponseHeaders().map(), "content-type"))
        .startsWith("application/problem+json");
    Problem problem = client.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
    assertThat(problem.getType()).startsWith("urn:digital-customs:problem:");
    assertThat(problem.getStatus()).isEqualTo(400);
    assertThat(problem.getErrors()).isNotEmpty();
    assertThat(problem.getErrors().get(0).getPointer()).contains("level");
  }

  @Test
  @DisplayName("signs in with a (development issuer's) token and registers a signing key")
  void registerSigningKey() throws ApiException, JOSEException {
    String token = TestTokens.trader(TAX_CODE);
    ApiClient signedIn = signedIn(token);
    IdentityApi identity = new IdentityApi(signedIn);
    String kid = "java-client-" + UUID.randomUUID();
    Map<String, Object> jwk =
        new ECKeyGenerator(Curve.P_256).keyID(kid).generate().toPublicJWK().toJSONObject();

    SigningKey key = identity.registerSigningKey(TAX_CODE, new SigningKeyRegistration().jwk(jwk));

    assertThat(key.getKid()).isEqualTo(kid);
    assertThat(identity.listSigningKeys(TAX_CODE).getItems())
        .extracting(SigningKey::getKid)
        .contains(kid);
    ApiException anonymous =
        catchThrowableOfType(
            ApiException.class, () -> new IdentityApi(client).listSigningKeys(TAX_CODE));
    assertThat(anonymous.getCode()).isEqualTo(401);
  }

  @Test
  @DisplayName(
      "submits a declaration signed with the registered key, with an Idempotency-Key: a retry"
          + " replays the first answer")
  void signedDeclarationWithIdempotencyKey(Vertx vertx) throws ApiException {
    String token = TestTokens.trader(TAX_CODE);
    ApiClient signedIn = signedIn(token);
    ECKey phone = PhoneKeys.shared(vertx, TAX_CODE);
    String jws = PhoneKeys.sign(phone, PaymentFixture.referenceFor(TAX_CODE).encode());
    String key = UUID.randomUUID().toString();
    DeclarationsApi declarations = new DeclarationsApi(signedIn);

    ApiResponse<Declaration> first = declarations.createDeclarationWithHttpInfo(jws, key);
    ApiResponse<Declaration> retry = declarations.createDeclarationWithHttpInfo(jws, key);

    assertThat(first.getStatusCode()).isEqualTo(201);
    assertThat(first.getData().getSigned()).isTrue();
    assertThat(first.getData().getEnterpriseTaxCode()).isEqualTo(TAX_CODE);
    assertThat(retry.getData().getId()).isEqualTo(first.getData().getId());
    assertThat(header(retry.getHeaders(), "idempotent-replayed")).isEqualTo("true");
  }

  @Test
  @DisplayName(
      "pays through the sandbox bank, fetches the signed e-receipt and verifies its JWS against the service's"
          + " published keys, both read through the client")
  void receiptVerifiesAgainstPublishedKeys(Vertx vertx) throws Exception {
    // A signed green declaration (the api's fixture), paid through the client at the sandbox bank.
    String id = PaymentFixture.greenAwaitingPayment(vertx).getString("id");
    String token = TestTokens.trader(PaymentFixture.PRIORITY_ENTERPRISE);
    ApiClient signedIn = signedIn(token);
    PaymentsApi payments = new PaymentsApi(signedIn);
    Payment payment = payments.createPayment(id, UUID.randomUUID().toString());
    assertThat(payment.getStatus()).isEqualTo(Payment.StatusEnum.PENDING);
    assertThat(SandboxPayments.payAtBank(vertx, payment.getPaymentUrl(), "pay").statusCode())
        .isEqualTo(302);
    Await.until(
        "the payment PAID",
        Duration.ofSeconds(20),
        () -> payments.getPayment(id, payment.getId().toString()).getStatus(),
        Payment.StatusEnum.PAID::equals);

    ReceiptView receipt = new ReceiptsApi(signedIn).getReceipt(id);
    JwkSet published = new ReceiptsApi(client).getServiceJwks();

    JWSObject jws = JWSObject.parse(receipt.getJws());
    JWKSet keys = JWKSet.parse(Map.of("keys", published.getKeys()));
    JWK key = keys.getKeyByKeyId(jws.getHeader().getKeyID());
    assertThat(key).as("the receipt's key among the published ones").isNotNull();
    assertThat(jws.verify(new ECDSAVerifier(key.toECKey()))).isTrue();
    assertThat(receipt.getReceipt().getDeclarationId().toString()).isEqualTo(id);
    assertThat(jws.getPayload().toJSONObject()).containsEntry("declarationId", id);
  }

  /** A client that sends the access token with every request. */
  private static ApiClient signedIn(String token) {
    return new ApiClient()
        .setHost("127.0.0.1")
        .setPort(TestApi.port())
        .setScheme("http")
        .setRequestInterceptor(r -> r.header("Authorization", "Bearer " + token));
  }

  private static String header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream())
        .findFirst()
        .orElse(null);
  }
}
