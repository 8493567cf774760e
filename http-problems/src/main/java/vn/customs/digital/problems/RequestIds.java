package vn.customs.digital.problems;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Accepts a caller's X-Request-Id when it is short and plain (it ends up in logs), else makes one;
 * echoes it on the response and keeps it on the context for logs and problem bodies.
 */
public final class RequestIds implements PlatformHandler {
  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "requestId";
  private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id =
        given != null && ACCEPTABLE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  /** The request's id, for logs: {@code -} when no {@code RequestIds} handler ran. */
  public static String of(RoutingContext ctx) {
    String id = find(ctx);
    return id == null ? "-" : id;
  }

  /** The request's id; null when no {@code RequestIds} handler ran (a router without one). */
  public static String find(RoutingContext ctx) {
    return ctx.get(KEY);
  }
}
