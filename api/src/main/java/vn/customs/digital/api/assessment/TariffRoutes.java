package vn.customs.digital.api.assessment;

import static vn.customs.digital.api.http.JsonResponses.JSON;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import vn.customs.digital.api.http.ConditionalGet;
import vn.customs.digital.api.http.ContractValidation;
import vn.customs.digital.api.http.Language;

/**
 * The HS code lookup a trader's form asks as they type (public, as the tariff is): code digits and
 * words of the description, in Vietnamese or English, with or without diacritics.
 */
public final class TariffRoutes {
  static final int DEFAULT_LIMIT = 10;

  /** The tariff changes only with a migration (a deployment): an hour in any cache is safe. */
  private static final String CACHE_CONTROL = "public, max-age=3600, stale-while-revalidate=600";

  /** A token of code digits, dots between them allowed as printed: 8517, 8517.13, 0306.17.21. */
  private static final Pattern CODE_TOKEN = Pattern.compile("^[0-9][0-9.]*$");

  private final Pool pool;

  public TariffRoutes(Pool pool) {
    this.pool = pool;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("searchTariff").addHandler(this::search);
  }

  /** What the trader typed, split into a code prefix (its digit tokens) and words (the rest). */
  record Query(String codePrefix, String words) {
    static Query parse(String q) {
      StringBuilder digits = new StringBuilder();
      List<String> words = new ArrayList<>();
      for (String token : q.trim().split("\\s+")) {
        if (token.isEmpty()) {
          continue;
        }
        if (CODE_TOKEN.matcher(token).matches()) {
          digits.append(token.replace(".", ""));
        } else {
          words.add(token);
        }
      }
      String prefix = digits.isEmpty() ? null : digits.toString();
      // a prefix longer than a line's 8 digits matches nothing; kept, so the answer says so
      return new Query(prefix, words.isEmpty() ? null : String.join(" ", words));
    }
  }

  private void search(RoutingContext ctx) {
    Language lang = Language.of(ctx);
    Query query = Query.parse(ctx.queryParams().get("q"));
    int limit = ContractValidation.queryInteger(ctx, "limit", DEFAULT_LIMIT);
    if (query.codePrefix() == null && query.words() == null) {
      send(ctx, lang, new JsonArray()); // nothing typed yet: nothing matches, not everything
      return;
    }
    pool.preparedQuery(AssessmentSql.TARIFF_LOOKUP)
        .execute(Tuple.of(query.codePrefix(), query.words(), limit))
        .onSuccess(
            rows -> {
              JsonArray items = new JsonArray();
              for (Row row : rows) {
                items.add(entry(row, lang));
              }
              send(ctx, lang, items);
            })
        .onFailure(ctx::fail);
  }

  private static void send(RoutingContext ctx, Language lang, JsonArray items) {
    Buffer body = new JsonObject().put("lang", lang.tag()).put("items", items).toBuffer();
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_LANGUAGE, lang.tag())
        .putHeader(HttpHeaders.VARY, "Accept-Language");
    ConditionalGet.send(ctx, JSON, CACHE_CONTROL, body);
  }

  private static JsonObject entry(Row row, Language lang) {
    String code = row.getString("code").trim();
    JsonObject e =
        new JsonObject()
            .put("hsCode", code)
            .put("level", level(code))
            .put("description", row.getString("description_" + lang.tag()))
            .put("declarable", code.length() == 8);
    if (code.length() == 8) {
      e.put("mfnImportRate", plain(row.getBigDecimal("mfn_import_rate")))
          .put("vatRate", plain(row.getBigDecimal("vat_rate")))
          .put("specialConsumptionRate", plain(row.getBigDecimal("special_consumption_rate")))
          .put("exportRate", plain(row.getBigDecimal("export_rate")));
    }
    return e;
  }

  private static String level(String code) {
    return switch (code.length()) {
      case 2 -> "chapter";
      case 4 -> "heading";
      case 6 -> "subheading";
      default -> "line";
    };
  }

  private static String plain(BigDecimal rate) {
    return rate == null ? null : rate.stripTrailingZeros().toPlainString();
  }
}
