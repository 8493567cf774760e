package vn.customs.digital.api.audit;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.signing.ServiceKeys;

/**
 * Signed checkpoints of the audit chain (V13): once per {@code interval} the chain head (its
 * position and hash) is signed with the service key (ES256, like receipts) and stored, and {@code
 * GET /api/v1/audit/checkpoints} publishes it. Whoever keeps them can later prove that the history
 * up to a checkpoint is the one the service signed then; {@code ops/audit verify} starts from the
 * last one and re-reads only what was chained since.
 *
 * <p>Every api instance runs one; a transaction-scoped advisory lock (taken without waiting) lets
 * one of them take a checkpoint at a time, and the interval is measured from the last stored
 * checkpoint, so several instances and restarts do not multiply them. A head that has not moved
 * since the last checkpoint is not signed again.
 */
public final class AuditCheckpoints extends VerticleBase {
  public static final String TYPE = "audit-checkpoint+jwt";

  /** Only checkpointing takes it, never a request. */
  private static final long LOCK = 0x6463_6175_6469_7401L; // "dcaudit\1"

  /**
   * How often an instance looks whether a checkpoint is due: the interval, but at least once a
   * minute.
   */
  private static final Duration MAX_CHECK_PERIOD = Duration.ofMinutes(1);

  private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

  private final Pool pool;
  private final ServiceKeys keys;
  private final Clock clock;
  private final Duration interval;
  private long timer = -1;
  private Future<?> pass = Future.succeededFuture();

  /** A checkpoint as stored and published. */
  public record Checkpoint(long chainSeq, String hash, Instant takenAt, String kid, String jws) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("chainSeq", chainSeq)
          .put("hash", hash)
          .put("takenAt", takenAt.toString())
          .put("kid", kid)
          .put("jws", jws);
    }
  }

  public AuditCheckpoints(Pool pool, ServiceKeys keys, Clock clock, Duration interval) {
    this.pool = pool;
    this.keys = keys;
    this.clock = clock;
    this.interval = interval;
  }

  @Override
  public Future<?> start() {
    long period =
        Math.max(
            1, (interval.compareTo(MAX_CHECK_PERIOD) < 0 ? interval : MAX_CHECK_PERIOD).toMillis());
    pass = takeIfDue();
    timer =
        vertx.setPeriodic(
            period,
            t -> {
              if (pass.isComplete()) {
                pass = takeIfDue();
              }
            });
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    // The pool is closed after undeployment: let a checkpoint under way finish first.
    return pass.otherwiseEmpty();
  }

  private Future<Checkpoint> takeIfDue() {
    return checkpoint(true)
        .onFailure(
            e -> log.warn("taking an audit checkpoint failed: {}; retrying later", e.getMessage()));
  }

  /** Signs the chain head now, unless it has not moved since the last checkpoint (then null). */
  public Future<Checkpoint> take() {
    return checkpoint(false);
  }

  private Future<Checkpoint> checkpoint(boolean onlyIfDue) {
    return pool.withTransaction(
            conn -> {
              // Pipelined: the lock first, then what the decision needs, in one round trip.
              Future<Boolean> locked =
                  conn.preparedQuery(AuditSql.CHECKPOINT_LOCK)
                      .execute(Tuple.of(LOCK))
                      .map(rows -> rows.iterator().next().getBoolean("locked"));
              Future<Row> last =
                  conn.preparedQuery(AuditSql.LAST_CHECKPOINT)
                      .execute()
                      .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
              Future<Row> head =
                  conn.preparedQuery(AuditSql.CHAIN_HEAD)
                      .execute()
                      .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
              return Future.all(locked, last, head)
                  .compose(
                      all -> {
                        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                        Row previous = last.result();
                        Row current = head.result();
                        if (!locked.result()
                            || current == null
                            || current.getLong("chain_seq") == 0
                            || (previous != null
                                && previous.getLong("chain_seq") >= current.getLong("chain_seq"))
                            || (onlyIfDue
                                && previous != null
                                && previous
                                    .getOffsetDateTime("taken_at")
                                    .toInstant()
                                    .plus(interval)
                                    .isAfter(now))) {
                          return Future.succeededFuture(null);
                        }
                        return store(
                            conn,
                            current.getLong("chain_seq"),
                            current.getString("hash"),
                            now,
                            previous == null ? null : previous.getLong("chain_seq"));
                      });
            })
        .onSuccess(
            c -> {
              if (c != null) {
                log.info("audit checkpoint {} signed: head hash {}", c.chainSeq(), c.hash());
              }
            });
  }

  private Future<Checkpoint> store(
      SqlConnection conn, long chainSeq, String hash, Instant at, Long previousChainSeq) {
    JsonObject payload =
        new JsonObject()
            .put("chainSeq", chainSeq)
            .put("hash", hash)
            .put("takenAt", at.toString())
            .put("previousChainSeq", previousChainSeq);
    Checkpoint checkpoint =
        new Checkpoint(chainSeq, hash, at, keys.currentKeyId(), keys.sign(payload, TYPE));
    return conn.preparedQuery(AuditSql.INSERT_CHECKPOINT)
        .execute(
            Tuple.of(
                chainSeq, hash, at.atOffset(ZoneOffset.UTC), checkpoint.kid(), checkpoint.jws()))
        .map(checkpoint);
  }

  static Checkpoint of(Row r) {
    OffsetDateTime at = r.getOffsetDateTime("taken_at");
    return new Checkpoint(
        r.getLong("chain_seq"),
        r.getString("hash"),
        at.toInstant(),
        r.getString("kid"),
        r.getString("jws"));
  }
}
