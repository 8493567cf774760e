package vn.customs.digital.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import vn.customs.digital.problems.Problem;

/**
 * What routes read of a request beyond what the contract has checked, read one way everywhere: an
 * id in the path, a JSON object body, an instant in the query.
 */
public final class Requests {
  private Requests() {}

  /**
   * The UUID in the path parameter {@code name}. An id that cannot exist is simply not found: a 404
   * naming the {@code resource}, the same answer as for an id that exists for another tenant only.
   */
  public static UUID pathId(RoutingContext ctx, String name, String resource) {
    String value = ctx.pathParam(name);
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw Problem.notFound("no " + resource + " " + value).exception();
    }
  }

  /**
   * The body as a JSON object. Anything else is a 400: no body, not JSON, another JSON value (an
   * array, the JSON text {@code null}, which decodes without an error).
   */
  public static JsonObject jsonObject(RoutingContext ctx) {
    try {
      Object parsed = body(ctx) == null ? null : body(ctx).toJsonValue();
      if (parsed instanceof JsonObject o) {
        return o;
      }
    } catch (DecodeException e) {
      // falls through to the problem below
    }
    throw Problem.badRequest(
            "the body must be a JSON object",
            List.of(new Problem.FieldError("", "not a JSON object")))
        .exception();
  }

  /**
   * Like {@link #jsonObject}, for a body the operation may omit: no body, or an empty one, reads as
   * {@code {}}.
   */
  public static JsonObject optionalJsonObject(RoutingContext ctx) {
    Buffer body = body(ctx);
    return body == null || body.length() == 0 ? new JsonObject() : jsonObject(ctx);
  }

  /**
   * The RFC 3339 instant in the query parameter {@code name}, or null when absent; anything else is
   * a 400 naming the parameter.
   */
  public static OffsetDateTime queryInstant(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value).atOffset(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      throw Problem.badRequest(
              name + " must be an RFC 3339 instant, e.g. 2026-11-23T00:00:00Z",
              List.of(new Problem.FieldError(name, "not an RFC 3339 instant")))
          .exception();
    }
  }

  private static Buffer body(RoutingContext ctx) {
    return ctx.body() == null ? null : ctx.body().buffer();
  }
}
