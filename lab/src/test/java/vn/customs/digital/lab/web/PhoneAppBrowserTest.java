package vn.customs.digital.lab.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.payments.PaymentFixture;
import vn.customs.digital.lab.payments.SandboxBank;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.ReferenceDeclaration;
import vn.customs.digital.testing.TcpProxy;
import vn.customs.digital.testing.TestDatabase;

/**
 * The phone app in a real browser (Debian's headless Chromium at a phone's size, with touch),
 * against the api started as in production (Main.start) and the lab's sandbox bank. The browser
 * reaches the api only through a TCP proxy, so a test can take the network away (offline) or drop a
 * connection. Every page is checked with axe-core and kept as a screenshot under
 * lab/target/screenshots.
 */
@DisplayName(
    "Phone app in headless Chromium: citizen, trader, broker, pre-arrival and cancel, validation,"
        + " retries")
class PhoneAppBrowserTest {
  private static final String TRADER = PaymentFixture.PRIORITY_ENTERPRISE;
  private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Main.Running api;
  private static TcpProxy proxy;
  private static String origin;
  private static String app;

  @BeforeAll
  static void start() {
    TestDatabase db = TestDatabase.shared();
    int apiPort = TestApi.freePort();
    int bankPort = TestApi.freePort();
    proxy = TcpProxy.to("127.0.0.1", apiPort);
    origin = "http://127.0.0.1:" + proxy.port();
    app = origin + "/app/";
    Map<String, String> env = new HashMap<>(TestApi.baseEnv(db));
    env.put("HTTP_PORT", String.valueOf(apiPort));
    env.put("VNPAY_PAY_URL", "http://127.0.0.1:" + bankPort + SandboxBank.PAY_PATH);
    env.put("VNPAY_RETURN_URL", origin + "/app/payments/return");
    api = Await.result(Main.start(env));
    Await.result(
        api.vertx()
            .deployVerticle(
                new SandboxBank(
                    new SandboxBank.Settings(
                        "127.0.0.1",
                        bankPort,
                        PaymentFixture.TMN_CODE,
                        PaymentFixture.SECRET,
                        "http://127.0.0.1:" + apiPort + "/api/v1/payments/vnpay/ipn"))));
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      Await.result(api.close());
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  @DisplayName(
      "citizen: search as they type, open a procedure, re-open it offline; first load within budget")
  void citizenSearchAndOfflineReopen() {
    proxy.heal();
    try (PhoneBrowser b = new PhoneBrowser("citizen")) {
      b.open(app);
      b.find("#q");
      // What the first load downloaded (HTML, JS, CSS), compressed as sent: within 100 KB.
      Number bytes =
          (Number)
              b.js(
                  "return performance.getEntriesByType('navigation').concat("
                      + "performance.getEntriesByType('resource').filter(r =>"
                      + " /\\.(js|css)$/.test(new URL(r.name).pathname)))"
                      + ".reduce((s, e) => s + e.transferSize, 0);");
      assertThat(bytes.longValue()).isPositive().isLessThanOrEqualTo(100 * 1024);
      b.until(d -> b.js("return navigator.serviceWorker.controller != null;").equals(true));
      b.check("home");

      b.find("#q").sendKeys("thu tuc hai quan");
      b.until(d -> d.findElements(By.cssSelector("#results li")).isEmpty() ? null : true);
      b.check("search");
      String title = b.find("#results li a strong").getText();
      b.tap("#results li a");
      b.waitText("h1", title);
      String url = b.driver.getCurrentUrl();
      assertThat(url).contains("#/procedures/");
      b.check("procedure");

      // The network is gone: the app and the procedure come from the service worker's caches.
      proxy.cut();
      b.open(app + "#/");
      b.open(url);
      b.waitText("h1", title);
      b.check("procedure-offline");
    } finally {
      proxy.heal();
    }
  }

  @Test
  @DisplayName(
      "trader: sign in, key on the phone, declare, sign, green, pay at the sandbox bank, back in the app, receipt verified")
  void traderFromSignInToVerifiedReceipt() {
    try (PhoneBrowser b = new PhoneBrowser("trader")) {
      signIn(b, "trader", TRADER);
      createKey(b);
      declareGreen(b);
      b.find("#duties tbody tr");
      b.check("result-green");
      payAtSandboxBank(b);
      assertThat(b.driver.getCurrentUrl()).startsWith(app).contains("#/declarations/");
      b.waitText("#status-text", "Đã thông quan");
      b.check("receipt-verified");
    }
  }

  @Test
  @DisplayName(
      "broker: switches to a principal that delegated to it; its live list shows the trader's"
          + " declaration released after the payment, without reloading")
  void brokerLiveListOfPrincipal() {
    String broker = randomTaxCode("08");
    String other = randomTaxCode("07");
    String quiet = randomTaxCode("06");
    delegate(TRADER, broker);
    delegate(other, broker);
    delegate(quiet, broker); // a principal without any declaration: in the switch all the same
    // the other principal's draft, in the broker's list until the broker switches to TRADER
    HttpResponse<String> draft =
        asTrader(
            other,
            "POST",
            "/declarations",
            "application/json",
            new JsonObject(ReferenceDeclaration.payload()).put("declarantTaxCode", other).encode());
    assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
    String draftId = new JsonObject(draft.body()).getString("id");
    try (PhoneBrowser trader = new PhoneBrowser("broker-trader");
        PhoneBrowser b = new PhoneBrowser("broker")) {
      signIn(trader, "trader", TRADER);
      createKey(trader);
      String number = declareGreen(trader);

      signIn(b, "broker", broker);
      b.open(app + "#/declarations");
      String card = "#declarations li[data-number='" + number + "']";
      b.find(card + "[data-status=AWAITING_PAYMENT]");
      b.find("#declarations li[data-id='" + draftId + "']");
      b.find("#principal option[value='" + quiet + "']");
      assertThat(
              b.driver.findElements(By.cssSelector("#principal option")).stream()
                  .map(e -> e.getAttribute("value"))
                  .toList())
          .containsExactlyInAnyOrder("", TRADER, other, quiet);
      assertThat(b.find("#principal option[value='" + TRADER + "']").getText())
          .contains("ủy quyền không thời hạn");
      b.check("all-principals");
      choosePrincipal(b, TRADER);
      b.until(
          d ->
              d.findElements(By.cssSelector("#declarations li[data-id='" + draftId + "']"))
                      .isEmpty()
                  ? true
                  : null);
      assertThat(
              b.driver.findElements(By.cssSelector("#declarations li[data-principal]")).stream()
                  .map(e -> e.getAttribute("data-principal"))
                  .distinct())
          .containsExactly(TRADER);
      b.find(card + "[data-status=AWAITING_PAYMENT]");
      b.waitText("#live", "trực tiếp");
      b.check("principal");
      // the principal without declarations: an empty list, read from the api for that principal
      choosePrincipal(b, quiet);
      b.until(
          d -> d.findElements(By.cssSelector("#declarations li[data-id]")).isEmpty() ? true : null);
      choosePrincipal(b, TRADER);
      b.find(card + "[data-status=AWAITING_PAYMENT]");
      // the same page, never reloaded: this mark survives only if the list changes in place
      b.js("window.sameBrokerPage = true;");

      payAtSandboxBank(trader);
      b.find(card + "[data-status=RELEASED]");
      assertThat(b.js("return window.sameBrokerPage === true;")).isEqualTo(true);
      b.waitText("#status", number);
      b.check("released-live");

      // declaring on a principal's behalf: the field suggests the enterprises that delegated to it
      b.open(app + "#/declare");
      b.find("#principal-options option[value='" + quiet + "']");
      assertThat(b.find("#f-declarantTaxCode").getAttribute("list")).isEqualTo("principal-options");
      assertThat(
              b.driver.findElements(By.cssSelector("#principal-options option")).stream()
                  .map(e -> e.getAttribute("value"))
                  .toList())
          .containsExactlyInAnyOrder(TRADER, other, quiet);
      b.check("declare-for-principal");
    }
  }

  @Test
  @DisplayName(
      "trader: the HS code looked up as typed (words without accents, a heading, then its lines), picked with the"
          + " keyboard, fills the item; offline the lookup says so and the field stays usable")
  void hsLookupPickedByKeyboard() {
    try (PhoneBrowser b = new PhoneBrowser("hs-lookup")) {
      signIn(b, "trader", TRADER);
      b.open(app + "#/declare");
      WebElement hs = b.find("#f-items-0-hsCode");
      assertThat(hs.getAttribute("role")).isEqualTo("combobox");
      assertThat(hs.getAttribute("aria-expanded")).isEqualTo("false");
      hs.click();
      hs.sendKeys("dien thoai");
      b.find("#f-items-0-hsCode-list li[data-code='8517']");
      assertThat(hs.getAttribute("aria-expanded")).isEqualTo("true");
      b.check("hs-lookup-words");

      // the heading, picked with Enter, narrows the list to its lines
      arrowTo(b, hs, "8517");
      hs.sendKeys(Keys.ENTER);
      b.find("#f-items-0-hsCode-list li[data-code='85171300']");
      assertThat(hs.getAttribute("value")).isEqualTo("8517");
      arrowTo(b, hs, "85171300");
      b.check("hs-lookup-lines");
      hs.sendKeys(Keys.ENTER);
      b.until(d -> "false".equals(hs.getAttribute("aria-expanded")) ? true : null);
      assertThat(hs.getAttribute("value")).isEqualTo("85171300");
      assertThat(hs.getAttribute("aria-activedescendant")).isNull();
      assertThat(b.find("#f-items-0-description").getAttribute("value"))
          .isEqualTo("Điện thoại thông minh");
      b.waitText("#f-items-0-hsCode-note", "85171300");
      // Enter picked the line; it did not submit the form
      assertThat(b.driver.getCurrentUrl()).contains("#/declare/").doesNotContain("/review");
      b.check("hs-lookup-picked");

      // the draft kept what was picked: the form drawn again shows it
      b.driver.navigate().refresh();
      b.until(
          d -> "85171300".equals(b.find("#f-items-0-hsCode").getAttribute("value")) ? true : null);

      proxy.cut();
      try {
        WebElement again = b.find("#f-items-0-hsCode");
        again.click();
        again.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        again.sendKeys("xoai");
        b.waitText("#f-items-0-hsCode-note", "ngoại tuyến");
        assertThat(again.getAttribute("aria-expanded")).isEqualTo("false");
        b.check("hs-lookup-offline");
      } finally {
        proxy.heal();
      }
    }
  }

  /** Arrow-down through the open listbox until the option of this code is the active one. */
  private static void arrowTo(PhoneBrowser b, WebElement combobox, String code) {
    for (int i = 0; i < 10; i++) {
      combobox.sendKeys(Keys.ARROW_DOWN);
      String active = combobox.getAttribute("aria-activedescendant");
      if (active != null
          && code.equals(b.find("#" + active).getAttribute("data-code"))
          && "true".equals(b.find("#" + active).getAttribute("aria-selected"))) {
        return;
      }
    }
    throw new AssertionError("no option " + code + " reached with the arrow keys");
  }

  @Test
  @DisplayName(
      "pre-arrival (plate, driver, arrival, seal) and cancellation from the declaration's page,"
          + " each api problem at its field")
  void preArrivalAndCancellation() {
    try (PhoneBrowser b = new PhoneBrowser("pre-arrival")) {
      signIn(b, "trader", TRADER);
      createKey(b);
      fillDeclaration(b, "WEBPA" + ThreadLocalRandom.current().nextInt(100_000, 999_999), "50");
      submitDeclaration(b);
      String id = b.driver.getCurrentUrl().replaceAll(".*#/declarations/", "");

      b.set("pa-plate", "1");
      b.set("pa-driver", "Nguyễn Văn An");
      b.set("pa-expectedArrival", LocalDate.now(VIETNAM).plusDays(1) + "T08:30");
      b.set("pa-seals-MSCU1234566", "ES-0042");
      b.tap("#pre-arrival-save");
      problemAt(b, "pa-plate");
      assertThat(count("select count(*) from pre_arrivals where declaration_id = ?::uuid", id))
          .isZero();
      b.check("pre-arrival-problem");

      b.set("pa-plate", "15C-123.45");
      b.tap("#pre-arrival-save");
      b.waitText("#pre-arrival-status", "15C12345");
      assertThat(b.driver.findElements(By.cssSelector("#pre-arrival .field-error"))).isEmpty();
      assertThat(
              count(
                  "select count(*) from pre_arrivals where declaration_id = ?::uuid"
                      + " and plate = '15C12345' and seals->>'MSCU1234566' = 'ES-0042'"
                      + " and expected_arrival = ?::timestamptz",
                  id,
                  LocalDate.now(VIETNAM).plusDays(1) + "T08:30:00+07:00"))
          .isEqualTo(1);
      // shown on the page as the api keeps it, and read back from the api when the page is opened
      // again
      b.waitText("#pa-given-plate", "15C12345");
      b.waitText("#pa-given-seals", "MSCU1234566: ES-0042");
      b.check("pre-arrival-saved");
      b.driver.navigate().refresh();
      b.waitText("#pa-given-plate", "15C12345");
      b.waitText("#pa-given-driver", "Nguyễn Văn An");
      assertThat(b.find("#pa-plate").getAttribute("value")).isEqualTo("15C12345");
      assertThat(b.find("#pa-seals-MSCU1234566").getAttribute("value")).isEqualTo("ES-0042");
      b.check("pre-arrival-read-back");

      b.tap("#cancel-open");
      b.tap("#cancel-confirm");
      problemAt(b, "cx-reason");
      b.check("cancel-problem");
      b.set("cx-reason", "Hàng không được xếp lên tàu");
      b.tap("#cancel-confirm");
      b.waitText("#status-text", "Đã hủy");
      assertThat(b.driver.findElements(By.cssSelector("#pre-arrival, #cancel"))).isEmpty();
      assertThat(
              count(
                  "select count(*) from declarations where id = ?::uuid and status = 'CANCELLED'",
                  id))
          .isEqualTo(1);
      b.check("cancelled");
    }
  }

  @Test
  @DisplayName(
      "trader: a PDF picked on the phone is uploaded, checked against its SHA-256 and attached; the signed"
          + " declaration lists it, and the api holds exactly those bytes under that hash")
  void documentAttachedFromThePhone() throws Exception {
    byte[] pdf =
        ("%PDF-1.4\n% invoice of " + ThreadLocalRandom.current().nextLong() + "\n%%EOF\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.nio.file.Path file = java.nio.file.Files.createTempFile("invoice-", ".pdf");
    java.nio.file.Files.write(file, pdf);
    String sha256 =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(pdf));
    try (PhoneBrowser b = new PhoneBrowser("document")) {
      signIn(b, "trader", TRADER);
      createKey(b);
      fillDeclaration(b, "DOC" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999), "50");
      b.find("#document-file").sendKeys(file.toAbsolutePath().toString());
      b.set("document-number", "INV-PHONE-1");
      b.set("document-issuer", "Shenzhen Mobile Co.");
      b.set("document-date", LocalDate.now(VIETNAM).minusDays(2).toString());
      b.tap("#attach-document");
      b.find("#document-list li[data-sha256='" + sha256 + "']");
      b.check("document-attached");
      submitDeclaration(b);
      String id = b.driver.getCurrentUrl().replaceAll(".*#/declarations/", "");
      HttpResponse<String> listed =
          asTrader(TRADER, "GET", "/declarations/" + id + "/documents", "application/json", "");
      assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
      assertThat(listed.body())
          .contains(sha256)
          .contains("INV-PHONE-1")
          .contains("COMMERCIAL_INVOICE");
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  @Test
  @DisplayName("a validation problem of the api is shown at its field, with an error summary")
  void validationProblemAtItsField() {
    try (PhoneBrowser b = new PhoneBrowser("validation")) {
      signIn(b, "trader", TRADER);
      createKey(b);
      fillDeclaration(b, "WEBBAD" + ThreadLocalRandom.current().nextInt(1000, 9999), "70");
      b.tap("#review");
      b.tap("#sign-submit");
      b.find("#error-summary");
      String fieldId = "f-items-0-netWeightKg";
      b.find("#" + fieldId + "-error");
      assertThat(b.find("#" + fieldId).getAttribute("aria-invalid")).isEqualTo("true");
      assertThat(b.find("#error-summary").getText()).isNotBlank();
      b.check("validation-problem");
    }
  }

  @Test
  @DisplayName(
      "a submission whose connection drops after the api received it is retried with the same key: one declaration")
  void retryAfterDroppedConnectionMakesOneDeclaration() throws Exception {
    try (PhoneBrowser b = new PhoneBrowser("retry")) {
      signIn(b, "trader", TRADER);
      createKey(b);
      String document = "WEBRETRY" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
      fillDeclaration(b, document, "50");
      b.tap("#review");
      b.find("#sign-submit");
      try (Connection c = TestDatabase.shared().connect()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          // the api's insert waits here, holding the request the browser sent
          s.execute("lock table declarations in share row exclusive mode");
        }
        b.tap("#sign-submit");
        Await.until(
            "the api waiting to insert the declaration",
            Duration.ofSeconds(3),
            () -> waitingInserts(),
            n -> n > 0);
        // the connection drops while the api works; then the api commits and answers no one
        proxy.cut();
        c.commit();
      }
      Thread.sleep(700);
      proxy.heal();
      b.find("#channel");
      assertThat(b.driver.getCurrentUrl()).contains("#/declarations/");
      b.screenshot("after-retry");
      assertThat(declarationsWithDocument(document)).isEqualTo(1);
    } finally {
      proxy.heal();
    }
  }

  /**
   * Declares until the priority enterprise's declaration is green (unless the random draw picked
   * it); returns its number, the browser on the declaration's page, awaiting payment.
   */
  private static String declareGreen(PhoneBrowser b) {
    for (int attempt = 0; attempt < 4; attempt++) {
      fillDeclaration(b, "WEB" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999), "50");
      submitDeclaration(b);
      if (b.find("#channel").getAttribute("class").contains("channel-green")) {
        return b.find("h1").getText().replaceAll("\\D", "");
      }
    }
    throw new AssertionError("no green declaration within four submissions");
  }

