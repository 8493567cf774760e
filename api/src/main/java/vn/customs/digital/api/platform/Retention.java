package vn.customs.digital.api.platform;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.notifications.Outbox;

/**
 * Deletes what is kept only for a while (RetentionConfig): sent outbox messages and stored
 * Idempotency-Key answers past their retention. Runs shortly after start and then every {@link
 * #PERIOD}, in short statements of at most {@code batch} rows each (SKIP LOCKED: api instances
 * purging at once share the work, nobody waits), so that neither a long transaction nor a long lock
 * ever comes of it.
 *
 * <p>Each run first makes the partitions of the tables partitioned by time, where missing (a
 * statement that finds them all there is cheap): the outbox's for this month and the {@link
 * #OUTBOX_MONTHS_AHEAD} after it, the customs records' (declaration_versions, risk_decisions) for
 * this year and the next. A late partition costs nothing but a fuller default partition, whose rows
 * of the period are moved when its partition is made. Dropping the partitions past their retention
 * is ops/retention's (docs/operations.md, "Retention").
 */
public final class Retention extends VerticleBase {
  static final Duration PERIOD = Duration.ofHours(1);
  static final Duration FIRST = Duration.ofMinutes(1);

  /** One run deletes at most this many batches of each kind; the next run goes on. */
  static final int MAX_BATCHES = 200;

  static final int OUTBOX_MONTHS_AHEAD = 3;

  /**
   * The outbox's monthly partitions (notifications V7) and the customs records' yearly ones (api
   * V23).
   */
  static final String ENSURE_PARTITIONS =
      "select month_partitions_ensure('outbox', $1) + customs_partitions_ensure()";

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  static final String PURGE_KEYS =
      """
      delete from idempotency_keys where (caller, key) in (
        select caller, key from idempotency_keys where created_at < $1 order by created_at limit $2 for update skip locked)
      """;

  private final Pool pool;
  private final Clock clock;
  private final RetentionConfig config;
  private final int batch;
  private long timer = -1;
  private Future<?> run = Future.succeededFuture();

  /** What one run deleted. */
  public record Purged(long sentNotifications, long idempotencyKeys) {}

  public Retention(Pool pool, Clock clock, RetentionConfig config, int batch) {
    this.pool = pool;
    this.clock = clock;
    this.config = config;
    this.batch = batch;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setTimer(FIRST.toMillis(), t -> next());
    return Future.succeededFuture();
  }

  private void next() {
    run =
        makePartitions()
            .onFailure(e -> log.warn("making partitions failed: {}", e.getMessage()))
            .transform(made -> purge())
            .onFailure(
                e -> log.warn("retention run failed: {}; next run in {}", e.getMessage(), PERIOD))
            .onComplete(done -> timer = vertx.setTimer(PERIOD.toMillis(), t -> next()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    // The pool is closed after undeployment: let a run under way finish its statement first.
    return run.otherwiseEmpty();
  }

  /**
   * Makes the missing partitions: the outbox's of this month and the next {@link
   * #OUTBOX_MONTHS_AHEAD}, the customs records' of this year and the next; answers how many were
   * made.
   */
  public Future<Long> makePartitions() {
    return pool.preparedQuery(ENSURE_PARTITIONS)
        .execute(Tuple.of(OUTBOX_MONTHS_AHEAD))
        .map(rows -> rows.iterator().next().getLong(0))
        .onSuccess(
            made -> {
              if (made > 0) {
                log.info("retention: made {} partitions", made);
              }
            });
  }

  /** Deletes everything past its retention now (up to MAX_BATCHES batches of each kind). */
  public Future<Purged> purge() {
    Instant now = clock.instant();
    Instant sentBefore = now.minus(config.sentNotifications());
    Instant keysBefore = now.minus(config.idempotencyKeys());
    return repeat(limit -> Outbox.purgeSent(pool, sentBefore, limit), 0, 0)
        .compose(
            sent ->
                repeat(
                        limit ->
                            pool.preparedQuery(PURGE_KEYS)
                                .execute(Tuple.of(keysBefore.atOffset(ZoneOffset.UTC), limit))
                                .map(rows -> rows.rowCount()),
                        0,
                        0)
                    .map(keys -> new Purged(sent, keys)))
        .onSuccess(
            p -> {
              if (p.sentNotifications() > 0 || p.idempotencyKeys() > 0) {
                log.info(
                    "retention: deleted {} sent notifications (older than {}) and {} idempotency keys (older than {})",
                    p.sentNotifications(),
                    config.sentNotifications(),
                    p.idempotencyKeys(),
                    config.idempotencyKeys());
              }
            });
  }

  /**
   * Runs {@code step} (one short statement of at most batch rows) again while it deletes a full
   * batch.
   */
  private Future<Long> repeat(Function<Integer, Future<Integer>> step, long deleted, int batches) {
    return step.apply(batch)
        .compose(
            n ->
                n < batch || batches + 1 >= MAX_BATCHES
                    ? Future.succeededFuture(deleted + n)
                    : repeat(step, deleted + n, batches + 1));
  }
}
