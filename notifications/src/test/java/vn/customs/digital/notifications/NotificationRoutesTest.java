package vn.customs.digital.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.notifications.OutboxDatabase.append;
import static vn.customs.digital.notifications.OutboxDatabase.await;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
class NotificationRoutesTest {

  private static final NotificationsConfig CONFIG =
      NotificationsConfig.defaults().withSseHeartbeat(Duration.ofMillis(200));
  private static final String TRADER_TAX_CODE = "0312345678";

  private Pool pool;
  private int port;
  private HttpClient client;

  record Reply(int status, String contentType, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    OutboxDatabase.reset();
    pool = OutboxDatabase.pool(vertx);
    port = startInstance(vertx, pool);
    client = vertx.createHttpClient();
  }

  /** One api instance: its own pool, routes (with their LISTEN connection) and HTTP server. */
  private static int startInstance(Vertx vertx, Pool pool) {
    NotificationRoutes routes = await(NotificationRoutes.start(vertx, pool, CONFIG));
    Router router = Router.router(vertx);
    routes.mount(router, TestUsers::fromHeader);
    return await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"))
        .actualPort();
  }

  private Reply call(HttpMethod method, String uri, String user, JsonObject body) {
    RequestOptions options =
        new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri);
    if (user != null) {
      options.putHeader(TestUsers.HEADER, user);
    }
    return exchange(options, body);
  }

  /**
   * One request and its whole answer. The body is asked for in the callback that gets the
   * response's head, on the event loop: asked for later (from the test's thread), a short answer
   * may have ended before anyone read it, and the future of its body would never complete.
   */
  private Reply exchange(RequestOptions options, JsonObject body) {
    return await(
        client
            .request(options)
            .compose(
                req ->
                    (body == null
                            ? req.send()
                            : req.putHeader("Content-Type", "application/json")
                                .send(body.toBuffer()))
                        .compose(
                            resp ->
                                resp.body()
                                    .map(
                                        b ->
                                            new Reply(
                                                resp.statusCode(),
                                                resp.getHeader("Content-Type"),
                                                b.toString())))));
  }

  private static JsonObject registration(String token, String platform, String lang) {
    return new JsonObject().put("token", token).put("platform", platform).put("lang", lang);
  }

  @Test
  @DisplayName(
      "Registering a push token creates it once (201) and updates it on repeat (200), bound to the caller's enterprise and roles")
  void registerTokenIdempotently() {
    Reply first =
        call(
            HttpMethod.POST,
            NotificationRoutes.PUSH_TOKENS,
            TestUsers.TRADER,
            registration("fcm-token-1", "android", "vi"));
    Reply again =
        call(
            HttpMethod.POST,
            NotificationRoutes.PUSH_TOKENS,
            TestUsers.TRADER,
            registration("fcm-token-1", "android", "en"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().getString("lang")).isEqualTo("en");
    assertThat(OutboxDatabase.tokens()).containsExactly("fcm-token-1");
    assertThat(OutboxDatabase.count("true")).isZero();
  }

  @Test
  @DisplayName(
      "An invalid registration is refused with RFC 9457 problem details naming each bad field")
  void invalidRegistration() {
    Reply reply =
        call(
            HttpMethod.POST,
            NotificationRoutes.PUSH_TOKENS,
            TestUsers.TRADER,
            registration("x".repeat(4097), "blackberry", "fr"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).isEqualTo("application/problem+json");
    JsonObject problem = reply.json();
    assertThat(problem.getString("type")).isEqualTo("urn:digital-customs:problem:validation");
    assertThat(problem.getInteger("status")).isEqualTo(400);
    assertThat(
            problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("pointer")))
        .containsExactly("/token", "/platform", "/lang");
    assertThat(OutboxDatabase.tokens()).isEmpty();
  }

  @Test
  @DisplayName("Without an authenticated user the routes answer 401 problem details")
  void unauthenticated() {
    Reply reply = call(HttpMethod.GET, NotificationRoutes.EVENTS, null, null);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.json().getString("type"))
        .isEqualTo("urn:digital-customs:problem:unauthenticated");
  }

  @Test
  @DisplayName("A user deletes only their own push tokens")
  void deleteOnlyOwnTokens() {
    call(
        HttpMethod.POST,
        NotificationRoutes.PUSH_TOKENS,
        TestUsers.TRADER,
        registration("mine:1", "ios", "vi"));
    String path =
        NotificationRoutes.PUSH_TOKENS + "/" + URLEncoder.encode("mine:1", StandardCharsets.UTF_8);

    Reply byOther = call(HttpMethod.DELETE, path, TestUsers.OTHER_TRADER, null);
    assertThat(byOther.status()).isEqualTo(204);
    assertThat(OutboxDatabase.tokens()).containsExactly("mine:1");

    Reply byOwner = call(HttpMethod.DELETE, path, TestUsers.TRADER, null);
    assertThat(byOwner.status()).isEqualTo(204);
    assertThat(OutboxDatabase.tokens()).isEmpty();
  }

  @Test
  @DisplayName(
      "Live-only messages (outbox_append_live) reach the officers of their office, live and on resume, and"
          + " nobody else; no push worker ever claims them")
  void liveOnlyForAnOffice() {
    SseProbe here = SseProbe.open(client, port, TestUsers.OFFICER_03CC, null);
    SseProbe elsewhere = SseProbe.open(client, port, TestUsers.OFFICER_04CC, null);
    long first = liveOnly("D-31", "queue.entered", "03CC");
    long other = liveOnly("D-41", "queue.entered", "04CC");
    SseProbe.Event e1 = here.next();
    assertThat(e1.data().getLong("seq")).isEqualTo(first);
    assertThat(e1.data().getString("declarationNumber")).isEqualTo("N-D-31");
    assertThat(e1.data().getString("status")).isEqualTo("DOCUMENT_CHECK");
    assertThat(e1.data().getString("priority")).isEqualTo("normal");
    assertThat(e1.data().getJsonObject("data").getString("office")).isEqualTo("03CC");
    assertThat(elsewhere.next().data().getLong("seq")).isEqualTo(other);

    here.drop();
    long missed = liveOnly("D-31", "queue.left", "03CC");
    liveOnly("D-51", "queue.entered", "05CC");
    SseProbe resumed = SseProbe.open(client, port, TestUsers.OFFICER_03CC, Long.toString(e1.id()));
    assertThat(resumed.next().data().getLong("seq")).isEqualTo(missed);
    // an officer's role alone, or a trader, gets none of them
    SseProbe trader = SseProbe.open(client, port, TestUsers.TRADER, "0");
    SseProbe anyOfficer = SseProbe.open(client, port, TestUsers.OFFICER, "0");
    OutboxMessage mine = OutboxDatabase.message("D-1", "declaration.released", TRADER_TAX_CODE);
    append(pool, mine);
    assertThat(trader.next().messageId()).isEqualTo(mine.id().toString());
    long last = liveOnly("D-31", "queue.updated", "03CC");
    OutboxMessage alert =
        new OutboxMessage(
            UUID.randomUUID(),
            null,
            null,
            "seal.alert",
            null,
            null,
            List.of(),
            List.of("officer"),
            true,
            new JsonObject());
    append(pool, alert);
    // Had an office's event leaked to the officer without offices, it would come before the alert.
    assertThat(anyOfficer.next().messageId()).isEqualTo(alert.id().toString());
    assertThat(resumed.next().data().getLong("seq")).isEqualTo(last);
    // written sent, for the stream only: no attempt, no device
    assertThat(
            OutboxDatabase.count(
                "event_type like 'queue.%' and (status <> 'SENT' or attempts <> 0 or pushed_devices <> 0)"))
        .isZero();
    assertThat(OutboxDatabase.count("event_type like 'queue.%'")).isEqualTo(5);
  }

  /**
   * One live-only message for the officers of an office, as the api's queue triggers write it; its
   * outbox seq.
   */
  private static long liveOnly(String declarationId, String eventType, String office) {
    JsonObject message =
        new JsonObject()
            .put("declarationId", declarationId)
            .put("eventType", eventType)
            .put("declarationNumber", "N-" + declarationId)
            .put("status", "DOCUMENT_CHECK")
            .put("channel", "yellow")
            .put("audience", new JsonArray().add(NotificationUser.OFFICE_AUDIENCE + office))
            .put("data", new JsonObject().put("office", office).put("queue", "yellow"));
    OutboxDatabase.execute(
        "select outbox_append_live('" + new JsonArray().add(message).encode() + "'::jsonb)");
    return OutboxDatabase.scalar(
        "select max(seq) from outbox where event_type = '"
            + eventType
            + "' and declaration_id = '"
            + declarationId
            + "'");
  }

  @Test
  @DisplayName(
      "After a dropped connection the stream resumes from Last-Event-ID with exactly the user's missed events")
  void resumeWithLastEventId() {
    SseProbe first = SseProbe.open(client, port, TestUsers.TRADER, null);
    OutboxMessage submitted =
        OutboxDatabase.message("D-1", "declaration.submitted", TRADER_TAX_CODE);
    OutboxMessage channel =
        OutboxDatabase.message("D-1", "declaration.channel-assigned", TRADER_TAX_CODE);
    append(pool, submitted);
    append(pool, channel);
    SseProbe.Event e1 = first.next();
    SseProbe.Event e2 = first.next();
    assertThat(List.of(e1.messageId(), e2.messageId()))
        .containsExactly(submitted.id().toString(), channel.id().toString());
    assertThat(e2.id()).isGreaterThan(e1.id());

    first.drop();
    OutboxMessage missed = OutboxDatabase.message("D-1", "declaration.released", TRADER_TAX_CODE);
    OutboxMessage otherEnterprise =
        OutboxDatabase.message("D-9", "declaration.released", "0399999999");
    OutboxMessage officersOnly =
        new OutboxMessage(
            UUID.randomUUID(),
            null,
            null,
            "seal.alert",
            null,
            null,
            List.of(),
            List.of("officer"),
            true,
            new JsonObject().put("gate", "HP-01"));
    append(pool, missed, otherEnterprise, officersOnly);

    SseProbe resumed = SseProbe.open(client, port, TestUsers.TRADER, Long.toString(e2.id()));
    SseProbe.Event replayed = resumed.next();
    assertThat(replayed.messageId()).isEqualTo(missed.id().toString());
    assertThat(replayed.data().getString("eventType")).isEqualTo("declaration.released");
    assertThat(replayed.data().getString("declarationId")).isEqualTo("D-1");

    OutboxMessage gateOut = OutboxDatabase.message("D-1", "gate.exited", TRADER_TAX_CODE);
    append(pool, gateOut);
    // Had the other enterprise's or the officers' event leaked, it would come before this one.
    assertThat(resumed.next().messageId()).isEqualTo(gateOut.id().toString());
  }

  @Test
  @DisplayName(
      "A streamed event carries the W3C traceparent of the request that wrote it, live and replayed;"
          + " null when it was written outside any trace")
  void eventsCarryTraceparent() {
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
            .build();
    try {
      SseProbe live = SseProbe.open(client, port, TestUsers.TRADER, null);
      OutboxMessage traced =
          OutboxDatabase.message("D-40", "declaration.submitted", TRADER_TAX_CODE);
      OutboxMessage untraced =
          OutboxDatabase.message("D-41", "declaration.submitted", TRADER_TAX_CODE);
      Span request = tracing.get("test").spanBuilder("POST /declarations").startSpan();
      Future<Void> written;
      try (Scope scope = request.makeCurrent()) {
        written = Outbox.append(pool, traced);
      }
      await(written);
      request.end();
      append(pool, untraced);
      SpanContext writer = request.getSpanContext();
      assertThat(writer.isValid()).isTrue();
      String traceparent =
          "00-"
              + writer.getTraceId()
              + "-"
              + writer.getSpanId()
              + "-"
              + writer.getTraceFlags().asHex();

      SseProbe.Event first = live.next();
      SseProbe.Event second = live.next();
      assertThat(first.messageId()).isEqualTo(traced.id().toString());
      assertThat(first.data().getString("traceparent")).isEqualTo(traceparent);
      assertThat(second.messageId()).isEqualTo(untraced.id().toString());
      assertThat(second.data().containsKey("traceparent")).isTrue();
      assertThat(second.data().getValue("traceparent")).isNull();
      live.drop();

      SseProbe resumed = SseProbe.open(client, port, TestUsers.TRADER, "0");
      SseProbe.Event replayed = resumed.next();
      assertThat(replayed.messageId()).isEqualTo(traced.id().toString());
      assertThat(replayed.data().getString("traceparent")).isEqualTo(traceparent);
      resumed.drop();
    } finally {
      tracing.close();
    }
  }

  @Test
  @DisplayName(
      "A client cut right after an event that committed before one written earlier gets the earlier one when it"
          + " resumes, then nothing twice")
  void resumeAcrossCommitOrder(Vertx vertx) {
    resumeAfterCommitsOutOfOrder(vertx, false);
  }

  @Test
  @DisplayName(
      "The same when the transaction that wrote later took its transaction id first (as one that locked its"
          + " declaration row before writing does)")
  void resumeAcrossCommitOrderWithEarlierTransactionId(Vertx vertx) {
    resumeAfterCommitsOutOfOrder(vertx, true);
  }

  /**
   * Two concurrent transactions append; the one that appended second (higher outbox seq) commits
   * first and is delivered; the client is cut right after it, the other transaction commits, and
   * the client resumes with the id it last received.
   */
  private void resumeAfterCommitsOutOfOrder(Vertx vertx, boolean laterTakesXidFirst) {
    Pool writers = OutboxDatabase.pool(vertx);
    SqlConnection earlierConn = await(writers.getConnection());
    SqlConnection laterConn = await(writers.getConnection());
    try {
      SseProbe first = SseProbe.open(client, port, TestUsers.TRADER, null);
      Transaction laterTx = await(laterConn.begin());
      if (laterTakesXidFirst) {
        await(laterConn.query("SELECT pg_current_xact_id()").execute());
      }
      Transaction earlierTx = await(earlierConn.begin());
      OutboxMessage earlier =
          OutboxDatabase.message("D-21", "declaration.submitted", TRADER_TAX_CODE);
      OutboxMessage later =
          OutboxDatabase.message("D-22", "declaration.submitted", TRADER_TAX_CODE);
      await(Outbox.append(earlierConn, earlier));
      await(Outbox.append(laterConn, later));
      assertThat(ownSeq(earlierConn, earlier)).isLessThan(ownSeq(laterConn, later));

      await(laterTx.commit());
      SseProbe.Event received = first.next();
      assertThat(received.messageId()).isEqualTo(later.id().toString());
      first.drop();
      await(earlierTx.commit());

      SseProbe resumed =
          SseProbe.open(client, port, TestUsers.TRADER, Long.toString(received.id()));
      SseProbe.Event missed = resumed.next();
      assertThat(missed.messageId()).isEqualTo(earlier.id().toString());
      assertThat(missed.id()).isGreaterThan(received.id());
      OutboxMessage next = OutboxDatabase.message("D-21", "declaration.released", TRADER_TAX_CODE);
      append(pool, next);
      // Had either event come a second time, it would come before this one.
      SseProbe.Event afterwards = resumed.next();
      assertThat(afterwards.messageId()).isEqualTo(next.id().toString());
      assertThat(afterwards.id()).isGreaterThan(missed.id());
    } finally {
      await(earlierConn.close());
      await(laterConn.close());
      await(writers.close());
    }
  }

  @Test
  @DisplayName(
      "Under concurrent writers, a client cut after every few events and resuming on either of two instances"
          + " receives every event once, ids only going up")
  void resumeUnderConcurrentWriters(Vertx vertx) {
    Pool otherPool = OutboxDatabase.pool(vertx);
    int[] ports = {port, startInstance(vertx, otherPool)};
    Pool writers = OutboxDatabase.pool(vertx);
    int count = 120;
    Set<String> expected = new HashSet<>();
    List<Future<Void>> written = new ArrayList<>();
    SseProbe probe = SseProbe.open(client, ports[0], TestUsers.TRADER, null);
    for (int i = 0; i < count; i++) {
      OutboxMessage m =
          OutboxDatabase.message("D-" + (i % 7), "declaration.submitted", TRADER_TAX_CODE);
      expected.add(m.id().toString());
      // Each transaction lingers a random few milliseconds after its insert: commits come out of
      // seq order.
      written.add(
          writers.withTransaction(
              conn ->
                  Outbox.append(conn, m)
                      .compose(
                          v ->
                              conn.query("SELECT pg_sleep(random() * 0.02)")
                                  .execute()
                                  .mapEmpty())));
    }
    List<String> received = new ArrayList<>();
    long lastId = 0;
    Random random = new Random(42);
    int connection = 0;
    while (received.size() < count) {
      for (int n = 1 + random.nextInt(4); n > 0 && received.size() < count; n--) {
        SseProbe.Event event = probe.next();
        assertThat(event.id()).isGreaterThan(lastId);
        lastId = event.id();
        received.add(event.messageId());
      }
      probe.drop();
      connection++;
      probe = SseProbe.open(client, ports[connection % 2], TestUsers.TRADER, Long.toString(lastId));
    }
    await(Future.all(written));
    assertThat(received).doesNotHaveDuplicates();
    assertThat(new HashSet<>(received)).isEqualTo(expected);
    assertThat(connection).isGreaterThan(count / 4);
    await(writers.close());
  }

  /** The outbox seq of a message, read inside the transaction that wrote it. */
  private static long ownSeq(SqlConnection conn, OutboxMessage message) {
    return await(
            conn.preparedQuery("SELECT seq FROM outbox WHERE id = $1")
                .execute(Tuple.of(message.id())))
        .iterator()
        .next()
        .getLong("seq");
  }

  @Test
  @DisplayName(
      "An event committed through one instance reaches streams on another instance via LISTEN/NOTIFY")
  void acrossInstances(Vertx vertx) {
    Pool otherPool = OutboxDatabase.pool(vertx);
    int otherPort = startInstance(vertx, otherPool);
    SseProbe officerOnB = SseProbe.open(client, otherPort, TestUsers.OFFICER, null);
    SseProbe traderOnB = SseProbe.open(client, otherPort, TestUsers.TRADER, null);

    OutboxMessage alert =
        new OutboxMessage(
            UUID.randomUUID(),
            "D-7",
            "105000000007",
            "seal.alert",
            "IN_TRANSIT",
            null,
            List.of(TRADER_TAX_CODE),
            List.of("officer"),
            true,
            new JsonObject());
    append(pool, alert);

    SseProbe.Event officerEvent = officerOnB.next();
    SseProbe.Event traderEvent = traderOnB.next();
    assertThat(officerEvent.messageId()).isEqualTo(alert.id().toString());
    assertThat(officerEvent.data().getString("priority")).isEqualTo("high");
    assertThat(traderEvent.id()).isEqualTo(officerEvent.id());
  }

  @Test
  @DisplayName(
      "When the LISTEN connection is killed, it comes back and the stream still gets every event")
  void listenConnectionComesBack() {
    SseProbe probe = SseProbe.open(client, port, TestUsers.TRADER, null);
    long killed = terminateListeners();
    assertThat(killed).isPositive();

    OutboxMessage duringOutage =
        OutboxDatabase.message("D-8", "declaration.submitted", TRADER_TAX_CODE);
    append(pool, duringOutage);
    // Committed while the listener may be down: delivered by the catch-up after reconnecting, or by
    // NOTIFY.
    assertThat(probe.next().messageId()).isEqualTo(duringOutage.id().toString());

    Await.until("listening again", Duration.ofSeconds(10), () -> listeners() == 1);
    OutboxMessage after = OutboxDatabase.message("D-8", "declaration.released", TRADER_TAX_CODE);
    append(pool, after);
    assertThat(probe.next().messageId()).isEqualTo(after.id().toString());
  }

  private static long terminateListeners() {
    return OutboxDatabase.scalar(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            + "WHERE datname = current_database() AND query = 'LISTEN dc_outbox'");
  }

  private static long listeners() {
    return OutboxDatabase.scalar(
        "SELECT count(*) FROM pg_stat_activity "
            + "WHERE datname = current_database() AND query = 'LISTEN dc_outbox'");
  }

  @Test
  @DisplayName("An idle stream carries heartbeat comments")
  void heartbeat() {
    SseProbe probe = SseProbe.open(client, port, TestUsers.TRADER, null);

    assertThat(probe.nextComment()).isEqualTo("connected");
    assertThat(probe.nextComment()).isEqualTo("heartbeat");
  }

  @Test
  @DisplayName("A malformed Last-Event-ID is refused with problem details")
  void badLastEventId() {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI(NotificationRoutes.EVENTS)
            .putHeader(TestUsers.HEADER, TestUsers.TRADER)
            .putHeader("Last-Event-ID", "abc");
    Reply reply = exchange(options, null);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getString("type")).isEqualTo("urn:digital-customs:problem:validation");
  }

  @Test
  @DisplayName("Officers list dead letters and send one back to the queue; traders may not")
  void deadLetters() {
    OutboxMessage m = OutboxDatabase.message("D-3", "declaration.released", TRADER_TAX_CODE);
    append(pool, m);
    OutboxDatabase.execute(
        "UPDATE outbox SET status = 'FAILED', attempts = 10, last_error = 'INTERNAL: test', failed_at = now() WHERE id = '"
            + m.id()
            + "'");

    Reply forbidden = call(HttpMethod.GET, NotificationRoutes.DEAD_LETTERS, TestUsers.TRADER, null);
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.json().getString("type"))
        .isEqualTo("urn:digital-customs:problem:forbidden");

    Reply list = call(HttpMethod.GET, NotificationRoutes.DEAD_LETTERS, TestUsers.OFFICER, null);
    assertThat(list.status()).isEqualTo(200);
    JsonArray items = list.json().getJsonArray("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("id")).isEqualTo(m.id().toString());
    assertThat(items.getJsonObject(0).getInteger("attempts")).isEqualTo(10);
    assertThat(items.getJsonObject(0).getString("lastError")).isEqualTo("INTERNAL: test");

    Reply retried =
        call(
            HttpMethod.POST,
            NotificationRoutes.DEAD_LETTERS + "/" + m.id() + "/retry",
            TestUsers.OFFICER,
            null);
    assertThat(retried.status()).isEqualTo(202);
    assertThat(OutboxDatabase.row(m.id()).status()).isEqualTo("PENDING");
    assertThat(OutboxDatabase.row(m.id()).attempts()).isZero();

    Reply again =
        call(
            HttpMethod.POST,
            NotificationRoutes.DEAD_LETTERS + "/" + m.id() + "/retry",
            TestUsers.OFFICER,
            null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(
            call(
                    HttpMethod.GET,
                    NotificationRoutes.DEAD_LETTERS + "?limit=0",
                    TestUsers.OFFICER,
                    null)
                .status())
        .isEqualTo(400);
  }
}
