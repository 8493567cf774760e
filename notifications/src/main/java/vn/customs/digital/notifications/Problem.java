package vn.customs.digital.notifications;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details, the error body of every route of the module. */
final class Problem {

  static final String CONTENT_TYPE = "application/problem+json";
  static final String TYPE_PREFIX = "urn:digital-customs:problem:";
  static final String REQUEST_ID = "X-Request-Id";

  private Problem() {}

  static void send(
      RoutingContext ctx, int status, String slug, String title, String detail, JsonArray errors) {
    JsonObject body =
        new JsonObject()
            .put("type", TYPE_PREFIX + slug)
            .put("title", title)
            .put("status", status)
            .put("detail", detail)
            .put("errors", errors == null ? new JsonArray() : errors)
            .put("instance", ctx.request().path());
    // The host's request id (the api's RequestIds sets it on the response), as in the api's own
    // problems.
    String requestId = ctx.response().headers().get(REQUEST_ID);
    if (requestId != null) {
      body.put("requestId", requestId);
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE).end(body.encode());
  }

  static void validation(RoutingContext ctx, JsonArray errors) {
    send(
        ctx,
        400,
        "validation",
        "The request is not valid",
        "See errors for each field at fault.",
        errors);
  }

  static JsonObject error(String pointer, String detail) {
    return new JsonObject().put("pointer", pointer).put("detail", detail);
  }

  static void unauthenticated(RoutingContext ctx) {
    send(
        ctx,
        401,
        "unauthenticated",
        "Authentication required",
        "This endpoint needs a signed-in user.",
        null);
  }

  static void forbidden(RoutingContext ctx, String detail) {
    send(ctx, 403, "forbidden", "Not allowed", detail, null);
  }

  static void notFound(RoutingContext ctx, String detail) {
    send(ctx, 404, "not-found", "Not found", detail, null);
  }
}
