package vn.customs.digital.api.procedures;

import static vn.customs.digital.api.http.JsonResponses.JSON;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import vn.customs.digital.api.http.ConditionalGet;
import vn.customs.digital.api.http.ContractValidation;
import vn.customs.digital.api.http.Language;
import vn.customs.digital.problems.Problem;

/** The public catalogue of administrative procedures: search and read, no sign-in. */
public final class ProcedureRoutes {
  static final int DEFAULT_LIMIT = 20;
  private static final String CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=60";

  private final Pool pool;
  private final PageCache cache;

  public ProcedureRoutes(Pool pool, PageCache cache) {
    this.pool = pool;
    this.cache = cache;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("listProcedures").addHandler(this::list);
    builder.getRoute("getProcedure").addHandler(this::one);
  }

  private void list(RoutingContext ctx) {
    Language lang = Language.of(ctx);
    String key = lang.tag() + "|" + ctx.request().uri();
    if (serveCached(ctx, lang, key)) {
      return;
    }
    String q = trimToNull(ctx.queryParams().get("q"));
    String category = trimToNull(ctx.queryParams().get("category"));
    Integer level = ContractValidation.queryInteger(ctx, "level");
    int limit = ContractValidation.queryInteger(ctx, "limit", DEFAULT_LIMIT);
    Cursor after = Cursor.decode(ctx.queryParams().get("cursor"), q, category, level);

    // One row more than asked tells whether another page exists without a count query.
    Tuple args =
        q == null
            ? Tuple.of(category, level, after == null ? null : after.code(), limit + 1)
            : Tuple.of(
                q,
                category,
                level,
                after == null ? null : after.score(),
                after == null ? null : after.code(),
                limit + 1);
    pool.preparedQuery(q == null ? ProcedureSql.LIST : ProcedureSql.SEARCH)
        .execute(args)
        .onSuccess(
            rows -> {
              JsonArray items = new JsonArray();
              Row last = null;
              int n = 0;
              for (Row row : rows) {
                if (n++ == limit) {
                  break;
                }
                items.add(summary(row, lang));
                last = row;
              }
              String next =
                  rows.size() > limit && last != null
                      ? new Cursor(
                              q == null ? null : last.getDouble("score"),
                              last.getString("code"),
                              q,
                              category,
                              level)
                          .encode()
                      : null;
              JsonObject page =
                  new JsonObject()
                      .put("lang", lang.tag())
                      .put("items", items)
                      .put("nextCursor", next);
              sendJson(ctx, lang, key, page);
            })
        .onFailure(ctx::fail);
  }

  private void one(RoutingContext ctx) {
    Language lang = Language.of(ctx);
    String key = lang.tag() + "|" + ctx.request().path();
    if (serveCached(ctx, lang, key)) {
      return;
    }
    String code = ctx.pathParam("code");
    pool.preparedQuery(ProcedureSql.ONE)
        .execute(Tuple.of(code))
        .onSuccess(
            (RowSet<Row> rows) -> {
              if (rows.size() == 0) {
                ctx.fail(Problem.notFound("no procedure with code " + code).exception());
                return;
              }
              Row row = rows.iterator().next();
              String l = lang.tag();
              JsonObject full =
                  summary(row, lang)
                      .put("steps", row.getJsonArray("steps_" + l))
                      .put("documents", row.getJsonArray("documents_" + l))
                      .put("fee", row.getString("fee_" + l))
                      .put("processingTime", row.getString("processing_time_" + l))
                      .put("legalBasis", row.getJsonArray("legal_basis"))
                      .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString())
                      .put("lang", l);
              sendJson(ctx, lang, key, full);
            })
        .onFailure(ctx::fail);
  }

  private static JsonObject summary(Row row, Language lang) {
    String l = lang.tag();
    return new JsonObject()
        .put("code", row.getString("code"))
        .put("title", row.getString("title_" + l))
        .put("summary", row.getString("summary_" + l))
        .put("category", row.getString("category"))
        .put("serviceLevel", row.getInteger("service_level"))
        .put("agency", row.getString("agency_" + l));
  }

  private void sendJson(RoutingContext ctx, Language lang, String key, JsonObject body) {
    Buffer bytes = body.toBuffer();
    String etag = ConditionalGet.etag(bytes);
    cache.put(key, bytes, etag);
    send(ctx, lang, bytes, etag);
  }

  private boolean serveCached(RoutingContext ctx, Language lang, String key) {
    PageCache.Entry hit = cache.get(key);
    if (hit == null) {
      return false;
    }
    send(ctx, lang, hit.body(), hit.etag());
    return true;
  }

  private static void send(RoutingContext ctx, Language lang, Buffer body, String etag) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_LANGUAGE, lang.tag())
        .putHeader(HttpHeaders.VARY, "Accept-Language");
    ConditionalGet.send(ctx, JSON, CACHE_CONTROL, body, etag);
  }

  private static String trimToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * Where the next page starts: the last row's (score, code) for a search, its code for a listing.
   * It remembers the filters it was made for, so a cursor replayed against another query is refused
   * rather than silently skipping rows.
   */
  record Cursor(Double score, String code, String q, String category, Integer level) {
    String encode() {
      JsonObject json = new JsonObject().put("c", code).put("f", fingerprint(q, category, level));
      if (score != null) {
        json.put("s", score);
      }
      return Base64.getUrlEncoder().withoutPadding().encodeToString(json.toBuffer().getBytes());
    }

    static Cursor decode(String token, String q, String category, Integer level) {
      if (token == null || token.isEmpty()) {
        return null;
      }
      try {
        JsonObject json = new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(token)));
        String code = json.getString("c");
        Double score = json.getDouble("s");
        if (code == null
            || !fingerprint(q, category, level).equals(json.getString("f"))
            || (q != null) != (score != null)) {
          throw new IllegalArgumentException("cursor does not belong to this query");
        }
        return new Cursor(score, code, q, category, level);
      } catch (RuntimeException e) {
        throw Problem.badRequest(
                "the cursor is not one this query returned",
                List.of(
                    new Problem.FieldError(
                        "cursor", "not a cursor returned for this query and these filters")))
            .exception();
      }
    }

    private static String fingerprint(String q, String category, Integer level) {
      String s =
          (q == null ? "" : q)
              + "\u0000"
              + (category == null ? "" : category)
              + "\u0000"
              + (level == null ? "" : level);
      return Integer.toHexString(java.util.Arrays.hashCode(s.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
