package vn.customs.digital.lab.payments;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import vn.customs.digital.api.payments.PaymentsConfig;
import vn.customs.digital.api.payments.Vnpay;

/**
 * A sandbox bank that speaks VNPAY's merchant protocol, for development and tests: the payment page
 * a payment URL opens, the signed IPN back to the merchant, the browser's return to the app, and
 * switches that make it misbehave the ways a real gateway does (declines, late IPNs, duplicates,
 * IPNs out of order, IPNs that never arrive). Its transaction list is what {@code ops/payments
 * reconcile} compares with the api's payments.
 *
 * <p>State lives in memory, bounded; the bank forgets everything when it stops.
 *
 * <pre>
 * GET  /paymentv2/vpcpay.html?vnp_...   the pay page (checks the merchant's signature)
 * POST /paymentv2/confirm               the payer's choice (form: vnp_TxnRef, bankCode, action=pay|cancel)
 * GET  /sandbox/transactions?date=D     transactions paid on D (GMT+7), as JSON
 * GET|PUT /sandbox/switches             {decline, ipnDelayMs, duplicateIpn, outOfOrderIpn, dropIpn}
 * </pre>
 */
public final class SandboxBank extends VerticleBase {
  public static final String PAY_PATH = "/paymentv2/vpcpay.html";
  public static final String CONFIRM_PATH = "/paymentv2/confirm";
  private static final int MAX_ORDERS = 10_000;
  private static final int MAX_TRANSACTIONS = 100_000;
  private static final long MAX_DELAY_MS = 600_000;
  private static final List<String> BANKS =
      List.of("NCB", "VCB", "BIDV", "VIETINBANK", "TECHCOMBANK", "MBBANK", "VNPAYQR");

  /** Where the bank listens, who it is a bank for, and where it sends IPNs. */
  public record Settings(String host, int port, String tmnCode, String hashSecret, String ipnUrl) {
    public static Settings fromEnv(Map<String, String> env) {
      PaymentsConfig gateway = PaymentsConfig.fromEnv(env);
      String host = env.getOrDefault("SANDBOX_BANK_HOST", "127.0.0.1");
      int port;
      try {
        port = Integer.parseInt(env.getOrDefault("SANDBOX_BANK_PORT", "8090").trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("SANDBOX_BANK_PORT must be a port number");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("SANDBOX_BANK_PORT must be 0..65535");
      }
      String ipn =
          env.getOrDefault("SANDBOX_IPN_URL", "http://localhost:8080/api/v1/payments/vnpay/ipn");
      URI.create(ipn);
      return new Settings(host, port, gateway.tmnCode(), gateway.hashSecret(), ipn);
    }
  }

  /** How the bank misbehaves; changed at run time through /sandbox/switches. */
  public record Switches(
      boolean decline,
      long ipnDelayMs,
      boolean duplicateIpn,
      boolean outOfOrderIpn,
      boolean dropIpn) {
    static final Switches NORMAL = new Switches(false, 0, false, false, false);

    JsonObject toJson() {
      return new JsonObject()
          .put("decline", decline)
          .put("ipnDelayMs", ipnDelayMs)
          .put("duplicateIpn", duplicateIpn)
          .put("outOfOrderIpn", outOfOrderIpn)
          .put("dropIpn", dropIpn);
    }

    Switches with(JsonObject j) {
      long delay = j.getLong("ipnDelayMs", ipnDelayMs);
      if (delay < 0 || delay > MAX_DELAY_MS) {
        throw new IllegalArgumentException("ipnDelayMs must be 0.." + MAX_DELAY_MS);
      }
      return new Switches(
          j.getBoolean("decline", decline),
          delay,
          j.getBoolean("duplicateIpn", duplicateIpn),
          j.getBoolean("outOfOrderIpn", outOfOrderIpn),
          j.getBoolean("dropIpn", dropIpn));
    }
  }

  private record Order(Map<String, String> params, BigDecimal amountVnd, Instant expiresAt) {}

  /**
   * One transaction at the bank: what was paid (or refused) and what the merchant answered to each
   * IPN.
   */
  private record Transaction(
      String txnRef,
      String transactionNo,
      BigDecimal amountVnd,
      String responseCode,
      String bankCode,
      Instant payDate,
      Map<String, String> ipn,
      JsonArray answers) {
    boolean success() {
      return Vnpay.SUCCESS.equals(responseCode);
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("txnRef", txnRef)
          .put("transactionNo", transactionNo)
          .put("amountVnd", amountVnd.toPlainString())
          .put("currency", "VND")
          .put("status", success() ? "SUCCESS" : "FAILED")
          .put("responseCode", responseCode)
          .put("bankCode", bankCode)
          .put("payDate", Vnpay.time(payDate))
          .put("paidAt", payDate.toString())
          .put("ipnAnswers", answers.copy());
    }
  }

