package vn.customs.digital.notifications;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes outbox messages to devices. Several workers (in one process or many) share the outbox:
 * each claims a batch under a lease with {@code FOR UPDATE SKIP LOCKED}, pushes it, and records the
 * outcome. A worker that dies holding a lease lets it expire and another worker sends the messages
 * again: delivery is at least once, and the message id in the push lets apps drop duplicates. Per
 * declaration, a message is pushed only once every earlier one is sent or dead.
 *
 * <p>It wakes on {@code NOTIFY dc_outbox} (sent at commit by the outbox trigger) and also polls,
 * for retries coming due and for a notification missed while reconnecting. Without a configured
 * push service it logs one warning and claims nothing, so messages stay PENDING until a worker with
 * credentials runs.
 */
public final class NotificationWorker extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(NotificationWorker.class);
  private static final int MAX_ERROR_LENGTH = 1000;

  private final Pool pool;
  private final NotificationsConfig config;
  private final PushSender sender;
  private final Clock clock;
  private final NotificationMetrics metrics = NotificationMetrics.global();
  private final UUID workerId = UUID.randomUUID();
  private final OpenTelemetry telemetry;
  private final Tracer tracer;

  private PgListener listener;
  private DatabaseAvailability availability;
  private long pollTimer = -1;
  private boolean running;
  private boolean again;
  private boolean stopped;

  public NotificationWorker(Pool pool, NotificationsConfig config, PushSender sender, Clock clock) {
    this(pool, config, sender, clock, OpenTelemetry.noop());
  }

  /**
   * @param telemetry each message's push is a span of the trace of the request that wrote the
   *     message (its traceparent in the outbox row)
   */
  public NotificationWorker(
      Pool pool,
      NotificationsConfig config,
      PushSender sender,
      Clock clock,
      OpenTelemetry telemetry) {
    this.pool = pool;
    this.config = config;
    this.sender = sender;
    this.clock = clock;
    this.telemetry = telemetry;
    this.tracer = telemetry.getTracer("vn.customs.digital.notifications");
  }

  @Override
  public Future<?> start() {
    if (!sender.configured()) {
      log.warn(
          "Push notifications are paused: FCM_CREDENTIALS and FCM_PROJECT_ID are not set. "
              + "Outbox messages stay PENDING and are pushed once the service runs with both set; "
              + "live streams (GET /api/v1/me/events) are not affected.");
      return Future.succeededFuture();
    }
    availability = DatabaseAvailability.of(vertx);
    listener = new PgListener(vertx, pool, OutboxSql.CHANNEL, payload -> wake(), this::wake);
    return listener
        .start()
        .onSuccess(
            v -> {
              pollTimer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> wake());
              log.info(
                  "Notification worker {} started (batch {}, max attempts {})",
                  workerId,
                  config.batchSize(),
                  config.maxAttempts());
              wake();
            });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
    }
    return listener == null ? Future.succeededFuture() : listener.close();
  }

  /** Runs a round now, or right after the current one if a round is in progress. */
  private void wake() {
    if (stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    round()
        .onComplete(
            ar -> {
              running = false;
              if (ar.failed()) {
                // During an outage every poll fails: the availability tracker logs its start and
                // end once.
                if (!availability.failed(ar.cause())) {
                  log.warn(
                      "Notification worker {}: round failed, next poll retries: {}",
                      workerId,
                      ar.cause().toString());
                }
                again = false;
              } else {
                availability.succeeded();
                again |= ar.result() >= config.batchSize();
              }
              if (again) {
                wake();
              }
            });
  }

  /** Claims, pushes and records one batch; the number of messages claimed. */
  private Future<Integer> round() {
    Instant now = clock.instant();
    Tuple claim = Tuple.of(utc(now), utc(now.plus(config.lease())), workerId, config.batchSize());
    return pool.preparedQuery(OutboxSql.CLAIM)
        .execute(claim)
        .compose(
            rows -> {
              List<OutboxEvent> batch = new ArrayList<>();
              for (Row row : rows) {
                batch.add(OutboxEvent.from(row));
              }
              batch.sort(Comparator.comparingLong(OutboxEvent::seq));
              return batch.isEmpty() ? Future.succeededFuture(0) : deliver(batch).map(batch.size());
            });
  }

  private Future<Void> deliver(List<OutboxEvent> batch) {
    Set<String> taxCodes = new HashSet<>();
    Set<String> roles = new HashSet<>();
    batch.forEach(
        e -> {
          taxCodes.addAll(e.message().recipients());
          roles.addAll(e.message().audience());
        });
    return pool.preparedQuery(OutboxSql.TOKENS_FOR)
        .execute(
            Tuple.tuple()
                .addArrayOfString(taxCodes.toArray(String[]::new))
                .addArrayOfString(roles.toArray(String[]::new)))
        .compose(
            rows -> {
              List<Device> devices = new ArrayList<>();
              rows.forEach(
                  r ->
                      devices.add(
                          new Device(
                              r.getString("token"),
                              r.getString("platform"),
                              r.getString("lang"),
                              r.getString("tenant_tax_code"),
                              Set.of(r.getArrayOfStrings("roles")))));
              // Each message's push is a span of the request's trace; the device gets its context.
              List<Span> spans = batch.stream().map(this::pushSpan).toList();
              List<Push> pushes = new ArrayList<>();
              for (int i = 0; i < batch.size(); i++) {
                OutboxEvent event = batch.get(i);
                String traceparent = Outbox.traceparent(spans.get(i).getSpanContext());
                Map<String, Device> reached = new LinkedHashMap<>();
                for (Device d : devices) {
                  if (d.reachedBy(event.message())) {
                    reached.putIfAbsent(d.token(), d);
                  }
                }
                reached
                    .values()
                    .forEach(
                        d ->
                            pushes.add(
                                new Push(
                                    event.message(),
                                    d.token(),
                                    d.platform(),
                                    d.lang(),
                                    traceparent)));
              }
              Future<List<PushOutcome>> sent =
                  pushes.isEmpty()
                      ? Future.succeededFuture(List.of())
                      // Past the lease another worker may take the batch; stop waiting by then.
                      : sender
                          .send(pushes)
                          .timeout(config.lease().toMillis(), TimeUnit.MILLISECONDS)
                          .recover(
                              e ->
                                  Future.succeededFuture(
                                      pushes.stream()
                                          .map(
                                              p ->
                                                  PushOutcome.retry(
                                                      Optional.empty(),
                                                      "send failed: " + e.getMessage()))
                                          .toList()));
              return sent.compose(outcomes -> record(batch, pushes, outcomes))
                  .onComplete(
                      ar ->
                          spans.forEach(
                              span -> {
                                if (ar.failed()) {
                                  span.setStatus(StatusCode.ERROR, ar.cause().getMessage());
                                }
                                span.end();
                              }));
            });
  }

  /** The span of one message's push, a child of the request that wrote the message. */
  private Span pushSpan(OutboxEvent event) {
    Context parent =
        event.traceparent() == null
            ? Context.root()
            : telemetry
                .getPropagators()
                .getTextMapPropagator()
                .extract(Context.root(), event.traceparent(), TRACEPARENT);
    return tracer
        .spanBuilder("push " + event.message().eventType())
        .setParent(parent)
        .setSpanKind(SpanKind.PRODUCER)
        .setAttribute("messaging.system", "fcm")
        .setAttribute("messaging.message.id", event.message().id().toString())
        .setAttribute("messaging.operation.type", "send")
        .startSpan();
  }

  /** Reads the one header a stored traceparent is. */
  private static final TextMapGetter<String> TRACEPARENT =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
          return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
          return "traceparent".equals(key) ? carrier : null;
        }
      };

  /** Writes every outcome of the batch in one transaction. */
  private Future<Void> record(
      List<OutboxEvent> batch, List<Push> pushes, List<PushOutcome> outcomes) {
    Map<UUID, List<PushOutcome>> byMessage = new LinkedHashMap<>();
    batch.forEach(e -> byMessage.put(e.message().id(), new ArrayList<>()));
    List<String> invalidTokens = new ArrayList<>();
    for (int i = 0; i < pushes.size(); i++) {
      PushOutcome outcome = outcomes.get(i);
      byMessage.get(pushes.get(i).message().id()).add(outcome);
      if (outcome.kind() == PushOutcome.Kind.TOKEN_INVALID) {
        invalidTokens.add(pushes.get(i).token());
      }
    }
    OffsetDateTime now = utc(clock.instant());
    List<Tuple> sent = new ArrayList<>();
    List<Tuple> retried = new ArrayList<>();
    List<Tuple> dead = new ArrayList<>();
    for (OutboxEvent event : batch) {
      List<PushOutcome> results = byMessage.get(event.message().id());
      Optional<PushOutcome> retry =
          results.stream().filter(o -> o.kind() == PushOutcome.Kind.RETRY).findFirst();
      if (retry.isEmpty()) {
        long devices = results.stream().filter(o -> o.kind() == PushOutcome.Kind.DELIVERED).count();
        sent.add(Tuple.of(event.message().id(), now, workerId, (int) devices));
        continue;
      }
      int attempts = event.attempts() + 1;
      String error = truncate(retry.get().error());
      if (attempts >= config.maxAttempts()) {
        dead.add(Tuple.of(event.message().id(), now, workerId, error));
        log.warn(
            "Outbox message {} ({}) is a dead letter after {} attempts: {}",
            event.message().id(),
            event.message().eventType(),
            attempts,
            error);
      } else {
        Optional<Duration> retryAfter =
            results.stream()
                .map(PushOutcome::retryAfter)
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        Instant next = clock.instant().plus(retryDelay(attempts, retryAfter));
        retried.add(Tuple.of(event.message().id(), utc(next), workerId, error));
      }
    }
    return pool.withTransaction(
            conn ->
                batch(conn, OutboxSql.MARK_SENT, sent)
                    .compose(v -> batch(conn, OutboxSql.RESCHEDULE, retried))
                    .compose(v -> batch(conn, OutboxSql.MARK_FAILED, dead))
                    .compose(
                        v ->
                            invalidTokens.isEmpty()
                                ? Future.succeededFuture()
                                : conn.preparedQuery(OutboxSql.DELETE_TOKENS)
                                    .execute(
                                        Tuple.tuple()
                                            .addArrayOfString(invalidTokens.toArray(String[]::new)))
                                    .mapEmpty()))
        .onSuccess(
            v -> {
              metrics.sent.increment(sent.size());
              metrics.retried.increment(retried.size());
              metrics.deadLetter.increment(dead.size());
              metrics.failed.increment(retried.size() + dead.size());
              if (!invalidTokens.isEmpty()) {
                log.info(
                    "Removed {} push tokens that FCM reported unregistered or invalid",
                    invalidTokens.size());
              }
            })
        .mapEmpty();
  }

  /**
   * Exponential backoff with full jitter (a uniform delay up to base * 2^(attempt-1), capped),
   * never sooner than the Retry-After the push service asked for.
   */
  Duration retryDelay(int attempt, Optional<Duration> retryAfter) {
    long base = config.backoffBase().toMillis();
    long cap = config.backoffMax().toMillis();
    int doublings = Math.min(attempt - 1, 40);
    long ceiling = base > (cap >> doublings) ? cap : Math.min(cap, base << doublings);
    long jittered = ThreadLocalRandom.current().nextLong(ceiling + 1);
    long floor = retryAfter.map(Duration::toMillis).orElse(0L);
    return Duration.ofMillis(Math.max(jittered, floor));
  }

  private static Future<Void> batch(SqlConnection conn, String sql, List<Tuple> tuples) {
    return tuples.isEmpty()
        ? Future.succeededFuture()
        : conn.preparedQuery(sql).executeBatch(tuples).mapEmpty();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String truncate(String error) {
    if (error == null) {
      return "unknown error";
    }
    return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
  }

  private record Device(
      String token, String platform, String lang, String taxCode, Set<String> roles) {
    boolean reachedBy(OutboxMessage message) {
      if (taxCode != null && message.recipients().contains(taxCode)) {
        return true;
      }
      return message.audience().stream().anyMatch(roles::contains);
    }
  }
}
