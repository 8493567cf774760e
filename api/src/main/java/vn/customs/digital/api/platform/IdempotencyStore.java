package vn.customs.digital.api.platform;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The answers kept for idempotency keys ({@code idempotency_keys}, V5): one per caller and key,
 * written in the transaction of the change it answers ({@link TransactionEnd}), so it exists
 * exactly when the change committed, and read back to answer a retry. What an answer means, and
 * when a retry may have it, is the caller's ({@code http/Idempotency}).
 */
public final class IdempotencyStore {
  private IdempotencyStore() {}

  /** An answer as it was given, and the hash of the request it answered. */
  public record Kept(
      String requestHash, int status, String contentType, String location, Buffer body) {}

  /**
   * Keeps {@code answer} in {@code conn}'s transaction. Fails on the key's primary key when the
   * caller's key is kept already (a retry, or a concurrent twin that committed first), which rolls
   * the transaction back.
   */
  public static Future<Void> keep(
      SqlClient conn, String caller, String key, Kept answer, Instant at) {
    // The location rides in the content type's column, after a line break no media type contains.
    return conn.preparedQuery(PlatformSql.KEEP_ANSWER)
        .execute(
            Tuple.of(
                caller,
                key,
                answer.requestHash(),
                answer.status(),
                answer.contentType() + "\n" + (answer.location() == null ? "" : answer.location()),
                answer.body(),
                at.atOffset(ZoneOffset.UTC)))
        .mapEmpty();
  }

  /** The answer kept for this caller's key, or null. */
  public static Future<Kept> find(SqlClient client, String caller, String key) {
    return client
        .preparedQuery(PlatformSql.KEPT_ANSWER)
        .execute(Tuple.of(caller, key))
        .map(
            rows -> {
              if (rows.size() == 0) {
                return null;
              }
              var row = rows.iterator().next();
              String[] typeAndLocation = row.getString("content_type").split("\n", 2);
              String location =
                  typeAndLocation.length > 1 && !typeAndLocation[1].isEmpty()
                      ? typeAndLocation[1]
                      : null;
              return new Kept(
                  row.getString("request_hash"),
                  row.getInteger("status"),
                  typeAndLocation[0],
                  location,
                  row.getBuffer("body"));
            });
  }
}
