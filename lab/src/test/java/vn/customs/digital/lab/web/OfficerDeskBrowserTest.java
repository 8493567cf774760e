package vn.customs.digital.lab.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.gates.GateFixture;
import vn.customs.digital.api.payments.PaymentFixture;
import vn.customs.digital.testing.Await;

/**
 * The officer's desk (desk.html) in Debian's headless Chromium at a desktop's size (1280 x 800),
 * against the api as the other api tests run it (real PostgreSQL, real signed tokens, the dev
 * issuer's sign-in page). The declarations, their documents and the gate's events are made through
 * the api as a trader's app and a gate's agent would; the officer works only in the browser. Every
 * page is checked with axe-core and kept as a screenshot under lab/target/screenshots (desk-*).
 */
@DisplayName("Officer's desk in headless Chromium: queue, documents, inspections, gates")
class OfficerDeskBrowserTest {
  private static final String TRADER = PaymentFixture.PRIORITY_ENTERPRISE;
  private static String desk;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = TestApi.shared().vertx();
    desk = "http://127.0.0.1:" + TestApi.port() + "/app/desk.html";
  }

  @Test
  @DisplayName(
      "yellow: in the queue, documents viewed and checked against the signed SHA-256, document check recorded, released once paid")
  void yellowDocumentCheckToRelease() {
    JsonArray documents = new JsonArray().add(upload("png", png())).add(upload("pdf", pdf()));
    JsonObject d = submitIn("YELLOW", documents);
    String id = d.getString("id");
    try (PhoneBrowser b = PhoneBrowser.desktop("desk-yellow")) {
      signIn(b, "desk-officer-" + ThreadLocalRandom.current().nextInt(1_000_000));
      b.find("#queue tr[data-id='" + id + "']");
      assertThat(b.find("#tab-yellow").getAttribute("aria-current")).isEqualTo("page");
      b.check("queue-yellow");

      b.tap("#queue tr[data-id='" + id + "'] a");
      b.waitText("#status-text", "Kiểm tra hồ sơ");
      assertThat(b.driver.findElements(By.cssSelector("#goods tbody tr"))).isNotEmpty();
      assertThat(b.driver.findElements(By.cssSelector("#documents li"))).hasSize(2);
      assertThat(b.find("#decision").getText()).isNotBlank();
      b.check("declaration");
      b.js("document.getElementById('goods-h').scrollIntoView();");
      b.screenshot("goods");
      // every goods column, value and duties included, is in view: nothing to scroll sideways to
      assertThat(goodsWidths(b))
          .as("the goods table's scroll container at 1280 px: [scrollWidth, clientWidth]")
          .satisfies(w -> assertThat(w.get(0)).isLessThanOrEqualTo(w.get(1)));
      // and at 1024 px, where the alerts go below the page
      b.driver.manage().window().setSize(new Dimension(1024, 800));
      b.until(d2 -> ((Number) b.js("return window.innerWidth;")).intValue() <= 1024);
      assertThat(goodsWidths(b))
          .as("the goods table's scroll container at 1024 px: [scrollWidth, clientWidth]")
          .satisfies(w -> assertThat(w.get(0)).isLessThanOrEqualTo(w.get(1)));
      b.js("document.getElementById('goods-h').scrollIntoView();");
      b.check("goods-1024");
      b.driver.manage().window().setSize(new Dimension(1280, 800));

      // the scanned invoice (PNG), shown as an image, is the file the trader signed
      b.tap("#view-doc-0");
      b.find("#doc-image");
      assertThat(b.find("#doc-hash").getAttribute("data-ok")).isEqualTo("true");
      b.until(
          d2 ->
              ((Number) b.js("return document.getElementById('doc-image').naturalWidth;"))
                      .intValue()
                  > 0);
      b.check("document-image");
      // the packing list (PDF) in the browser's viewer
      b.tap("#view-doc-1");
      b.find("#doc-frame");
      b.waitText("#doc-hash", "SHA-256");
      assertThat(b.find("#doc-hash").getAttribute("data-ok")).isEqualTo("true");
      b.check("document-pdf");

      b.set("inspection-note", "hóa đơn khớp với hợp đồng; theo dõi lô sau");
      b.tap("#inspection-submit");
      b.waitText("#desk-notice", "Chờ nộp thuế");
      b.check("document-check-recorded");

      // compliant: duties due, then paid by the trader (the bank's IPN), then released
      assertThat(traderView(id).getString("status")).isEqualTo("AWAITING_PAYMENT");
      JsonObject payment = PaymentFixture.openPayment(vertx, id);
      assertThat(
              PaymentFixture.sendIpn(vertx, PaymentFixture.successIpn(payment))
                  .getString("RspCode"))
          .isEqualTo("00");
      assertThat(traderView(id).getString("status")).isEqualTo("RELEASED");

      b.driver.navigate().refresh();
      b.waitText("#status-text", "Đã thông quan");
      b.find("#payments tbody tr");
      b.find("#history .customs-note");
      assertThat(b.find("#hold").isDisplayed()).isTrue();
      b.check("released");
    }
    // the customs-only note reaches officers, never the trader
    assertThat(history(TestTokens.officer(), id)).contains("theo dõi lô sau");
    assertThat(history(PaymentFixture.token(TRADER), id)).doesNotContain("theo dõi lô sau");
  }

  @Test
  @DisplayName(
      "red: a violation without severity is refused at its field, then a minor violation is recorded")
  void redPhysicalInspection() {
    JsonObject d = submitIn("RED", null);
    String id = d.getString("id");
    try (PhoneBrowser b = PhoneBrowser.desktop("desk-red")) {
      signIn(b, "desk-officer-" + ThreadLocalRandom.current().nextInt(1_000_000));
      b.tap("#tab-red");
      b.find("#queue tr[data-id='" + id + "']");
      b.check("queue-red");
      b.tap("#queue tr[data-id='" + id + "'] a");
      b.waitText("#status-text", "Kiểm tra thực tế");

      b.tap("#inspection-result-VIOLATION");
      b.tap("#inspection-submit");
      b.find("#inspection-severity-error");
      assertThat(b.find("#inspection-severity").getAttribute("aria-invalid")).isEqualTo("true");
      assertThat(b.find("#inspection-errors").getText()).isNotBlank();
      b.check("inspection-problem");

      b.js("document.getElementById('inspection-severity').value = 'MINOR';");
      b.set("inspection-note", "sai lệch số lượng 2 kiện, đã lập biên bản");
      b.tap("#inspection-submit");
      b.find("#desk-notice");
      b.find("#history li[data-action='INSPECTED'] .customs-note");
      b.check("inspection-recorded");
    }
    JsonObject trail = new JsonObject(history(TestTokens.officer(), id));
    JsonObject inspected =
        trail.getJsonArray("entries").stream()
            .map(JsonObject.class::cast)
            .filter(e -> "INSPECTED".equals(e.getString("action")))
            .findFirst()
            .orElseThrow();
    assertThat(inspected.getJsonObject("details").getString("result")).isEqualTo("VIOLATION");
    assertThat(inspected.getJsonObject("details").getString("severity")).isEqualTo("MINOR");
    assertThat(traderView(id).getString("status")).isNotIn("PHYSICAL_INSPECTION");
  }

  @Test
  @DisplayName(
      "live queue: a declaration a trader submits appears in the open queue without reload or poll, and"
          + " leaves it when another officer decides it")
  void liveQueue() {
    // an office of its own, so that the queue holds only what this test submits
    String office = "88LV";
    String colleague =
        TestTokens.officer(
            "desk-colleague-" + ThreadLocalRandom.current().nextInt(1_000_000), office);
    try (PhoneBrowser b = PhoneBrowser.desktop("desk-live")) {
      signIn(b, "desk-officer-" + ThreadLocalRandom.current().nextInt(1_000_000), office);
      // the stream is up, and the page says the queue follows it (no poll while it does)
      b.until(d2 -> "live".equals(b.find("#live").getAttribute("data-state")));
      b.until(d2 -> "true".equals(b.find("#queue-mode").getAttribute("data-live")));
      b.find("#queue-rows td[colspan]");
      // a mark on this very page: a reload would lose it
      b.js("window.deskMark = 'still here';");
      long requestsBefore = queueRequests(b);

      JsonObject d = submitIn("YELLOW", null, office);
      String id = d.getString("id");
      long submitted = System.nanoTime();
      // the safety poll is 30 s and runs only while the stream is down: within 20 s (room for a
      // loaded CI box) only the live event can have brought it
      b.until(
          Duration.ofSeconds(20),
          d2 ->
              !b.driver.findElements(By.cssSelector("#queue tr[data-id='" + id + "']")).isEmpty());
      assertThat(Duration.ofNanos(System.nanoTime() - submitted))
          .isLessThan(Duration.ofSeconds(20));
      assertThat(b.js("return window.deskMark;")).isEqualTo("still here");
      assertThat(b.find("#count-yellow").getText()).isEqualTo("(1)");
      // handed out to this officer by the desk's own read
      b.waitText("#queue tr[data-id='" + id + "'] td:last-child", "Bạn");
      assertThat(queueRequests(b)).isGreaterThan(requestsBefore);
      b.check("queue-live");

      // another officer of the office decides it through the api: gone from this page, still no
      // reload
      HttpResponse<Buffer> r =
          Await.result(
              TestApi.client(vertx)
                  .post("/api/v1/declarations/" + id + "/inspection")
                  .bearerTokenAuthentication(colleague)
                  .sendJsonObject(new JsonObject().put("result", "COMPLIANT")));
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      b.until(
          Duration.ofSeconds(20),
          d2 -> b.driver.findElements(By.cssSelector("#queue tr[data-id='" + id + "']")).isEmpty());
      b.find("#queue-rows td[colspan]");
      assertThat(b.js("return window.deskMark;")).isEqualTo("still here");
      assertThat(b.find("#count-yellow").getText()).isEqualTo("(0)");
      // the revalidations of the unchanged red queue were answered 304
      assertThat(notModified(b)).isPositive();
      b.check("queue-live-decided");
    }
  }

  /** The goods table's scroll container's scrollWidth and clientWidth, in CSS pixels. */
  private static List<Long> goodsWidths(PhoneBrowser b) {
    Object widths =
        b.js(
            "const s = document.getElementById('goods').closest('.scroll');"
                + " return [s.scrollWidth, s.clientWidth];");
    return ((List<?>) widths).stream().map(w -> ((Number) w).longValue()).toList();
  }

  /** How many queue reads the page made (the browser's resource timing). */
  private static long queueRequests(PhoneBrowser b) {
    return ((Number)
            b.js(
                "return performance.getEntriesByType('resource')"
                    + ".filter(e => e.name.includes('/officer/queue')).length;"))
        .longValue();
  }

  /** How many queue reads were answered 304 (no body). */
  private static long notModified(PhoneBrowser b) {
    return ((Number)
            b.js(
                "return performance.getEntriesByType('resource')"
                    + ".filter(e => e.name.includes('/officer/queue') && e.responseStatus === 304).length;"))
        .longValue();
  }

  @Test
  @DisplayName(
      "gate overview: lanes and barrier, events, a seal alert live, a one-time passage for a held vehicle")
  void gateOverview() {
    GateFixture.Device device = GateFixture.deviceAtNewGate(vertx);
    String gate = device.gate();
    String hold =
        send(
                device,
                GateFixture.event(
                    "VEHICLE_ARRIVED",
                    new JsonObject()
                        .put("plate", "15C12345")
                        .put("containerNumbers", new JsonArray().add("MSCU1234566"))
                        .put("confidence", 0.5)),
                GateFixture.event(
                    "HOLD",
                    new JsonObject()
                        .put("reason", "LOW_CONFIDENCE")
                        .put("detail", "plate read with confidence 0.50")
                        .put("plate", "15C12345")
                        .put("containerNumbers", new JsonArray().add("MSCU1234566"))),
                GateFixture.event("BARRIER_CLOSED", new JsonObject().put("reason", "TIMEOUT")))
            .get(1);
    try (PhoneBrowser b = PhoneBrowser.desktop("desk-gate")) {
      signIn(b, "desk-officer-" + ThreadLocalRandom.current().nextInt(1_000_000));
      b.tap("#nav-gates");
      b.tap("#gates a[href='#/gates/" + gate + "']");
      b.waitText("#lanes tr[data-lane='L1']", "Đóng");
      b.find("#events tr[data-event='" + hold + "']");
      b.until(
          d ->
              b.js("return document.getElementById('live').textContent;").toString().isEmpty()
                  ? null
                  : true);
      b.check("gate");

      // a tampered seal reported now reaches the open desk through the live stream
      send(
          device,
          GateFixture.event(
              "SEAL_STATE",
              new JsonObject()
                  .put("sealId", "SEAL-0001")
                  .put("sealState", "TAMPERED")
                  .put("containerNumber", "MSCU1234566")));
      b.waitText("#alert-list", "SEAL-0001");

      // the rows are redrawn on every refresh (the alert caused one): click the row as it is now
      b.until(
          d -> {
            try {
              d.findElement(By.id("authorise-" + hold)).click();
              return d.findElements(By.id("authorise-reason")).isEmpty() ? null : true;
            } catch (StaleElementReferenceException e) {
              return null;
            }
          });
      b.set("authorise-reason", "biển số đọc sai do bùn; công chức đã đối chiếu tại làn");
      b.tap("#authorise-submit");
      b.find("#authorised");
      b.find("#authorisations tr[data-authorisation]");
      b.check("passage-authorised");
    }
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .get("/api/v1/gates/" + gate + "/passage-authorisations")
                .bearerTokenAuthentication(TestTokens.officer())
                .send());
    JsonObject a = r.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(a.getString("holdEventId")).isEqualTo(hold);
    assertThat(a.getString("status")).isEqualTo("PENDING");
    assertThat(a.getString("reason")).contains("đối chiếu");
  }

  private static void signIn(PhoneBrowser b, String subject) {
    signIn(b, subject, TestTokens.REFERENCE_OFFICE);
  }

  private static void signIn(PhoneBrowser b, String subject, String office) {
    b.open(desk);
    b.find("#officer-only");
    b.check("signed-out");
    b.tap("#sign-in");
    b.find("#role");
    b.js("document.getElementById('role').value = 'officer';");
    b.set("tax_code", "");
    b.set("office", office);
    b.set("sub", subject);
    b.tap("button#sign-in");
    b.waitText("#who", subject);
    b.find("#queue");
  }

  /** The events sent by the gate's agent; their ids. */
  private static List<String> send(GateFixture.Device device, JsonObject... events) {
    List<String> ids = new ArrayList<>();
    JsonArray batch = new JsonArray();
    for (JsonObject e : events) {
      ids.add(e.getString("id"));
      batch.add(e);
    }
    HttpResponse<Buffer> r = device.send(vertx, batch);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return ids;
  }

  /**
   * The trader's reference declaration with these documents, routed to the channel by an officer if
   * the risk core did not.
   */
  private static JsonObject submitIn(String channel, JsonArray documents) {
    return submitIn(channel, documents, TestTokens.REFERENCE_OFFICE);
  }

  /** The same, declared at this customs office. */
  private static JsonObject submitIn(String channel, JsonArray documents, String office) {
    JsonObject changes =
        new JsonObject()
            .put(
                "transportDocument",
                "DESK" + ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
    if (documents != null) {
      changes.put("documents", documents);
    }
    changes.put("customsOfficeCode", office);
    JsonObject d = PaymentFixture.submit(vertx, TRADER, changes);
    if (!channel.equals(d.getString("channel"))) {
      HttpResponse<Buffer> r =
          Await.result(
              TestApi.client(vertx)
                  .post("/api/v1/declarations/" + d.getString("id") + "/reroute")
                  .bearerTokenAuthentication(TestTokens.officer("desk-setup-" + office, office))
                  .sendJsonObject(
                      new JsonObject()
                          .put("channel", channel)
                          .put("reason", "chọn kiểm tra theo kế hoạch")));
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      return r.bodyAsJsonObject();
    }
    return d;
  }

  /** Uploads a file for the trader; the declaration's entry naming it. */
  private static JsonObject upload(String kind, byte[] bytes) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/enterprises/" + TRADER + "/documents")
                .bearerTokenAuthentication(PaymentFixture.token(TRADER))
                .putHeader("Content-Type", kind.equals("png") ? "image/png" : "application/pdf")
                .sendBuffer(Buffer.buffer(bytes)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject stored = r.bodyAsJsonObject();
    String date = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).minusDays(2).toString();
    return new JsonObject()
        .put("kind", kind.equals("png") ? "COMMERCIAL_INVOICE" : "PACKING_LIST")
        .put(
            "number",
            (kind.equals("png") ? "INV-" : "PL-")
                + ThreadLocalRandom.current().nextInt(10_000, 99_999))
        .put("issuer", "Shenzhen Example Electronics Co., Ltd")
        .put("date", date)
        .put("documentId", stored.getString("id"))
        .put("sha256", stored.getString("sha256"));
  }

  private static JsonObject traderView(String id) {
    return PaymentFixture.declaration(vertx, id);
  }

  private static String history(String token, String id) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .get("/api/v1/declarations/" + id + "/history")
                .bearerTokenAuthentication(token)
                .send());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsString();
  }

  /** A scanned invoice: a small PNG with some text on it. */
  private static byte[] png() {
    BufferedImage image = new BufferedImage(480, 300, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 480, 300);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 24));
    g.drawString("COMMERCIAL INVOICE", 30, 50);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    g.drawString("200 x smartphones 128 GB, HS 8517.13.00", 30, 100);
    g.drawString("Total USD 40,000.00 CIF Hai Phong", 30, 130);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** A one-page packing list: a small valid PDF (cross-reference offsets computed). */
  private static byte[] pdf() {
    String text = "BT /F1 18 Tf 60 740 Td (PACKING LIST - 20 cartons, 60 kg gross) Tj ET";
    List<String> objects =
        List.of(
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                + " /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length " + text.length() + " >>\nstream\n" + text + "\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    StringBuilder pdf = new StringBuilder("%PDF-1.4\n");
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      offsets.add(pdf.length());
      pdf.append(i + 1).append(" 0 obj\n").append(objects.get(i)).append("\nendobj\n");
    }
    int xref = pdf.length();
    pdf.append("xref\n0 ").append(objects.size() + 1).append("\n0000000000 65535 f \n");
    for (int o : offsets) {
      pdf.append(String.format("%010d 00000 n \n", o));
    }
    pdf.append("trailer\n<< /Size ")
        .append(objects.size() + 1)
        .append(" /Root 1 0 R >>\nstartxref\n")
        .append(xref)
        .append("\n%%EOF\n");
    return pdf.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
