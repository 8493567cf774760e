package vn.customs.digital.lab.payments;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.payments.PaymentFixture;
import vn.customs.digital.testing.Await;

/**
 * The sandbox bank of this test JVM (one, on {@link TestApi#SANDBOX_BANK_PORT}, where the api sends
 * payers) and the payer's browser at it. Any test package that needs a declaration paid uses this.
 */
public final class SandboxPayments {
  private static SandboxBank bank;

  private SandboxPayments() {}

  /** Deployed once on the api's Vert.x; it lives as long as the JVM. */
  public static synchronized SandboxBank bank() {
    if (bank == null) {
      var api = TestApi.shared();
      SandboxBank b =
          new SandboxBank(
              new SandboxBank.Settings(
                  "127.0.0.1",
                  TestApi.SANDBOX_BANK_PORT,
                  PaymentFixture.TMN_CODE,
                  PaymentFixture.SECRET,
                  "http://127.0.0.1:" + api.port() + "/api/v1/payments/vnpay/ipn"));
      Await.result(api.vertx().deployVerticle(b));
      bank = b;
    }
    return bank;
  }

  /**
   * The payer's browser: opens the payment URL at the bank, chooses a bank and presses the button
   * ({@code pay} or {@code cancel}); the bank's redirect back. The bank calls the api's IPN
   * afterwards, asynchronously.
   */
  public static HttpResponse<Buffer> payAtBank(Vertx vertx, String paymentUrl, String action) {
    bank();
    WebClient browser = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
    HttpResponse<Buffer> page = Await.result(browser.getAbs(paymentUrl).send());
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("VND", "name=\"vnp_TxnRef\"");
    MultiMap form =
        MultiMap.caseInsensitiveMultiMap()
            .add(
                "vnp_TxnRef",
                URI.create(paymentUrl).getQuery().replaceAll(".*vnp_TxnRef=([A-Za-z0-9]+).*", "$1"))
            .add("bankCode", "VCB")
            .add("action", action);
    HttpResponse<Buffer> redirect =
        Await.result(
            browser
                .post(TestApi.SANDBOX_BANK_PORT, "127.0.0.1", SandboxBank.CONFIRM_PATH)
                .sendForm(form));
    assertThat(redirect.statusCode()).as(redirect.bodyAsString()).isEqualTo(302);
    return redirect;
  }
}
