package vn.customs.digital.api.permits;

import static vn.customs.digital.api.http.JsonResponses.JSON;
import static vn.customs.digital.api.http.JsonResponses.page;
import static vn.customs.digital.api.http.JsonResponses.send;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import vn.customs.digital.api.audit.AuditLog;
import vn.customs.digital.api.auth.Caller;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.Tenancy;
import vn.customs.digital.api.declarations.ReferenceCodes;
import vn.customs.digital.api.http.ContractValidation;
import vn.customs.digital.api.http.InputText;
import vn.customs.digital.problems.Problem;

/**
 * The permit register's door for agencies: {@code POST /api/v1/permits} takes a permit as a compact
 * JWS (ES256) signed with the agency's own key ({@link PermitAgencies}); the signature is the
 * agency's authentication, and its key may register permits of the kinds its agency issues and
 * nothing else. The permit is kept as signed. Posting the same JWS again answers the permit
 * (idempotent); another permit under a number the agency already used is a 409.
 */
public final class PermitRoutes {
  static final Pattern NUMBER = Pattern.compile("[A-Z0-9./-]{1,40}");

  /** The JWS {@code typ} of a revocation (RFC 8725 explicit typing: no permit passes for one). */
  public static final String REVOCATION_TYPE = "permit-revocation+jwt";

  private static final int MAX_REASON = 500;
  private static final int DEFAULT_LIMIT = 50;
  private static final Pattern TAX_CODE = Pattern.compile("[0-9]{10}([0-9]{3})?");
  private static final Pattern HS_PREFIX = Pattern.compile("[0-9]{4,8}");
  private static final int MAX_HS_CODES = 50;

  private final Pool pool;
  private final Clock clock;
  private final PermitAgencies agencies;
  private final Tenancy tenancy;

  public PermitRoutes(Pool pool, Clock clock, PermitAgencies agencies, Tenancy tenancy) {
    this.pool = pool;
    this.clock = clock;
    this.agencies = agencies;
    this.tenancy = tenancy;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("registerPermit").addHandler(this::register);
    builder.getRoute("getPermit").addHandler(this::read);
    builder.getRoute("listEnterprisePermits").addHandler(this::list);
    builder.getRoute("revokePermit").addHandler(this::revoke);
  }

  /**
   * Whether the request may read permits of this agency held by this enterprise: the issuing agency
   * (its own token), officers, and the holder's traders and brokers. Everyone else is answered as
   * if there were none (404), so a permit's existence is not revealed.
   */
  private Future<Boolean> mayRead(RoutingContext ctx, String agency, String holder) {
    String reader = AgencyAuthenticator.agency(ctx);
    if (reader != null) {
      return Future.succeededFuture(reader.equals(agency));
    }
    Caller caller = Caller.of(ctx);
    if (caller.role() == Role.OFFICER) {
      return Future.succeededFuture(true);
    }
    return tenancy.mayActFor(caller, holder);
  }

  /**
   * GET /permits/{agency}/{number}: the permit as registered, its quantity left, any revocation.
   */
  private void read(RoutingContext ctx) {
    String agency = ctx.pathParam("agency");
    String number = ctx.pathParam("number");
    if (AgencyAuthenticator.agency(ctx) == null) {
      Caller.of(ctx);
    }
    if (agency == null
        || number == null
        || !PermitAgencies.CODE.matcher(agency).matches()
        || !NUMBER.matcher(number).matches()) {
      throw Problem.notFound("no permit " + agency + " " + number).exception();
    }
    pool.preparedQuery(PermitSql.ONE)
        .execute(Tuple.of(agency, number))
        .compose(
            rows -> {
              Row row = rows.size() == 0 ? null : rows.iterator().next();
              return row == null
                  ? Future.succeededFuture((Row) null)
                  : mayRead(ctx, agency, row.getString("holder_tax_code"))
                      .map(may -> may ? row : null);
            })
        .onSuccess(
            row -> {
              if (row == null) {
                ctx.fail(Problem.notFound("no permit " + agency + " " + number).exception());
              } else {
                send(ctx, 200, toJson(row));
              }
            })
        .onFailure(ctx::fail);
  }

