package vn.customs.digital.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import java.util.List;
import java.util.Set;
import vn.customs.digital.problems.RequestIds;

/**
 * Browsers on the allowed origins may call the api (CORS): a preflight is answered here (204,
 * before any authentication: it carries no token), a request from another origin is refused (403
 * problem), and answers expose the headers a client acts on. Bearer tokens, not cookies, so no
 * credentials mode.
 *
 * <p>Requests of the api's own origin (the phone app it serves) are not cross-origin and pass.
 *
 * <p>WebSocket handshakes are left alone: CORS does not govern them (browsers do not preflight a
 * WebSocket), and the gate agents' WebSocket client sends an {@code Origin} of its own that no web
 * app has.
 */
public final class Cors implements SecurityPolicyHandler {
  private final CorsHandler cors;

  public Cors(List<String> origins) {
    this.cors =
        CorsHandler.create()
            .addOrigins(origins)
            .allowedMethods(
                Set.of(
                    HttpMethod.GET,
                    HttpMethod.POST,
                    HttpMethod.PUT,
                    HttpMethod.DELETE,
                    HttpMethod.OPTIONS))
            .allowedHeaders(
                Set.of(
                    "Authorization",
                    "Content-Type",
                    "Accept",
                    "Accept-Language",
                    "Idempotency-Key",
                    "If-None-Match",
                    "Last-Event-ID",
                    RequestIds.HEADER))
            .exposedHeaders(
                Set.of(
                    "ETag",
                    "Location",
                    "Idempotent-Replayed",
                    RequestIds.HEADER,
                    "Retry-After",
                    "WWW-Authenticate"))
            .maxAgeSeconds(600);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if ("websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
      ctx.next();
      return;
    }
    if (sameOrigin(ctx.request().getHeader(HttpHeaders.ORIGIN), ctx.request().authority())) {
      // the api's own pages (the phone app under /app/): module scripts and fetches carry an Origin
      ctx.next();
      return;
    }
    cors.handle(ctx);
  }

  /**
   * Whether the browser's {@code Origin} names the host the request is addressed to (its Host), as
   * for the app served by the api itself. The scheme is not compared: a proxy may end TLS in front.
   */
  static boolean sameOrigin(String origin, HostAndPort authority) {
    if (origin == null || authority == null) {
      return false;
    }
    int scheme = origin.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    String host = authority.host() + (authority.port() > 0 ? ":" + authority.port() : "");
    return origin.substring(scheme + 3).equalsIgnoreCase(host);
  }
}