  private static void submitDeclaration(PhoneBrowser b) {
    b.tap("#review");
    b.find("#sign-submit");
    b.check("review");
    b.tap("#sign-submit");
    b.find("#channel");
  }

  /** Pays at the sandbox bank; back in the app once the IPN released it, receipt verified. */
  private static void payAtSandboxBank(PhoneBrowser b) {
    b.tap("#pay");
    b.find("button[value=pay]");
    b.screenshot("sandbox-bank");
    b.tap("button[value=pay]");
    b.waitText("#receipt-verified", "Đã xác minh");
  }

  /**
   * An enterprise's own trader calls the api (what its app does), answering the status and body.
   */
  private static HttpResponse<String> asTrader(
      String taxCode, String method, String path, String contentType, String body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(origin + "/api/v1" + path))
              .header("Authorization", "Bearer " + TestTokens.trader(taxCode))
              .header("Content-Type", contentType)
              .header("Accept", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(body))
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void delegate(String enterprise, String broker) {
    HttpResponse<String> r =
        asTrader(
            enterprise,
            "POST",
            "/enterprises/" + enterprise + "/delegations",
            "application/json",
            "{\"brokerTaxCode\":\"" + broker + "\"}");
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
  }

  /** The broker's principal switch set to this enterprise (as choosing it in the list would). */
  private static void choosePrincipal(PhoneBrowser b, String taxCode) {
    b.js(
        "const s = document.getElementById('principal'); s.value = arguments[0];"
            + " s.dispatchEvent(new Event('change', {bubbles: true}));",
        taxCode);
  }

