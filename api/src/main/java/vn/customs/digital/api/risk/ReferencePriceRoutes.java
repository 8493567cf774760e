package vn.customs.digital.api.risk;

import static vn.customs.digital.api.http.JsonResponses.JSON;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import vn.customs.digital.api.audit.AuditLog;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.declarations.ReferenceCodes;
import vn.customs.digital.api.declarations.ReferenceData;
import vn.customs.digital.api.http.ConditionalGet;
import vn.customs.digital.api.http.ContractValidation;
import vn.customs.digital.api.http.JsonResponses;
import vn.customs.digital.api.http.Requests;
import vn.customs.digital.problems.Problem;

/**
 * The risk manager's valuation reference prices (V16, V19): the reference unit price in VND of
 * goods by HS code, origin ({@code any} for every origin without a price of its own) and unit of
 * quantity, as a schedule of prices each in force from a day. A risk manager reads them and sets a
 * price from today or a later day (a price already in force before today is history and stays);
 * every change is a record of the audit chain ({@code REFERENCE_PRICE_SET}, with the price it
 * replaced) in the change's transaction. A schedule has an ETag; a change sent with {@code
 * If-Match} is refused with 412 when the schedule changed since it was read.
 *
 * <p>The api that made the change reloads its reference data at once, so its next assessment uses
 * the new price; other instances pick it up on their scheduled reload (every 10 minutes).
 *
 * <p>The list is validated against the contract like other routes. A schedule's routes (get and
 * set) read the path's goods and set's body themselves, so that every problem comes in one
 * problem+json: a 422 with pointers for the body, as the contract describes.
 */
public final class ReferencePriceRoutes {
  /** The path's word for "every origin without a price of its own" (a null origin in the table). */
  static final String ANY_ORIGIN = "any";

  private static final Pattern HS_CODE = Pattern.compile("[0-9]{8}");
  private static final Pattern HS_PREFIX = Pattern.compile("[0-9]{2,8}");
  private static final int MAX_SOURCE = 200;
  private static final BigDecimal MAX_PRICE = new BigDecimal("1E15");
  private static final int MAX_YEARS_AHEAD = 5;
  private static final int DEFAULT_LIMIT = 100;

  private final Pool pool;
  private final Clock clock;
  private final RiskService risk;
  private final ReferenceData reference;

  public ReferencePriceRoutes(Pool pool, Clock clock, RiskService risk, ReferenceData reference) {
    this.pool = pool;
    this.clock = clock;
    this.risk = risk;
    this.reference = reference;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("listReferencePrices").addHandler(this::list);
    builder.getRoute("getReferencePrice").setDoValidation(false).addHandler(this::get);
    builder.getRoute("setReferencePrice").setDoValidation(false).addHandler(this::set);
  }

  /** The goods a schedule is for: origin null for any. */
  record Key(String hsCode, String origin, String unit) {
    String originOrAny() {
      return origin == null ? ANY_ORIGIN : origin;
    }

    String path() {
      return "/api/v1/risk/reference-prices/" + hsCode + "/" + originOrAny() + "/" + unit;
    }
  }

  /** GET /risk/reference-prices?hsCode=&origin=&limit=: the prices in force today, and ahead. */
  private void list(RoutingContext ctx) {
    Caller.require(ctx, Role.RISK_MANAGER);
    List<Problem.FieldError> errors = new ArrayList<>();
    String hs = query(ctx, "hsCode");
    if (hs != null && !HS_PREFIX.matcher(hs).matches()) {
      errors.add(new Problem.FieldError("hsCode", "an HS code or its first 2 to 8 digits"));
    }
    String origin = query(ctx, "origin");
    if (origin != null
        && !ANY_ORIGIN.equals(origin)
        && !ReferenceCodes.COUNTRIES.contains(origin)) {
      errors.add(new Problem.FieldError("origin", "an ISO 3166 alpha-2 country code, or any"));
    }
    if (!errors.isEmpty()) {
      throw Problem.badRequest("the query is not acceptable", errors).exception();
    }
    int max = ContractValidation.queryInteger(ctx, "limit", DEFAULT_LIMIT);
    LocalDate today = risk.today();
    pool.preparedQuery(RiskSql.REFERENCE_PRICES)
        .execute(
            Tuple.of(
                hs == null ? "" : hs,
                origin == null ? null : ANY_ORIGIN.equals(origin) ? "--" : origin,
                today,
                max + 1))
        .onSuccess(
            rows -> {
              JsonObject body =
                  JsonResponses.page(
                          rows,
                          max,
                          r -> {
                            Key key =
                                new Key(
                                    r.getString("hs_code"),
                                    r.getString("origin"),
                                    r.getString("unit"));
                            return price(r, today)
                                .put("hsCode", key.hsCode())
                                .put("origin", key.originOrAny())
                                .put("unit", key.unit())
                                .put("href", key.path());
                          })
                      .put("today", today.toString());
              JsonResponses.send(ctx, 200, body);
            })
        .onFailure(ctx::fail);
  }

