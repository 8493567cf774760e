package vn.customs.digital.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Sends a representation with a strong ETag (a digest of its bytes) and answers 304 when the client
 * already holds it: phones on weak networks revalidate instead of downloading again.
 */
public final class ConditionalGet {
  private ConditionalGet() {}

  public static String etag(Buffer body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void send(
      RoutingContext ctx, String contentType, String cacheControl, Buffer body) {
    send(ctx, contentType, cacheControl, body, etag(body));
  }

  /** As above with the ETag already known (a cached representation). */
  public static void send(
      RoutingContext ctx, String contentType, String cacheControl, Buffer body, String etag) {
    var response =
        ctx.response()
            .putHeader(HttpHeaders.ETAG, etag)
            .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
    if (matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
  }

  /** If-None-Match may list several tags, weak or strong; weak comparison applies to GET. */
  public static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.trim();
      if (c.equals("*")) {
        return true;
      }
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
