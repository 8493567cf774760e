package vn.customs.digital.api.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.util.function.Function;

/**
 * The api's media types, and the answer most of its resources give: JSON that no cache may keep.
 */
public final class JsonResponses {
  public static final String JSON = "application/json; charset=utf-8";

  /** A compact JWS: signed declarations in, signed receipts out. */
  public static final String JOSE = "application/jose";

  private JsonResponses() {}

  /**
   * Answers {@code body} with {@code status}, marked {@code no-store}: it is about the caller or
   * changes with every call.
   */
  public static void send(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.toBuffer());
  }

  /**
   * One page of rows read with a limit of {@code limit + 1}: {@code items}, at most {@code limit}
   * of them, and {@code more} when another row was there.
   */
  public static JsonObject page(Iterable<Row> rows, int limit, Function<Row, JsonObject> item) {
    JsonArray items = new JsonArray();
    boolean more = false;
    for (Row r : rows) {
      if (items.size() == limit) {
        more = true;
        break;
      }
      items.add(item.apply(r));
    }
    return new JsonObject().put("items", items).put("more", more);
  }
}