  /** GET /risk/reference-prices/{hsCode}/{origin}/{unit}: the schedule, with its ETag. */
  private void get(RoutingContext ctx) {
    Caller.require(ctx, Role.RISK_MANAGER);
    Key key = pathKey(ctx);
    LocalDate today = risk.today();
    schedule(pool, key)
        .onSuccess(
            rows -> {
              if (rows.size() == 0) {
                ctx.fail(Problem.notFound("no reference price of " + describe(key)).exception());
                return;
              }
              ConditionalGet.send(ctx, JSON, "no-cache", schedule(key, rows, today).toBuffer());
            })
        .onFailure(ctx::fail);
  }

  /**
   * PUT /risk/reference-prices/{hsCode}/{origin}/{unit} {priceVnd, validFrom?, source}: the price
   * from that day (today when omitted) on; 201 for goods that had no price, else 200.
   */
  private void set(RoutingContext ctx) {
    Caller caller = Caller.require(ctx, Role.RISK_MANAGER);
    Key key = pathKey(ctx);
    JsonObject body = Requests.jsonObject(ctx);
    LocalDate today = risk.today();
    List<Problem.FieldError> errors = new ArrayList<>();
    BigDecimal price = null;
    if (body.getValue("priceVnd") instanceof Number n) {
      price = new BigDecimal(n.toString());
    }
    if (price == null
        || price.signum() <= 0
        || price.compareTo(MAX_PRICE) >= 0
        || price.stripTrailingZeros().scale() > 0) {
      errors.add(
          new Problem.FieldError("/priceVnd", "a whole number of VND, 1 to 999,999,999,999,999"));
      price = null;
    }
    LocalDate validFrom = today;
    if (body.containsKey("validFrom")) {
      validFrom = null;
      if (body.getValue("validFrom") instanceof String s && s.length() == 10) {
        try {
          validFrom = LocalDate.parse(s);
        } catch (DateTimeParseException e) {
          // reported below
        }
      }
      if (validFrom == null) {
        errors.add(new Problem.FieldError("/validFrom", "a date, e.g. 2027-01-01"));
      } else if (validFrom.isBefore(today)) {
        errors.add(
            new Problem.FieldError(
                "/validFrom",
                "today ("
                    + today
                    + ") or later: a price in force before today is history and stays"));
      } else if (validFrom.isAfter(today.plusYears(MAX_YEARS_AHEAD))) {
        errors.add(
            new Problem.FieldError(
                "/validFrom", "at most " + MAX_YEARS_AHEAD + " years ahead of today"));
      }
    }
    String source = body.getValue("source") instanceof String s ? s.strip() : null;
    if (source == null || source.isEmpty() || source.length() > MAX_SOURCE) {
      errors.add(
          new Problem.FieldError(
              "/source",
              "where the price comes from (1 to " + MAX_SOURCE + " characters), e.g. a decision"));
    }
    for (String field : body.fieldNames()) {
      if (!List.of("priceVnd", "validFrom", "source").contains(field)) {
        errors.add(new Problem.FieldError("/" + field, "not a field of a reference price"));
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.validation("the reference price is not acceptable", errors).exception();
    }
    String ifMatch = ctx.request().getHeader(HttpHeaders.IF_MATCH);
    BigDecimal newPrice = price;
    LocalDate from = validFrom;
    Instant now = clock.instant();
    pool.withTransaction(
            conn ->
                // One change of a schedule at a time, so If-Match compares with what is changed.
                conn.preparedQuery(RiskSql.REFERENCE_PRICE_LOCK)
                    .execute(Tuple.of(key.hsCode() + "|" + key.originOrAny() + "|" + key.unit()))
                    .compose(locked -> schedule(conn, key))
                    .compose(
                        before -> {
                          refuseStale(ifMatch, key, before, today);
                          BigDecimal replaced = priceOn(before, from);
                          return conn.preparedQuery(RiskSql.SET_REFERENCE_PRICE)
                              .execute(
                                  Tuple.of(
                                      key.hsCode(),
                                      key.origin(),
                                      key.unit(),
                                      newPrice,
                                      from,
                                      source,
                                      caller.subject(),
                                      now.atOffset(ZoneOffset.UTC)))
                              .compose(
                                  v ->
                                      AuditLog.append(
                                          conn,
                                          new AuditLog.Entry(
                                              now,
                                              caller.subject(),
                                              null,
                                              "REFERENCE_PRICE_SET",
                                              new JsonObject()
                                                  .put("hsCode", key.hsCode())
                                                  .put("origin", key.originOrAny())
                                                  .put("unit", key.unit())
                                                  .put("validFrom", from.toString())
                                                  .put("priceVnd", newPrice.toPlainString())
                                                  .put(
                                                      "replacedPriceVnd",
                                                      replaced == null
                                                          ? null
                                                          : replaced.toPlainString())
                                                  .put("source", source))))
                              .compose(seq -> schedule(conn, key))
                              .map(after -> new Change(before.size() == 0, after));
                        }))
        .compose(change -> reference.reload().map(change))
        .onSuccess(
            change -> {
              Buffer bytes = schedule(key, change.after(), today).toBuffer();
              var response =
                  ctx.response()
                      .setStatusCode(change.created() ? 201 : 200)
                      .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                      .putHeader(HttpHeaders.ETAG, ConditionalGet.etag(bytes));
              if (change.created()) {
                response.putHeader(HttpHeaders.LOCATION, key.path());
              }
              response.end(bytes);
            })
        .onFailure(ctx::fail);
  }

  private record Change(boolean created, RowSet<Row> after) {}

  /**
   * 412 when If-Match names another state of the schedule than the one about to change (strong
   * comparison: a weak tag never matches), or any state of goods that have no price yet.
   */
  private static void refuseStale(String ifMatch, Key key, RowSet<Row> before, LocalDate today) {
    if (ifMatch == null) {
      return;
    }
    boolean matches = false;
    if (before.size() > 0) {
      String current = ConditionalGet.etag(schedule(key, before, today).toBuffer());
      for (String candidate : ifMatch.split(",")) {
        String c = candidate.trim();
        matches |= c.equals("*") || c.equals(current);
      }
    }
    if (!matches) {
      throw Problem.of(
              "precondition-failed",
              412,
              "The reference price changed since it was read",
              "the prices of "
                  + describe(key)
                  + (before.size() == 0 ? " do not exist yet" : " are no longer " + ifMatch.trim())
                  + ": read them again (GET, its ETag) and decide on the current prices")
          .exception();
    }
  }

  /** The price the schedule has exactly from {@code day}, which a change on that day replaces. */
  private static BigDecimal priceOn(RowSet<Row> rows, LocalDate day) {
    for (Row r : rows) {
      if (r.getLocalDate("valid_from").equals(day)) {
        return r.getBigDecimal("price_vnd");
      }
    }
    return null;
  }

  private static Future<RowSet<Row>> schedule(SqlClient client, Key key) {
    return client
        .preparedQuery(RiskSql.REFERENCE_PRICE_SCHEDULE)
        .execute(Tuple.of(key.hsCode(), key.origin() == null ? "--" : key.origin(), key.unit()));
  }

  /** A schedule's representation: what is in force today, and every price from its day. */
  private static JsonObject schedule(Key key, RowSet<Row> rows, LocalDate today) {
    JsonArray prices = new JsonArray();
    JsonObject inForce = null;
    for (Row r : rows) {
      JsonObject p = price(r, today);
      prices.add(p);
      if (!r.getLocalDate("valid_from").isAfter(today)) {
        inForce = p;
      }
    }
    return new JsonObject()
        .put("hsCode", key.hsCode())
        .put("origin", key.originOrAny())
        .put("unit", key.unit())
        .put("today", today.toString())
        .put("inForce", inForce == null ? null : inForce.getString("priceVnd"))
        .put("prices", prices);
  }

  private static JsonObject price(Row r, LocalDate today) {
    LocalDate from = r.getLocalDate("valid_from");
    return new JsonObject()
        .put("validFrom", from.toString())
        .put("priceVnd", r.getBigDecimal("price_vnd").toPlainString())
        .put("source", r.getString("source"))
        .put("recordedBy", r.getString("recorded_by"))
        .put("recordedAt", r.getOffsetDateTime("recorded_at").toInstant().toString())
        .put("scheduled", from.isAfter(today));
  }

  /**
   * The path's goods, or 404 for goods that cannot have a price (as for an id that cannot exist).
   */
  private static Key pathKey(RoutingContext ctx) {
    String hs = ctx.pathParam("hsCode");
    String origin = ctx.pathParam("origin");
    String unit = ctx.pathParam("unit");
    List<Problem.FieldError> errors = new ArrayList<>();
    if (hs == null || !HS_CODE.matcher(hs).matches()) {
      errors.add(new Problem.FieldError("hsCode", "an HS code of 8 digits"));
    }
    if (origin == null
        || !(ANY_ORIGIN.equals(origin) || ReferenceCodes.COUNTRIES.contains(origin))) {
      errors.add(
          new Problem.FieldError(
              "origin", "an ISO 3166 alpha-2 country code, or any (every other origin)"));
    }
    if (unit == null || !ReferenceCodes.UNITS.contains(unit)) {
      errors.add(
          new Problem.FieldError("unit", "a UN/ECE Recommendation 20 unit code, e.g. KGM or C62"));
    }
    if (!errors.isEmpty()) {
      throw Problem.badRequest("the path does not name goods a price can be set for", errors)
          .exception();
    }
    return new Key(hs, ANY_ORIGIN.equals(origin) ? null : origin, unit);
  }

  private static String describe(Key key) {
    return "HS " + key.hsCode() + " from " + key.originOrAny() + " per " + key.unit();
  }

  private static String query(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    return values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
  }
}
