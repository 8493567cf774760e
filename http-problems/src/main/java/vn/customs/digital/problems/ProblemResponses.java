package vn.customs.digital.problems;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a {@link Problem} as the response: {@code application/problem+json}, not stored by caches,
 * with the path as its {@code instance} and the request's id ({@link RequestIds}); a 503 says when
 * to retry, a 401 how to authenticate. The one writer of problems, for the api's failure handler
 * and for the routes of the modules it hosts (notifications).
 */
public final class ProblemResponses {
  /**
   * Retry-After of a 503, in seconds: not hammering a recovering database, yet short next to a
   * restart or failover.
   */
  public static final int RETRY_AFTER_SECONDS = 5;

  private ProblemResponses() {}

  /** Answers {@code problem}; a response already begun is reset instead (the client sees a cut). */
  public static void send(RoutingContext ctx, Problem problem) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (problem.status() == 503) {
      response.putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
    }
    if (problem.status() == 401) {
      response.putHeader(
          "WWW-Authenticate",
          "Bearer error=\"invalid_token\", error_description=\""
              + (problem.detail() == null ? problem.title() : problem.detail()).replace('"', '\'')
              + "\"");
    }
    response.end(problem.toJson(ctx.request().path(), RequestIds.find(ctx)).toBuffer());
  }
}
