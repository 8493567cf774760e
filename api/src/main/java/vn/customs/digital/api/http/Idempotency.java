package vn.customs.digital.api.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import vn.customs.digital.api.platform.IdempotencyStore;
import vn.customs.digital.api.platform.TransactionEnd;
import vn.customs.digital.notifications.DatabaseAvailability;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.problems.ProblemException;

/**
 * Idempotent POSTs for phones that retry on flaky networks: the HTTP side. With an {@code
 * Idempotency-Key}, the first response is kept in the same transaction as the change it reports, so
 * a retry with the same key and body gets that response again (marked {@code Idempotent-Replayed:
 * true}) and nothing happens twice; the same key with another body is a 422. Keys are scoped to the
 * caller.
 *
 * <p>Who does what: the service that makes the change owns its transaction and reports a domain
 * result; the route says how that result is answered ({@code answer}); this class hands the service
 * the step that ends its transaction ({@link TransactionEnd}), which renders the answer once and
 * keeps it ({@link IdempotencyStore}) beside the change. What is kept is the response as it was
 * sent, byte for byte, so a retry is answered exactly what the first request was, whatever has
 * happened to the resource since.
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private Idempotency() {}

  /** A response worth replaying. */
  public record Response(
      int status, String contentType, String location, Buffer body, boolean replayed) {
    public Response(int status, String contentType, String location, Buffer body) {
      this(status, contentType, location, body, false);
    }
  }

  /**
   * Runs {@code change}, a service's transaction ended by the step given to it, and answers its
   * result with {@code answer}; or replays the response kept for this caller's key. Without a key
   * the change simply runs.
   *
   * <p>Optimistic: a new key, nearly every request, costs one insert in the change's own
   * transaction and no lookup. When the key is already kept (a retry, or a concurrent twin that
   * committed first), either that insert fails on the key's primary key or the change itself fails
   * on the state the first request left (a draft already submitted, a payment already pending); the
   * transaction rolls back with everything the retry wrote, and the kept response is replayed. A
   * failure with no kept key stays the failure. So does a database outage: a lookup would only wait
   * for the same database again, doubling the time to the 503.
   */
  public static <R> Future<Response> run(
      Pool pool,
      Clock clock,
      RoutingContext ctx,
      String caller,
      Function<R, Response> answer,
      Function<TransactionEnd<R, Response>, Future<Response>> change) {
    String key = key(ctx);
    if (key == null) {
      return change.apply((conn, result) -> Future.succeededFuture(answer.apply(result)));
    }
    String hash = requestHash(ctx);
    return change
        .apply(
            (conn, result) -> {
              Response response = answer.apply(result);
              return IdempotencyStore.keep(
                      conn,
                      caller,
                      key,
                      new IdempotencyStore.Kept(
                          hash,
                          response.status(),
                          response.contentType(),
                          response.location(),
                          response.body()),
                      clock.instant())
                  .map(response);
            })
        .recover(
            e ->
                DatabaseAvailability.isOutage(e)
                    ? Future.failedFuture(e)
                    : replay(pool, caller, key, hash)
                        .transform(
                            found ->
                                found.succeeded()
                                    ? found.result() != null
                                        ? Future.succeededFuture(found.result())
                                        : Future.failedFuture(e)
                                    // the key's own problem (used with another body) is the answer;
                                    // a failed lookup is not
                                    : Future.failedFuture(
                                        found.cause() instanceof ProblemException
                                            ? found.cause()
                                            : e)));
  }

  public static void send(RoutingContext ctx, Response response) {
    var r =
        ctx.response()
            .setStatusCode(response.status())
            .putHeader(HttpHeaders.CONTENT_TYPE, response.contentType());
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
      throw Problem.badRequest(
              "Idempotency-Key must be 1 to 255 visible ASCII characters",
              List.of(new Problem.FieldError(HEADER, "1 to 255 visible ASCII characters")))
          .exception();
    }
    return key;
  }

  /**
   * The response kept for the caller's key, or null; a 422 when the key answered another request.
   */
  private static Future<Response> replay(Pool pool, String caller, String key, String hash) {
    return IdempotencyStore.find(pool, caller, key)
        .map(
            kept -> {
              if (kept == null) {
                return null;
              }
              if (!hash.equals(kept.requestHash())) {
                throw Problem.validation(
                        "this Idempotency-Key was already used for a different request",
                        List.of(
                            new Problem.FieldError(
                                HEADER, "already used with another body; use a new key")))
                    .exception();
              }
              return new Response(
                  kept.status(), kept.contentType(), kept.location(), kept.body(), true);
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