  /**
   * GET /enterprises/{taxCode}/permits?limit=: the permits the enterprise holds, newest first (an
   * agency sees those it issued).
   */
  private void list(RoutingContext ctx) {
    String holder = ctx.pathParam("taxCode");
    String agency = AgencyAuthenticator.agency(ctx);
    if (agency == null) {
      Caller.of(ctx);
    }
    int max = ContractValidation.queryInteger(ctx, "limit", DEFAULT_LIMIT);
    (agency != null ? Future.succeededFuture(true) : mayRead(ctx, null, holder))
        .compose(
            may ->
                may
                    ? pool.preparedQuery(PermitSql.OF_HOLDER)
                        .execute(Tuple.of(holder, agency, max + 1))
                    : Future.failedFuture(Problem.notFound("no enterprise " + holder).exception()))
        .onSuccess(rows -> send(ctx, 200, page(rows, max, PermitRoutes::toJson)))
        .onFailure(ctx::fail);
  }

  /**
   * POST /permits/{agency}/{number}/revocation: the issuing agency revokes the permit with a JWS of
   * {@code typ} {@value #REVOCATION_TYPE} signed with its key, payload {agency, number, reason};
   * kept as signed and audited. Declarations citing it are refused from then on; what accepted
   * declarations took of it stays taken. A revoked permit stays revoked: revoking it again answers
   * it as it is.
   */
  private void revoke(RoutingContext ctx) {
    String agency = ctx.pathParam("agency");
    String number = ctx.pathParam("number");
    SignedBody body = signedBody(ctx, REVOCATION_TYPE);
    JsonObject payload = body.payload();
    List<Problem.FieldError> errors = new ArrayList<>();
    if (!body.key().agency().equals(agency)) {
      // Another agency's permit: not found for this agency, as on reading.
      throw Problem.notFound("agency " + body.key().agency() + " registered no permit " + number)
          .exception();
    }
    if (!agency.equals(payload.getValue("agency"))) {
      errors.add(new Problem.FieldError("/agency", "must be " + agency + ", the path's agency"));
    }
    if (!Objects.equals(number, payload.getValue("number"))) {
      errors.add(new Problem.FieldError("/number", "must be " + number + ", the path's number"));
    }
    String reason = payload.getValue("reason") instanceof String r ? r.strip() : null;
    if (reason == null || reason.isEmpty() || reason.length() > MAX_REASON) {
      errors.add(
          new Problem.FieldError(
              "/reason", "why it is revoked, 1 to " + MAX_REASON + " characters"));
    }
    if (!errors.isEmpty()) {
      throw Problem.validation("the revocation is not acceptable", errors).exception();
    }
    Instant now = clock.instant();
    String kid = body.jws().getHeader().getKeyID();
    pool.withTransaction(
            conn ->
                conn.preparedQuery(PermitSql.REVOKE)
                    .execute(
                        Tuple.of(
                            agency,
                            number,
                            now.atOffset(ZoneOffset.UTC),
                            reason,
                            body.compact(),
                            kid))
                    .compose(
                        revoked -> {
                          if (revoked.size() == 0) {
                            return conn.preparedQuery(PermitSql.ONE)
                                .execute(Tuple.of(agency, number))
                                .compose(
                                    rows ->
                                        rows.size() == 0
                                            ? Future.failedFuture(
                                                Problem.notFound(
                                                        "agency "
                                                            + agency
                                                            + " registered no permit "
                                                            + number)
                                                    .exception())
                                            : Future.succeededFuture(rows.iterator().next()));
                          }
                          Row row = revoked.iterator().next();
                          return AuditLog.append(
                                  conn,
                                  new AuditLog.Entry(
                                      now,
                                      "agency:" + agency,
                                      null,
                                      "PERMIT_REVOKED",
                                      new JsonObject()
                                          .put("agency", agency)
                                          .put("number", number)
                                          .put("kind", row.getString("kind"))
                                          .put("holderTaxCode", row.getString("holder_tax_code"))
                                          .put("signingKid", kid)
                                          .put("reason", reason)
                                          .put(
                                              "remaining",
                                              row.getBigDecimal("remaining")
                                                  .stripTrailingZeros()
                                                  .toPlainString())))
                              .map(seq -> row);
                        }))
        .onSuccess(row -> send(ctx, 200, toJson(row)))
        .onFailure(ctx::fail);
  }

