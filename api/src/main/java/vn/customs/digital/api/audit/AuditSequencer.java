package vn.customs.digital.api.audit;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.notifications.DatabaseAvailability;

/**
 * Chains committed audit records (V11, {@code audit_chain_pending}) so that no request transaction
 * has to: each pass is one short statement in its own transaction; a full batch is followed at once
 * by the next, otherwise the next pass comes after {@code interval}. Every api instance runs one;
 * the chain head's row lock lets only one of them chain at a time, the others skip that pass.
 *
 * <p>It polls rather than LISTENs: a NOTIFY from each audited transaction would take PostgreSQL's
 * cluster-wide notify lock and hold it through that transaction's commit, the very serialisation
 * this sequencer exists to remove.
 */
public final class AuditSequencer extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(AuditSequencer.class);

  private final Pool pool;
  private final long intervalMs;
  private final int batch;
  private boolean stopped;
  private long timer = -1;
  private Future<?> pass = Future.succeededFuture();
  private DatabaseAvailability availability;

  public AuditSequencer(Pool pool, Duration interval, int batch) {
    this.pool = pool;
    this.intervalMs = Math.max(1, interval.toMillis());
    this.batch = batch;
  }

  @Override
  public Future<?> start() {
    availability = DatabaseAvailability.of(vertx);
    schedule(0);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    // The pool is closed after undeployment: let a pass under way finish first.
    return pass.otherwiseEmpty();
  }

  private void schedule(long delayMs) {
    if (stopped) {
      return;
    }
    if (delayMs == 0) {
      runPass();
    } else {
      timer = vertx.setTimer(delayMs, t -> runPass());
    }
  }

  private void runPass() {
    if (stopped) {
      return;
    }
    pass =
        pool.preparedQuery(AuditSql.CHAIN)
            .execute(Tuple.of(batch))
            .map(rows -> rows.iterator().next().getInteger("chained"))
            .onSuccess(
                chained -> {
                  availability.succeeded();
                  schedule(chained >= batch ? 0 : intervalMs);
                })
            .onFailure(
                e -> {
                  // An outage fails every pass: the availability tracker logs its start and end
                  // once.
                  if (!stopped && !availability.failed(e)) {
                    log.warn(
                        "chaining audit records failed: {}; retrying in {} ms",
                        e.getMessage(),
                        intervalMs);
                  }
                  schedule(intervalMs);
                });
  }
}
