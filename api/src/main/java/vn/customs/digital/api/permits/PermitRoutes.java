package vn.customs.digital.api.permits;

import static vn.customs.digital.api.http.JsonResponses.JSON;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import vn.customs.digital.api.declarations.ReferenceCodes;
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
  private static final Pattern TAX_CODE = Pattern.compile("[0-9]{10}([0-9]{3})?");
  private static final Pattern HS_PREFIX = Pattern.compile("[0-9]{4,8}");
  private static final int MAX_HS_CODES = 50;

  private final Pool pool;
  private final Clock clock;
  private final PermitAgencies agencies;

  public PermitRoutes(Pool pool, Clock clock, PermitAgencies agencies) {
    this.pool = pool;
    this.clock = clock;
    this.agencies = agencies;
  }

  public void mount(RouterBuilder builder) {
    builder.getRoute("registerPermit").addHandler(this::register);
  }

  private void register(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || !type.split(";", 2)[0].trim().equalsIgnoreCase("application/jose")) {
      throw Problem.of(
              "unsupported-media-type",
              415,
              "The request's content type is not supported",
              "send the permit as application/jose: a compact JWS signed by the agency")
          .exception();
    }
    String compact = ctx.body() == null ? "" : ctx.body().asString();
    JWSObject jws;
    try {
      jws = JWSObject.parse(compact == null ? "" : compact.trim());
    } catch (ParseException e) {
      throw refused("the body is not a compact JWS (header.payload.signature)");
    }
    if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
      throw refused("a permit is signed with ES256");
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
    JsonObject permit;
    try {
      permit = new JsonObject(InputText.utf8(jws.getPayload().toBytes()));
    } catch (InputText.NotUtf8 | DecodeException | ClassCastException e) {
      throw Problem.validation(
              "the permit is not a JSON object",
              List.of(new Problem.FieldError("", "the JWS payload must be the permit JSON object")))
          .exception();
    }
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
        .put("receivedAt", r.getOffsetDateTime("received_at").toInstant().toString());
  }
}