  private static String randomTaxCode(String prefix) {
    return prefix + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
  }

  /** The api's problem shown once at this field: its message, aria-invalid, aria-describedby. */
  private static void problemAt(PhoneBrowser b, String fieldId) {
    b.find("#" + fieldId + "-error");
    assertThat(b.find("#" + fieldId).getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(b.find("#" + fieldId).getAttribute("aria-describedby"))
        .startsWith(fieldId + "-error");
    assertThat(b.driver.findElements(By.cssSelector("[id='" + fieldId + "-error']"))).hasSize(1);
  }

  private static void signIn(PhoneBrowser b, String role, String taxCode) {
    b.open(app);
    b.tap("#sign-in");
    b.find("#role");
    b.check("dev-sign-in");
    b.js("document.getElementById('role').value = arguments[0];", role);
    b.set("tax_code", taxCode);
    b.tap("button#sign-in");
    b.waitText("#who", taxCode);
  }

  private static void createKey(PhoneBrowser b) {
    b.open(app + "#/keys");
    b.tap("#create-key");
    b.find("#key-list .badge");
    b.check("keys");
  }

  private static void fillDeclaration(PhoneBrowser b, String transportDocument, String netWeight) {
    b.open(app + "#/declare");
    b.find("#f-transportDocument");
    LocalDate yesterday = LocalDate.now(VIETNAM).minusDays(1);
    b.set("f-transportDocument", transportDocument);
    b.set("f-containers", "MSCU1234566");
    b.set("f-invoice-number", "INV-" + transportDocument);
    b.set("f-invoice-date", yesterday.toString());
    b.set("f-items-0-hsCode", "85171300");
    b.set("f-items-0-description", "Điện thoại thông minh 128 GB");
    b.set("f-items-0-origin", "CN");
    b.set("f-items-0-quantity", "200");
    b.set("f-items-0-grossWeightKg", "60");
    b.set("f-items-0-netWeightKg", netWeight);
    b.set("f-items-0-value", "40000");
    b.waitText("#total", "40");
    b.check("declaration-form");
  }

  private static long waitingInserts() {
    return count(
        "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
            + " and query ilike 'insert into declarations%'");
  }

  private static long declarationsWithDocument(String document) {
    return count(
        "select count(*) from declaration_versions v where v.document->>'transportDocument' = ?",
        document);
  }

  private static long count(String sql, Object... args) {
    try (Connection c = TestDatabase.shared().connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
