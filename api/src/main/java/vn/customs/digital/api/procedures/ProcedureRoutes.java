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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import vn.customs.digital.api.http.ConditionalGet;
import vn.customs.digital.api.http.ContractValidation;
import vn.customs.digital.api.http.Language;
import vn.customs.digital.api.procedures.ProcedureSummary.Hit;
import vn.customs.digital.problems.Problem;

/**
 * The public catalogue of administrative procedures: search and read, no sign-in. Searches are
 * answered from the in-memory {@link ProcedureIndex} when it can, else by {@link
 * ProcedureSql#SEARCH}; both give the same rows.
 */
public final class ProcedureRoutes {
  static final int DEFAULT_LIMIT = 20;
  private static final String CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=60";

  private final Pool pool;
  private final PageCache cache;
  private final ProcedureIndex index;

  public ProcedureRoutes(Pool pool, PageCache cache, ProcedureIndex index) {
    this.pool = pool;
    this.cache = cache;
    this.index = index;
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
    if (q != null) {
      List<Hit> hits =
          index.search(
              q,
              category,
              level,
              after == null ? null : after.score(),
              after == null ? null : after.code(),
              limit + 1);
      if (hits != null) {
        sendPage(ctx, lang, key, hits, limit, q, category, level);
        return;
      }
    }
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
              List<Hit> hits = new ArrayList<>(rows.size());
              for (Row row : rows) {
                hits.add(
                    new Hit(ProcedureSummary.of(row), q == null ? null : row.getDouble("score")));
              }
              sendPage(ctx, lang, key, hits, limit, q, category, level);
            })
        .onFailure(ctx::fail);
  }

  /** A page of at most {@code limit} of {@code hits}, and a cursor when there are more. */
  private void sendPage(
      RoutingContext ctx,
      Language lang,
      String key,
      List<Hit> hits,
      int limit,
      String q,
      String category,
      Integer level) {
    JsonArray items = new JsonArray();
    Hit last = null;
    for (Hit hit : hits) {
      if (items.size() == limit) {
        break;
      }
      items.add(hit.procedure().json(lang));
      last = hit;
    }
    String next =
        hits.size() > limit && last != null
            ? new Cursor(last.score(), last.procedure().code(), q, category, level).encode()
            : null;
    JsonObject page =
        new JsonObject().put("lang", lang.tag()).put("items", items).put("nextCursor", next);
    sendJson(ctx, lang, key, page);
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
                  ProcedureSummary.of(row)
                      .json(lang)
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
