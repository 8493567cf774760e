package vn.customs.digital.api.platform;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * The last step of a transaction that a service runs for a change, given the change's result: it
 * writes whatever must commit or roll back with the change, and makes what the transaction
 * completes with. A service that owns a change's transaction takes one from its caller, so the
 * caller can keep a record of its own beside the change (the answer to an {@code Idempotency-Key}:
 * {@link IdempotencyStore}) without the service knowing what it is, and without a second
 * transaction that could commit when the change did not.
 *
 * @param <R> what the change reports
 * @param <T> what the transaction completes with
 */
@FunctionalInterface
public interface TransactionEnd<R, T> {
  Future<T> apply(SqlConnection conn, R result);

  /** Nothing more to write: the transaction completes with the change's own result. */
  static <R> TransactionEnd<R, R> result() {
    return (conn, result) -> Future.succeededFuture(result);
  }
}