  private void register(RoutingContext ctx) {
    SignedBody body = signedBody(ctx, null);
    JsonObject permit = body.payload();
    PermitAgencies.AgencyKey key = body.key();
    String compact = body.compact();
    JWSObject jws = body.jws();
    Permit p = validate(permit, key);
    pool.withTransaction(
            conn ->
                conn.preparedQuery(PermitSql.INSERT)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              p.agency,
                              p.number,
                              p.kind,
                              p.holder,
                              p.hsCodes.toArray(String[]::new),
                              p.quantity,
                              p.unit,
                              p.validFrom,
                              p.validUntil,
                              compact.trim(),
                              jws.getHeader().getKeyID(),
                              clock.instant().atOffset(ZoneOffset.UTC)
                            }))
                    .compose(
                        inserted ->
                            conn.preparedQuery(PermitSql.ONE)
                                .execute(Tuple.of(p.agency, p.number))
                                .map(
                                    rows ->
                                        new Stored(
                                            inserted.rowCount() == 1, rows.iterator().next()))))
        .onSuccess(
            stored -> {
              if (!stored.created && !stored.row.getString("signed_jws").equals(compact.trim())) {
                ctx.fail(
                    Problem.conflict(
                            "permit-conflict",
                            "agency "
                                + p.agency
                                + " already registered another permit numbered "
                                + p.number)
                        .exception());
                return;
              }
              ctx.response()
                  .setStatusCode(stored.created ? 201 : 200)
                  .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                  .end(toJson(stored.row).toBuffer());
            })
        .onFailure(ctx::fail);
  }

  /** A JWS body an agency signed: verified with its key, its payload a JSON object. */
  private record SignedBody(
      JWSObject jws, String compact, PermitAgencies.AgencyKey key, JsonObject payload) {}

  /**
   * The request's compact JWS, verified with the key of a trusted agency its {@code kid} names (401
   * otherwise), of the JWS {@code typ} given (any when null), its payload a JSON object.
   */
  private SignedBody signedBody(RoutingContext ctx, String type) {
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (contentType == null
        || !contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/jose")) {
      throw Problem.of(
              "unsupported-media-type",
              415,
              "The request's content type is not supported",
              "send application/jose: a compact JWS signed by the agency")
          .exception();
    }
    String compact = ctx.body() == null ? "" : ctx.body().asString();
    compact = compact == null ? "" : compact.trim();
    JWSObject jws;
    try {
      jws = JWSObject.parse(compact);
    } catch (ParseException e) {
      throw refused("the body is not a compact JWS (header.payload.signature)");
    }
    if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
      throw refused("the agency signs with ES256");
    }
    if (type != null
        && (jws.getHeader().getType() == null
            || !type.equals(jws.getHeader().getType().getType()))) {
      throw refused("the JWS header's typ must be " + type);
    }
    PermitAgencies.AgencyKey key = agencies.key(jws.getHeader().getKeyID());
    if (key == null) {
      throw Problem.unauthorized("the JWS is not signed with a key of a trusted agency")
          .exception();
    }
    try {
      if (!jws.verify(new ECDSAVerifier(key.key()))) {
        throw Problem.unauthorized("the signature does not verify with the agency's key")
            .exception();
      }
    } catch (JOSEException e) {
      throw Problem.unauthorized("the signature does not verify with the agency's key").exception();
    }
    try {
      return new SignedBody(
          jws, compact, key, new JsonObject(InputText.utf8(jws.getPayload().toBytes())));
    } catch (InputText.NotUtf8 | DecodeException | ClassCastException e) {
      throw Problem.validation(
              "the payload is not a JSON object",
              List.of(new Problem.FieldError("", "the JWS payload must be a JSON object")))
          .exception();
    }
  }

  private record Stored(boolean created, Row row) {}

  private record Permit(
      String agency,
      String number,
      String kind,
      String holder,
      List<String> hsCodes,
      BigDecimal quantity,
      String unit,
      LocalDate validFrom,
      LocalDate validUntil) {}

  /** Every problem of the permit in one 422, with pointers into the signed payload. */
  private static Permit validate(JsonObject p, PermitAgencies.AgencyKey key) {
    List<Problem.FieldError> errors = new ArrayList<>();
    String agency = p.getValue("agency") instanceof String s ? s : null;
    if (!key.agency().equals(agency)) {
      errors.add(
          new Problem.FieldError(
              "/agency", "must be " + key.agency() + ", the signing key's agency"));
    }
    String number = matching(p, "number", NUMBER, "1 to 40 of A-Z 0-9 . / -", errors);
    String kind = p.getValue("kind") instanceof String s ? s : null;
    if (kind == null || !key.kinds().contains(kind)) {
      errors.add(
          new Problem.FieldError("/kind", "agency " + key.agency() + " issues " + key.kinds()));
    }
    String holder = matching(p, "holderTaxCode", TAX_CODE, "a tax code of 10 or 13 digits", errors);
    List<String> hsCodes = new ArrayList<>();
    if (!(p.getValue("hsCodes") instanceof JsonArray codes)
        || codes.isEmpty()
        || codes.size() > MAX_HS_CODES) {
      errors.add(
          new Problem.FieldError("/hsCodes", "1 to " + MAX_HS_CODES + " HS codes or headings"));
    } else {
      for (int i = 0; i < codes.size(); i++) {
        if (codes.getValue(i) instanceof String code && HS_PREFIX.matcher(code).matches()) {
          hsCodes.add(code);
        } else {
          errors.add(
              new Problem.FieldError("/hsCodes/" + i, "an HS heading or code of 4 to 8 digits"));
        }
      }
    }
    BigDecimal quantity = null;
    if (p.getValue("quantity") instanceof Number n) {
      quantity = new BigDecimal(n.toString()).stripTrailingZeros();
    }
    if (quantity == null
        || quantity.signum() <= 0
        || quantity.compareTo(new BigDecimal("1E15")) >= 0
        || Math.max(quantity.scale(), 0) > 3) {
      errors.add(new Problem.FieldError("/quantity", "a positive number with at most 3 decimals"));
      quantity = null;
    }
    String unit = p.getValue("unit") instanceof String s ? s : null;
    if (unit == null || !ReferenceCodes.UNITS.contains(unit)) {
      errors.add(new Problem.FieldError("/unit", "a UN/ECE Recommendation 20 unit code, e.g. KGM"));
    }
    LocalDate from = date(p, "validFrom", errors);
    LocalDate until = date(p, "validUntil", errors);
    if (from != null && until != null && until.isBefore(from)) {
      errors.add(new Problem.FieldError("/validUntil", "must not be before validFrom"));
    }
    if (!errors.isEmpty()) {
      throw Problem.validation("the permit is not acceptable", errors).exception();
    }
    return new Permit(agency, number, kind, holder, hsCodes, quantity, unit, from, until);
  }

  private static String matching(
      JsonObject p, String field, Pattern pattern, String rule, List<Problem.FieldError> errors) {
    if (p.getValue(field) instanceof String s && s.length() <= 64 && pattern.matcher(s).matches()) {
      return s;
    }
    errors.add(new Problem.FieldError("/" + field, rule));
    return null;
  }

  private static LocalDate date(JsonObject p, String field, List<Problem.FieldError> errors) {
    if (p.getValue(field) instanceof String s && s.length() == 10) {
      try {
        return LocalDate.parse(s);
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    errors.add(new Problem.FieldError("/" + field, "a date, e.g. 2026-12-31"));
    return null;
  }

  private static RuntimeException refused(String detail) {
    return new Problem(
            "signature", 422, "The permit's signature is not acceptable", detail, List.of())
        .exception();
  }

  static JsonObject toJson(Row r) {
    return new JsonObject()
        .put("agency", r.getString("agency"))
        .put("number", r.getString("number"))
        .put("kind", r.getString("kind"))
        .put("holderTaxCode", r.getString("holder_tax_code"))
        .put("hsCodes", new JsonArray(List.of(r.getArrayOfStrings("hs_codes"))))
        .put("quantity", r.getBigDecimal("quantity").stripTrailingZeros().toPlainString())
        .put("unit", r.getString("unit"))
        .put("remaining", r.getBigDecimal("remaining").stripTrailingZeros().toPlainString())
        .put("validFrom", r.getLocalDate("valid_from").toString())
        .put("validUntil", r.getLocalDate("valid_until").toString())
        .put("receivedAt", r.getOffsetDateTime("received_at").toInstant().toString())
        .put(
            "revokedAt",
            r.getOffsetDateTime("revoked_at") == null
                ? null
                : r.getOffsetDateTime("revoked_at").toInstant().toString())
        .put("revocationReason", r.getString("revocation_reason"));
  }
}