  private final Settings settings;
  private final Map<String, Order> orders = new LinkedHashMap<>();
  private final List<Transaction> transactions = new ArrayList<>();
  private Switches switches = Switches.NORMAL;
  private long nextTransactionNo = 14_000_001L;
  private WebClient client;
  private HttpServer server;

  public SandboxBank(Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) {
    // The api's text logging (the shaded jar holds logback without a default configuration).
    System.setProperty("logback.configurationFile", "logback-text.xml");
    Settings settings;
    try {
      settings = Settings.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("sandbox bank: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    SandboxBank bank = new SandboxBank(settings);
    vertx.deployVerticle(bank).toCompletionStage().toCompletableFuture().join();
    System.err.println(
        "sandbox bank (VNPAY protocol) on http://"
            + settings.host()
            + ":"
            + bank.port()
            + PAY_PATH
            + " , IPN to "
            + settings.ipnUrl()
            + " , transactions at /sandbox/transactions");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  vertx.close().toCompletionStage().toCompletableFuture().join();
                  stopped.countDown();
                },
                "shutdown"));
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout(5_000)
                .setIdleTimeout(30)
                .setFollowRedirects(false));
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(16 * 1024));
    router.get(PAY_PATH).handler(this::payPage);
    router.post(CONFIRM_PATH).handler(this::confirm);
    router.get("/sandbox/transactions").handler(this::transactions);
    router.get("/sandbox/switches").handler(ctx -> json(ctx, 200, switches.toJson()));
    router.put("/sandbox/switches").handler(this::setSwitches);
    router
        .get("/")
        .handler(
            ctx ->
                json(
                    ctx,
                    200,
                    new JsonObject()
                        .put("bank", "Digital Customs sandbox bank (VNPAY protocol 2.1.0)")
                        .put("tmnCode", settings.tmnCode())
                        .put("payUrl", PAY_PATH)
                        .put("transactions", "/sandbox/transactions?date=YYYY-MM-DD")
                        .put("switches", switches.toJson())));
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(settings.port(), settings.host());
  }

  private void payPage(RoutingContext ctx) {
    Map<String, String> p = new HashMap<>();
    ctx.queryParams().forEach(e -> p.putIfAbsent(e.getKey(), e.getValue()));
    String problem = checkPayment(p);
    if (problem != null) {
      html(
          ctx,
          400,
          "<h1>Giao dịch không hợp lệ / Invalid transaction</h1><p>" + escape(problem) + "</p>");
      return;
    }
    BigDecimal amount = new BigDecimal(p.get("vnp_Amount")).movePointLeft(2);
    String ref = p.get("vnp_TxnRef");
    if (transactions.stream().anyMatch(t -> t.txnRef().equals(ref) && t.success())) {
      html(ctx, 409, "<h1>Giao dịch đã được thanh toán / Already paid</h1>");
      return;
    }
    orders.remove(ref);
    orders.put(ref, new Order(Map.copyOf(p), amount, Vnpay.parseTime(p.get("vnp_ExpireDate"))));
    trim(orders);
    StringBuilder banks = new StringBuilder();
    BANKS.forEach(b -> banks.append("<option>").append(b).append("</option>"));
    html(
        ctx,
        200,
        "<h1>Sandbox bank - VNPAY</h1>"
            + "<p>Merchant "
            + escape(settings.tmnCode())
            + ", order "
            + escape(ref)
            + "</p>"
            + "<p>"
            + escape(p.get("vnp_OrderInfo"))
            + "</p>"
            + "<p><strong>"
            + amount.toPlainString()
            + " VND</strong>, before "
            + escape(p.get("vnp_ExpireDate"))
            + " (GMT+7)</p>"
            + "<form method=\"post\" action=\""
            + CONFIRM_PATH
            + "\">"
            + "<input type=\"hidden\" name=\"vnp_TxnRef\" value=\""
            + escape(ref)
            + "\">"
            + "<label>Ngân hàng / Bank <select name=\"bankCode\">"
            + banks
            + "</select></label> "
            + "<button name=\"action\" value=\"pay\">Thanh toán / Pay</button> "
            + "<button name=\"action\" value=\"cancel\">Hủy / Cancel</button></form>");
  }

  /** What VNPAY checks before showing its page; null when the request is acceptable. */
  private String checkPayment(Map<String, String> p) {
    if (!Vnpay.verify(settings.hashSecret(), p)) {
      return "invalid signature (vnp_SecureHash)";
    }
    if (!Vnpay.VERSION.equals(p.get("vnp_Version"))
        || !Vnpay.COMMAND_PAY.equals(p.get("vnp_Command"))) {
      return "vnp_Version must be 2.1.0 and vnp_Command pay";
    }
    if (!settings.tmnCode().equals(p.get("vnp_TmnCode"))) {
      return "unknown merchant terminal";
    }
    String amount = p.get("vnp_Amount");
    if (amount == null || !amount.matches("[1-9][0-9]{0,19}00")) {
      return "vnp_Amount must be a whole dong amount times 100";
    }
    if (!"VND".equals(p.get("vnp_CurrCode"))) {
      return "vnp_CurrCode must be VND";
    }
    String ref = p.get("vnp_TxnRef");
    if (ref == null || !ref.matches("[A-Za-z0-9]{1,100}")) {
      return "vnp_TxnRef is missing or not alphanumeric";
    }
    for (String required :
        List.of(
            "vnp_OrderInfo",
            "vnp_OrderType",
            "vnp_Locale",
            "vnp_ReturnUrl",
            "vnp_IpAddr",
            "vnp_CreateDate")) {
      if (p.get(required) == null || p.get(required).isEmpty()) {
        return required + " is required";
      }
    }
    Instant expires = Vnpay.parseTime(p.get("vnp_ExpireDate"));
    if (expires == null || Vnpay.parseTime(p.get("vnp_CreateDate")) == null) {
      return "vnp_CreateDate and vnp_ExpireDate must be yyyyMMddHHmmss";
    }
    if (!expires.isAfter(Instant.now())) {
      return "the payment has expired";
    }
    return null;
  }

  private void confirm(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    String ref = form.get("vnp_TxnRef");
    Order order = ref == null ? null : orders.get(ref);
    if (order == null) {
      html(ctx, 404, "<h1>Không tìm thấy giao dịch / No such order</h1>");
      return;
    }
    String bank =
        form.get("bankCode") == null || !BANKS.contains(form.get("bankCode"))
            ? "NCB"
            : form.get("bankCode");
    Instant now = Instant.now();
    String code;
    if (!now.isBefore(order.expiresAt())) {
      code = "11"; // the payment window expired
    } else if ("cancel".equals(form.get("action"))) {
      code = "24"; // the customer cancelled
    } else if (switches.decline()) {
      code = "51"; // insufficient funds
    } else {
      code = Vnpay.SUCCESS;
    }
    orders.remove(ref);
    Switches s = switches;
    List<Transaction> ipnOrder = new ArrayList<>();
    Transaction settled;
    if (s.outOfOrderIpn() && Vnpay.SUCCESS.equals(code)) {
      // An earlier declined attempt whose IPN the bank delivers after the success's.
      Transaction stale = record(order, ref, "51", bank, now.minusSeconds(30));
      settled = record(order, ref, code, bank, now);
      ipnOrder.add(settled);
      ipnOrder.add(stale);
    } else {
      settled = record(order, ref, code, bank, now);
      ipnOrder.add(settled);
    }
    if (!s.dropIpn()) {
      vertx.setTimer(
          Math.max(1, s.ipnDelayMs()), t -> deliverInOrder(ipnOrder.iterator(), s.duplicateIpn()));
    }
    String returnUrl = order.params().get("vnp_ReturnUrl");
    ctx.response()
        .setStatusCode(302)
        .putHeader(
            HttpHeaders.LOCATION,
            returnUrl
                + (returnUrl.contains("?") ? "&" : "?")
                + Vnpay.signedQuery(settings.hashSecret(), settled.ipn()))
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end();
  }

  private Transaction record(Order order, String ref, String code, String bank, Instant payDate) {
    String no = String.valueOf(nextTransactionNo++);
    Map<String, String> ipn = new LinkedHashMap<>();
    ipn.put("vnp_Amount", order.params().get("vnp_Amount"));
    ipn.put("vnp_BankCode", bank);
    ipn.put("vnp_BankTranNo", "VNP" + no);
    ipn.put("vnp_CardType", "ATM");
    ipn.put("vnp_OrderInfo", order.params().get("vnp_OrderInfo"));
    ipn.put("vnp_PayDate", Vnpay.time(payDate));
    ipn.put("vnp_ResponseCode", code);
    ipn.put("vnp_TmnCode", settings.tmnCode());
    ipn.put("vnp_TransactionNo", no);
    ipn.put("vnp_TransactionStatus", Vnpay.SUCCESS.equals(code) ? "00" : "02");
    ipn.put("vnp_TxnRef", ref);
    Transaction t =
        new Transaction(
            ref, no, order.amountVnd(), code, bank, payDate, Map.copyOf(ipn), new JsonArray());
    transactions.add(t);
    if (transactions.size() > MAX_TRANSACTIONS) {
      transactions.remove(0);
    }
    return t;
  }

  /**
   * IPNs one after another (each after the previous one's answer); with duplicates, each sent twice
   * at once.
   */
  private void deliverInOrder(Iterator<Transaction> next, boolean duplicate) {
    if (!next.hasNext()) {
      return;
    }
    Transaction t = next.next();
    Future<Void> sent =
        duplicate ? Future.join(deliver(t, 1), deliver(t, 1)).mapEmpty() : deliver(t, 1);
    sent.onComplete(done -> deliverInOrder(next, duplicate));
  }

  /**
   * One IPN, retried (up to 3 attempts) when the merchant does not answer with a RspCode, as VNPAY
   * retries.
   */
  private Future<Void> deliver(Transaction t, int attempt) {
    Promise<Void> done = Promise.promise();
    String url =
        settings.ipnUrl()
            + (settings.ipnUrl().contains("?") ? "&" : "?")
            + Vnpay.signedQuery(settings.hashSecret(), t.ipn());
    client
        .getAbs(url)
        .timeout(10_000)
        .send()
        .onComplete(
            ar -> {
              String rsp = null;
              if (ar.succeeded() && ar.result().statusCode() == 200) {
                try {
                  JsonObject body = ar.result().bodyAsJsonObject();
                  rsp = body == null ? null : body.getString("RspCode");
                  if (rsp != null) {
                    t.answers()
                        .add(
                            new JsonObject()
                                .put("at", Instant.now().toString())
                                .put("rspCode", rsp)
                                .put("message", body.getString("Message")));
                  }
                } catch (DecodeException | ClassCastException e) {
                  rsp = null;
                }
              }
              if (rsp != null) {
                done.complete();
              } else if (attempt < 3) {
                t.answers()
                    .add(
                        new JsonObject()
                            .put("at", Instant.now().toString())
                            .put(
                                "error",
                                ar.failed()
                                    ? String.valueOf(ar.cause().getMessage())
                                    : "HTTP " + ar.result().statusCode()));
                vertx.setTimer(500L * attempt, x -> deliver(t, attempt + 1).onComplete(done));
              } else {
                t.answers()
                    .add(
                        new JsonObject()
                            .put("at", Instant.now().toString())
                            .put("error", "gave up after 3 attempts"));
                done.complete();
              }
            });
    return done.future();
  }

  private void transactions(RoutingContext ctx) {
    String date = ctx.queryParams().get("date");
    LocalDate day = null;
    if (date != null) {
      try {
        day = LocalDate.parse(date);
      } catch (DateTimeParseException e) {
        json(ctx, 400, new JsonObject().put("error", "date must be YYYY-MM-DD"));
        return;
      }
    }
    JsonArray out = new JsonArray();
    for (Transaction t : transactions) {
      if (day == null || t.payDate().atOffset(Vnpay.ZONE).toLocalDate().equals(day)) {
        out.add(t.toJson());
      }
    }
    json(
        ctx,
        200,
        new JsonObject()
            .put("tmnCode", settings.tmnCode())
            .put("date", date)
            .put("transactions", out));
  }

  private void setSwitches(RoutingContext ctx) {
    try {
      switches = switches.with(ctx.body().asJsonObject());
      json(ctx, 200, switches.toJson());
    } catch (DecodeException
        | IllegalArgumentException
        | ClassCastException
        | NullPointerException e) {
      json(
          ctx,
          400,
          new JsonObject()
              .put("error", "a JSON object of switches is expected: " + e.getMessage()));
    }
  }

  private static void trim(Map<String, Order> orders) {
    Iterator<String> oldest = orders.keySet().iterator();
    while (orders.size() > MAX_ORDERS && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.encodePrettily());
  }

  private static void html(RoutingContext ctx, int status, String body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .end(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sandbox bank</title></head><body>"
                + body
                + "</body></html>");
  }

  private static String escape(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
