package vn.customs.digital.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.notifications.OutboxDatabase.append;
import static vn.customs.digital.notifications.OutboxDatabase.await;
import static vn.customs.digital.notifications.OutboxDatabase.message;
import static vn.customs.digital.notifications.OutboxDatabase.row;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.MutableClock;

@ExtendWith(VertxExtension.class)
class NotificationWorkerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(15);
  private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
  private static final String TRADER = "0312345678";

  /**
   * Quick polls, one-second leases and millisecond backoff, so that retries and lease expiry happen
   * within a test.
   */
  private static final NotificationsConfig FAST =
      NotificationsConfig.defaults()
          .withBatch(50, Duration.ofMillis(100), Duration.ofSeconds(1))
          .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(1));

  private final FakeFcm fcm = new FakeFcm();
  private Pool pool;

  @BeforeAll
  static void meters() {
    Metrics.addRegistry(METERS);
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    OutboxDatabase.reset();
    pool = OutboxDatabase.pool(vertx);
  }

  private String deploy(Vertx vertx, NotificationsConfig config, PushSender sender, Clock clock) {
    return await(vertx.deployVerticle(new NotificationWorker(pool, config, sender, clock)));
  }

  private PushSender fcmSender(Vertx vertx, Clock clock) {
    return new FcmPushSender(vertx, fcm.app(), clock);
  }

  @Test
  @DisplayName(
      "A committed message is pushed to every device of its recipients and marked sent, and an unregistered token is removed")
  void deliversAndRemovesUnregisteredToken(Vertx vertx) {
    OutboxDatabase.addToken("phone-ok", "trader-1", TRADER, "android", "vi", "trader");
    OutboxDatabase.addToken("phone-gone", "trader-1", TRADER, "ios", "en", "trader");
    OutboxDatabase.addToken(
        "other-enterprise", "trader-2", "0399999999", "android", "vi", "trader");
    fcm.answer(
        r ->
            r.token().equals("phone-gone")
                ? FakeFcm.Reply.error(404, "NOT_FOUND", "UNREGISTERED", null)
                : FakeFcm.Reply.ok());
    deploy(vertx, FAST, fcmSender(vertx, Clock.systemUTC()), Clock.systemUTC());
    OutboxMessage m = message("D-10", "declaration.submitted", TRADER);

    append(pool, m);

    Await.until("message sent", DEADLINE, () -> row(m.id()).status().equals("SENT"));
    assertThat(row(m.id()).pushedDevices()).isEqualTo(1);
    assertThat(fcm.requests())
        .extracting(FakeFcm.Request::token)
        .containsExactlyInAnyOrder("phone-ok", "phone-gone");
    assertThat(fcm.messageIds()).containsOnly(m.id().toString());
    assertThat(OutboxDatabase.tokens()).containsExactly("other-enterprise", "phone-ok");
  }

  @Test
  @DisplayName("A commit wakes an idle worker through LISTEN/NOTIFY, long before its next poll")
  void wakesOnNotify(Vertx vertx) {
    OutboxDatabase.addToken("phone", "trader-1", TRADER, "web", "en", "trader");
    NotificationsConfig hourlyPoll =
        FAST.withBatch(50, Duration.ofHours(1), Duration.ofSeconds(30));
    deploy(vertx, hourlyPoll, fcmSender(vertx, Clock.systemUTC()), Clock.systemUTC());
    OutboxMessage m = message("D-5", "declaration.channel-assigned", TRADER);

    append(pool, m);

    Await.until("message sent without a poll", DEADLINE, () -> row(m.id()).status().equals("SENT"));
    assertThat(fcm.messageIds()).containsExactly(m.id().toString());
  }

  @Test
  @DisplayName("An UNAVAILABLE answer is retried no sooner than its Retry-After, then delivered")
  void retriesUnavailableAfterRetryAfter(Vertx vertx) {
    retriesAfterRetryAfter(
        vertx, FakeFcm.Reply.error(503, "UNAVAILABLE", "UNAVAILABLE", "120"), 120, "UNAVAILABLE");
  }

  @Test
  @DisplayName("A QUOTA_EXCEEDED answer is retried no sooner than its Retry-After, then delivered")
  void retriesQuotaExceededAfterRetryAfter(Vertx vertx) {
    retriesAfterRetryAfter(
        vertx,
        FakeFcm.Reply.error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "30"),
        30,
        "QUOTA_EXCEEDED");
  }

  private void retriesAfterRetryAfter(
      Vertx vertx, FakeFcm.Reply firstReply, int retryAfterSeconds, String errorCode) {
    OutboxDatabase.addToken("phone", "trader-1", TRADER, "android", "vi", "trader");
    MutableClock clock = MutableClock.stoppedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    Instant start = clock.instant();
    fcm.answer(r -> fcm.requests().size() == 1 ? firstReply : FakeFcm.Reply.ok());
    NotificationsConfig config = FAST.withRetries(5, Duration.ofSeconds(1), Duration.ofSeconds(1));
    deploy(vertx, config, fcmSender(vertx, clock), clock);
    double retriedBefore = METERS.counter("notifications.retried").count();
    OutboxMessage m = message("D-11", "declaration.released", TRADER);

    append(pool, m);

    Await.until("first attempt recorded", DEADLINE, () -> row(m.id()).attempts() == 1);
    OutboxDatabase.Row afterFailure = row(m.id());
    assertThat(afterFailure.status()).isEqualTo("PENDING");
    assertThat(afterFailure.nextAttemptAt()).isEqualTo(start.plusSeconds(retryAfterSeconds));
    assertThat(afterFailure.lastError()).startsWith(errorCode);
    assertThat(METERS.counter("notifications.retried").count()).isEqualTo(retriedBefore + 1);

    clock.advance(Duration.ofSeconds(retryAfterSeconds - 1));
    // A message of another declaration, appended now, is claimed by a round 1 s early: that
    // same round must have left the first message alone, as it is not due yet.
    OutboxMessage probe = message("D-11b", "declaration.submitted", TRADER);
    append(pool, probe);
    Await.until("probe sent", DEADLINE, () -> row(probe.id()).status().equals("SENT"));
    assertThat(fcm.messageIds()).containsExactly(m.id().toString(), probe.id().toString());
    assertThat(row(m.id()).status()).isEqualTo("PENDING");

    clock.advance(Duration.ofSeconds(1));
    Await.until(
        "message sent after Retry-After", DEADLINE, () -> row(m.id()).status().equals("SENT"));
    assertThat(fcm.messageIds())
        .containsExactly(m.id().toString(), probe.id().toString(), m.id().toString());
    assertThat(row(m.id()).attempts()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "A message failing on every attempt becomes a dead letter after the configured number of attempts")
  void deadLetterAfterMaxAttempts(Vertx vertx) {
    OutboxDatabase.addToken("phone", "trader-1", TRADER, "android", "vi", "trader");
    fcm.answer(r -> FakeFcm.Reply.error(500, "INTERNAL", "INTERNAL", null));
    double deadBefore = METERS.counter("notifications.dead_letter").count();
    deploy(vertx, FAST, fcmSender(vertx, Clock.systemUTC()), Clock.systemUTC());
    OutboxMessage m = message("D-12", "seal.alert", TRADER);

    append(pool, m);

    Await.until("dead letter", DEADLINE, () -> row(m.id()).status().equals("FAILED"));
    assertThat(row(m.id()).attempts()).isEqualTo(3);
    assertThat(row(m.id()).lastError()).startsWith("INTERNAL");
    assertThat(fcm.requests()).hasSize(3);
    assertThat(METERS.counter("notifications.dead_letter").count()).isEqualTo(deadBefore + 1);
  }

  @Test
  @DisplayName(
      "A worker stopped in the middle of a batch loses nothing: after restart every message is delivered")
  void crashMidBatch(Vertx vertx) {
    for (int i = 0; i < 5; i++) {
      OutboxDatabase.addToken(
          "phone-" + i, "trader-" + i, "031000000" + i, "android", "vi", "trader");
    }
    List<OutboxMessage> messages = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      messages.add(message("D-2" + i, "declaration.submitted", "031000000" + i));
    }
    StallingSender stalling = new StallingSender();
    String first = deploy(vertx, FAST, stalling, Clock.systemUTC());

    append(pool, messages.toArray(OutboxMessage[]::new));
    Await.until(
        "first worker holds the whole batch", DEADLINE, () -> stalling.received().size() == 5);
    await(vertx.undeploy(first));
    assertThat(OutboxDatabase.count("status = 'PENDING'")).isEqualTo(5);

    deploy(vertx, FAST, fcmSender(vertx, Clock.systemUTC()), Clock.systemUTC());

    Await.until(
        "all sent after restart", DEADLINE, () -> OutboxDatabase.count("status = 'SENT'") == 5);
    assertThat(fcm.messageIds())
        .containsExactlyInAnyOrderElementsOf(
            messages.stream().map(m -> m.id().toString()).toList());
  }

  @Test
  @DisplayName("Two workers on one outbox push each message exactly once")
  void twoWorkersNoDoubleDelivery(Vertx vertx) {
    int declarations = 40;
    for (int d = 0; d < declarations; d++) {
      OutboxDatabase.addToken("phone-" + d, "trader-" + d, "0320" + d, "android", "vi", "trader");
    }
    NotificationsConfig config = FAST.withBatch(10, Duration.ofMillis(100), Duration.ofSeconds(30));
    Pool otherPool = OutboxDatabase.pool(vertx);
    await(
        vertx.deployVerticle(
            new NotificationWorker(
                pool, config, fcmSender(vertx, Clock.systemUTC()), Clock.systemUTC())));
    await(
        vertx.deployVerticle(
            new NotificationWorker(
                otherPool, config, fcmSender(vertx, Clock.systemUTC()), Clock.systemUTC())));
    List<OutboxMessage> messages = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      for (int d = 0; d < declarations; d++) {
        messages.add(message("D-3" + d, "declaration.submitted", "0320" + d));
      }
    }

    for (OutboxMessage m : messages) {
      append(pool, m);
    }

    Await.until(
        "all sent", DEADLINE, () -> OutboxDatabase.count("status = 'SENT'") == messages.size());
    Map<String, Long> pushesPerMessage =
        fcm.messageIds().stream()
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(pushesPerMessage).hasSize(messages.size());
    assertThat(pushesPerMessage.values()).containsOnly(1L);
  }

  @Test
  @DisplayName(
      "Messages of one declaration are pushed in order: the next waits while the previous one is being retried")
  void orderPerDeclaration(Vertx vertx) {
    OutboxDatabase.addToken("phone", "trader-1", TRADER, "android", "vi", "trader");
    OutboxMessage submitted = message("D-40", "declaration.submitted", TRADER);
    OutboxMessage channel = message("D-40", "declaration.channel-assigned", TRADER);
    OutboxMessage released = message("D-40", "declaration.released", TRADER);
    // The first push of the first message fails; everything else succeeds.
    fcm.answer(
        r ->
            r.messageId().equals(submitted.id().toString())
                    && fcm.requests().stream()
                            .filter(q -> q.messageId().equals(submitted.id().toString()))
                            .count()
                        == 1
                ? FakeFcm.Reply.error(500, "INTERNAL", "INTERNAL", null)
                : FakeFcm.Reply.ok());
    deploy(
        vertx,
        FAST.withRetries(5, Duration.ofMillis(50), Duration.ofMillis(50)),
        fcmSender(vertx, Clock.systemUTC()),
        Clock.systemUTC());

    append(pool, submitted, channel, released);

    Await.until("all sent", DEADLINE, () -> OutboxDatabase.count("status = 'SENT'") == 3);
    assertThat(fcm.messageIds())
        .containsExactly(
            submitted.id().toString(),
            submitted.id().toString(),
            channel.id().toString(),
            released.id().toString());
  }

  @Test
  @DisplayName(
      "Without FCM credentials the worker warns once and keeps every message for a worker that has them")
  void noCredentialsKeepsMessages(Vertx vertx) {
    OutboxDatabase.addToken("phone", "trader-1", TRADER, "android", "vi", "trader");
    Logger logger = (Logger) LoggerFactory.getLogger(NotificationWorker.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      PushSender sender =
          await(
              FcmPushSender.create(
                  vertx, NotificationsConfig.fromEnv(Map.of()), Clock.systemUTC()));
      deploy(vertx, FAST, sender, Clock.systemUTC());
      OutboxMessage m = message("D-50", "declaration.released", TRADER);
      append(pool, m);

      List<ILoggingEvent> warnings =
          logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0).getFormattedMessage())
          .contains("FCM_CREDENTIALS")
          .contains("stay PENDING");
      assertThat(row(m.id()).status()).isEqualTo("PENDING");
      assertThat(row(m.id()).attempts()).isZero();
      assertThat(OutboxDatabase.count("claimed_by IS NOT NULL")).isZero();

      deploy(vertx, FAST, fcmSender(vertx, Clock.systemUTC()), Clock.systemUTC());
      Await.until(
          "pushed once credentials are there", DEADLINE, () -> row(m.id()).status().equals("SENT"));
      assertThat(fcm.messageIds()).containsExactly(m.id().toString());
    } finally {
      logger.detachAppender(logs);
    }
  }

  /** Takes pushes and never answers, like a process that dies while FCM calls are in flight. */
  @Test
  @DisplayName(
      "A message keeps the trace context it was written in (traceparent), its push is a span of"
          + " that trace, the writer's span its parent, and the FCM message's data carries the push"
          + " span's traceparent")
  void pushJoinsTheWritersTrace(Vertx vertx) {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    OpenTelemetrySdk telemetry =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exported))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    OutboxDatabase.addToken("phone-ok", "trader-1", TRADER, "android", "vi", "trader");
    fcm.answer(r -> FakeFcm.Reply.ok());
    await(
        vertx.deployVerticle(
            new NotificationWorker(
                pool, FAST, fcmSender(vertx, Clock.systemUTC()), Clock.systemUTC(), telemetry)));
    OutboxMessage traced = message("D-30", "declaration.submitted", TRADER);
    OutboxMessage untraced = message("D-31", "declaration.submitted", TRADER);

    Span request = telemetry.getTracer("test").spanBuilder("POST /declarations").startSpan();
    Future<Void> written;
    try (Scope scope = request.makeCurrent()) {
      written = Outbox.append(pool, traced);
    }
    await(written);
    request.end();
    await(Outbox.append(pool, untraced));

    SpanContext writer = request.getSpanContext();
    assertThat(OutboxDatabase.traceparent(traced.id()))
        .isEqualTo(
            "00-"
                + writer.getTraceId()
                + "-"
                + writer.getSpanId()
                + "-"
                + writer.getTraceFlags().asHex());
    assertThat(writer.getTraceFlags().isSampled()).isTrue();
    assertThat(OutboxDatabase.traceparent(untraced.id())).isNull();
    Await.until(
        "both pushed",
        DEADLINE,
        () ->
            row(traced.id()).status().equals("SENT") && row(untraced.id()).status().equals("SENT"));
    Await.until(
        "the push spans exported",
        DEADLINE,
        () ->
            exported.getFinishedSpanItems().stream()
                    .filter(d -> d.getName().equals("push declaration.submitted"))
                    .count()
                >= 2);
    SpanData push =
        exported.getFinishedSpanItems().stream()
            .filter(d -> d.getTraceId().equals(writer.getTraceId()))
            .filter(d -> d.getName().startsWith("push "))
            .findFirst()
            .orElseThrow();
    assertThat(push.getParentSpanId()).isEqualTo(writer.getSpanId());
    assertThat(push.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(push.getAttributes().asMap().toString()).contains(traced.id().toString());
    SpanData other =
        exported.getFinishedSpanItems().stream()
            .filter(d -> d.getName().startsWith("push ") && d != push)
            .findFirst()
            .orElseThrow();
    assertThat(other.getTraceId()).isNotEqualTo(writer.getTraceId());
    assertThat(other.getParentSpanContext().isValid()).isFalse();

    // What the device gets (the request as the Firebase Admin SDK sent it): the context of the
    // push's span, for the app to continue the trace.
    assertThat(fcmData(traced).getString("traceparent"))
        .isEqualTo(Outbox.traceparent(push.getSpanContext()))
        .startsWith("00-" + push.getTraceId() + "-" + push.getSpanId() + "-");
    assertThat(fcmData(untraced).getString("traceparent"))
        .isEqualTo(Outbox.traceparent(other.getSpanContext()))
        .startsWith("00-" + other.getTraceId() + "-" + other.getSpanId() + "-");
  }

  @Test
  @DisplayName("Without tracing (no OpenTelemetry) a push's FCM data has no traceparent")
  void untracedPushHasNoTraceparent(Vertx vertx) {
    OutboxDatabase.addToken("phone-ok", "trader-1", TRADER, "android", "vi", "trader");
    fcm.answer(r -> FakeFcm.Reply.ok());
    await(
        vertx.deployVerticle(
            new NotificationWorker(
                pool, FAST, fcmSender(vertx, Clock.systemUTC()), Clock.systemUTC())));
    OutboxMessage m = message("D-32", "declaration.submitted", TRADER);
    append(pool, m);
    Await.until("pushed", DEADLINE, () -> row(m.id()).status().equals("SENT"));
    assertThat(fcmData(m).getString("messageId")).isEqualTo(m.id().toString());
    assertThat(fcmData(m).containsKey("traceparent")).isFalse();
  }

  /** The data of the FCM request that pushed this message. */
  private io.vertx.core.json.JsonObject fcmData(OutboxMessage m) {
    return fcm.requests().stream()
        .filter(r -> r.messageId().equals(m.id().toString()))
        .findFirst()
        .orElseThrow()
        .message()
        .getJsonObject("data");
  }

  private static final class StallingSender implements PushSender {
    private final List<Push> received = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Future<List<PushOutcome>> send(List<Push> pushes) {
      received.addAll(pushes);
      return Promise.<List<PushOutcome>>promise().future();
    }

    List<Push> received() {
      return List.copyOf(received);
    }
  }
}
