package vn.customs.digital.api.audit;

import static vn.customs.digital.api.http.JsonResponses.JSON;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import vn.customs.digital.api.http.ContractValidation;

/**
 * GET /api/v1/audit/checkpoints: the signed checkpoints of the audit chain, public like the
 * service's keys. A checkpoint carries a position and a hash, nothing of any declaration; it is
 * meant to be kept by anyone (a court, an auditor, a trader's association), which is what makes
 * rewriting the history before it visible.
 */
public final class AuditRoutes {
  static final int DEFAULT_LIMIT = 100;

  private final Pool pool;

  public AuditRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("listAuditCheckpoints").addHandler(this::checkpoints);
  }

  private void checkpoints(RoutingContext ctx) {
    // The contract bounds both (from >= 1, limit 1..1000): a bad value is a 400 before this runs.
    long from = ContractValidation.queryLong(ctx, "from", 1);
    int limit = ContractValidation.queryInteger(ctx, "limit", DEFAULT_LIMIT);
    pool.preparedQuery(AuditSql.CHECKPOINTS)
        .execute(Tuple.of(from, limit + 1))
        .onSuccess(
            rows -> {
              JsonArray items = new JsonArray();
              long last = 0;
              for (Row r : rows) {
                if (items.size() == limit) {
                  break;
                }
                AuditCheckpoints.Checkpoint c = AuditCheckpoints.of(r);
                items.add(c.toJson());
                last = c.chainSeq();
              }
              JsonObject page =
                  new JsonObject()
                      .put("items", items)
                      .put("next", rows.size() > limit ? last + 1 : null);
              ctx.response()
                  .setStatusCode(200)
                  .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                  .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=60")
                  .end(page.toBuffer());
            })
        .onFailure(ctx::fail);
  }
}
