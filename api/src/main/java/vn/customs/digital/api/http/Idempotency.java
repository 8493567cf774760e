package vn.customs.digital.api.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import vn.customs.digital.notifications.DatabaseAvailability;

/**
 * Idempotent POSTs for phones that retry on flaky networks. With an {@code Idempotency-Key}, the
 * first response is stored in the same transaction as the effect it reports, so a retry with the
 * same key and body gets that response again (marked {@code Idempotent-Replayed: true}) and
 * nothing happens twice; the same key with another body is a 422. Keys are scoped to the caller.
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private Idempotency() {}

  /** A response worth replaying. */
  public record Response(int status, String contentType, String location, Buffer body, boolean replayed) {
    public Response(int status, String contentType, String location, Buffer body) {
      this(status, contentType, location, body, false);
    }
  }

  /**
   * Runs {@code work} in one transaction, or replays the stored response for this caller's key.
   * Without a key the work simply runs in a transaction.
   *
   * <p>Optimistic: a new key, nearly every request, costs one insert in the work's own transaction and no
   * lookup. When the key is already stored (a retry, or a concurrent twin that committed first), either that
   * insert fails on the key's primary key or the work itself fails on the state the first request left (a
   * draft already submitted, a payment already pending); the transaction rolls back with everything the
   * retry wrote, and the stored response is replayed. A failure with no stored key stays the failure. So does a
   * database outage: a lookup would only wait for the same database again, doubling the time to the 503.
   */
  public static Future<Response> run(Pool pool, Clock clock, RoutingContext ctx, String caller,
                                     Function<SqlConnection, Future<Response>> work) {
    String key = key(ctx);
    if (key == null) {
      return pool.withTransaction(work);
    }
    String hash = requestHash(ctx);
    return pool.withTransaction(conn -> work.apply(conn).compose(response ->
            conn.preparedQuery("insert into idempotency_keys (caller, key, request_hash, status, content_type, body, created_at)"
                    + " values ($1, $2, $3, $4, $5, $6, $7)")
                .execute(Tuple.of(caller, key, hash, response.status(), response.contentType() + "\n"
                    + (response.location() == null ? "" : response.location()), response.body(),
                    clock.instant().atOffset(java.time.ZoneOffset.UTC)))
                .map(response)))
        .recover(e -> DatabaseAvailability.isOutage(e) ? Future.failedFuture(e)
            : lookup(pool, caller, key, hash).transform(found -> found.succeeded()
                ? found.result() != null ? Future.succeededFuture(found.result()) : Future.failedFuture(e)
                // the key's own problem (used with another body) is the answer; a failed lookup is not
                : Future.failedFuture(found.cause() instanceof ProblemException ? found.cause() : e)));
  }

  public static void send(RoutingContext ctx, Response response) {
    var r = ctx.response().setStatusCode(response.status()).putHeader(HttpHeaders.CONTENT_TYPE, response.contentType());
    if (response.location() != null) {
      r.putHeader(HttpHeaders.LOCATION, response.location());
    }
    if (response.replayed()) {
      r.putHeader("Idempotent-Replayed", "true");
    }
    r.end(response.body());
  }

  static String key(RoutingContext ctx) {
    String key = ctx.request().getHeader(HEADER);
    if (key == null) {
      return null;
    }
    if (!KEY.matcher(key).matches()) {
      throw Problem.badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters",
          List.of(new Problem.FieldError(HEADER, "1 to 255 visible ASCII characters"))).exception();
    }
    return key;
  }

  private static Future<Response> lookup(Pool pool, String caller, String key, String hash) {
    return pool.preparedQuery("select request_hash, status, content_type, body from idempotency_keys where caller = $1 and key = $2")
        .execute(Tuple.of(caller, key))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          var row = rows.iterator().next();
          if (!hash.equals(row.getString("request_hash"))) {
            throw Problem.validation("this Idempotency-Key was already used for a different request",
                List.of(new Problem.FieldError(HEADER, "already used with another body; use a new key"))).exception();
          }
          String[] typeAndLocation = row.getString("content_type").split("\n", 2);
          String location = typeAndLocation.length > 1 && !typeAndLocation[1].isEmpty() ? typeAndLocation[1] : null;
          return new Response(row.getInteger("status"), typeAndLocation[0], location, row.getBuffer("body"), true);
        });
  }

  private static String requestHash(RoutingContext ctx) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((ctx.request().method().name() + " " + ctx.request().path() + "\n").getBytes());
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      if (body != null) {
        sha.update(body.getBytes());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
