package vn.customs.digital.api.declarations;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.risk.DocumentKind;

/**
 * The permits a signed declaration cites (the permit register, V17), checked and taken in the
 * version's transaction by {@link DeclarationLifecycle}: the check reads them locked, so two
 * declarations never take the same quantity.
 */
final class CitedPermits {
  private CitedPermits() {}

  /** What a signed version takes of a permit it cites (in the permit's unit), and its kind. */
  record Use(String agency, String number, DocumentKind kind, BigDecimal quantity) {}

  /**
   * Every permit the declaration cites must be registered, not revoked, held by the declarant, in
   * force today, cover some of the declared goods (by HS heading or code), count them in the
   * declared unit or one it converts to ({@link QuantityUnits}: grams to tonnes, not boxes), and
   * have enough left for them (what this declaration already holds of it counting as left): a 422
   * naming each one that does not. The cited permits stay locked until the transaction ends, so two
   * declarations never take the same quantity.
   */
  static Future<List<Use>> check(
      SqlConnection conn,
      DeclarationDocument doc,
      Declarations.Declaration current,
      LocalDate today) {
    if (doc.permits().isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String[] agencies = doc.permits().stream().map(p -> p.agency()).toArray(String[]::new);
    String[] numbers = doc.permits().stream().map(p -> p.number()).toArray(String[]::new);
    return conn.preparedQuery(DeclarationSql.PERMITS_CITED)
        .execute(Tuple.of(agencies, numbers, current == null ? null : current.id()))
        .compose(
            rows -> {
              Map<String, Row> registered = new HashMap<>();
              rows.forEach(
                  r -> registered.put(r.getString("agency") + " " + r.getString("number"), r));
              List<Problem.FieldError> errors = new ArrayList<>();
              List<Use> uses = new ArrayList<>();
              for (int i = 0; i < doc.permits().size(); i++) {
                DeclarationDocument.CitedPermit cited = doc.permits().get(i);
                String at = "/permits/" + i;
                Row p = registered.get(cited.agency() + " " + cited.number());
                if (p == null) {
                  errors.add(
                      new Problem.FieldError(
                          at + "/number",
                          "agency " + cited.agency() + " registered no permit " + cited.number()));
                  continue;
                }
                if (!p.getString("holder_tax_code").equals(doc.declarantTaxCode())) {
                  errors.add(
                      new Problem.FieldError(
                          at,
                          "is held by enterprise "
                              + p.getString("holder_tax_code")
                              + ", not by the declarant"));
                  continue;
                }
                OffsetDateTime revoked = p.getOffsetDateTime("revoked_at");
                if (revoked != null) {
                  errors.add(
                      new Problem.FieldError(
                          at,
                          "was revoked by agency "
                              + cited.agency()
                              + " on "
                              + revoked.toInstant()
                              + ": "
                              + p.getString("revocation_reason")));
                  continue;
                }
                LocalDate from = p.getLocalDate("valid_from");
                LocalDate until = p.getLocalDate("valid_until");
                if (today.isBefore(from) || today.isAfter(until)) {
                  errors.add(
                      new Problem.FieldError(
                          at, "is valid from " + from + " to " + until + ", not on " + today));
                  continue;
                }
                List<String> headings = List.of(p.getArrayOfStrings("hs_codes"));
                String unit = p.getString("unit");
                BigDecimal needed = BigDecimal.ZERO;
                boolean covers = false;
                for (int j = 0; j < doc.items().size(); j++) {
                  DeclarationDocument.Item item = doc.items().get(j);
                  if (headings.stream().anyMatch(h -> item.hsCode().startsWith(h))) {
                    covers = true;
                    // In the permit's unit: converted when both measure the same thing.
                    BigDecimal taken = QuantityUnits.convert(item.quantity(), item.unit(), unit);
                    if (taken == null) {
                      errors.add(
                          new Problem.FieldError(
                              "/items/" + j + "/unit",
                              "permit "
                                  + cited.number()
                                  + " counts these goods in "
                                  + unit
                                  + " ("
                                  + QuantityUnits.dimension(unit)
                                  + "); "
                                  + item.unit()
                                  + " ("
                                  + QuantityUnits.dimension(item.unit())
                                  + ") does not convert to it: declare them in a unit of "
                                  + QuantityUnits.dimension(unit)
                                  + " or cite a permit that counts them in "
                                  + item.unit()));
                    } else {
                      needed = needed.add(taken);
                    }
                  }
                }
                if (!covers) {
                  errors.add(
                      new Problem.FieldError(
                          at, "covers HS " + headings + ", none of the declared goods"));
                  continue;
                }
                BigDecimal left = p.getBigDecimal("remaining").add(p.getBigDecimal("held"));
                if (needed.compareTo(left) > 0) {
                  errors.add(
                      new Problem.FieldError(
                          at,
                          "has "
                              + left.stripTrailingZeros().toPlainString()
                              + " "
                              + unit
                              + " left for this declaration, which declares "
                              + needed.stripTrailingZeros().toPlainString()
                              + " "
                              + unit));
                  continue;
                }
                uses.add(
                    new Use(
                        cited.agency(),
                        cited.number(),
                        DocumentKind.valueOf(p.getString("kind")),
                        needed));
              }
              return errors.isEmpty()
                  ? Future.succeededFuture(List.copyOf(uses))
                  : Future.failedFuture(
                      Problem.validation(
                              errors.size() + " problem(s) with the permits the declaration cites",
                              errors)
                          .exception());
            });
  }

  /**
   * A cancelled declaration gives back what it held of each permit, in the cancellation's
   * transaction: the permits it names, with the quantity and unit returned (for the audit record).
   */
  static Future<JsonArray> giveBack(SqlConnection conn, UUID id) {
    return conn.preparedQuery(DeclarationSql.PERMITS_GIVE_BACK)
        .execute(Tuple.of(id))
        .map(
            rows -> {
              JsonArray back = new JsonArray();
              for (Row r : rows) {
                back.add(
                    new JsonObject()
                        .put("agency", r.getString("agency"))
                        .put("number", r.getString("number"))
                        .put(
                            "quantity",
                            r.getBigDecimal("quantity").stripTrailingZeros().toPlainString())
                        .put("unit", r.getString("unit")));
              }
              return back;
            });
  }

  /**
   * The version takes what it declares of each permit it cites, in its transaction; what earlier
   * versions held goes back first (an amendment cites anew, or no more).
   */
  static Future<Void> take(
      SqlConnection conn,
      UUID id,
      int version,
      boolean earlierVersions,
      List<Use> uses,
      OffsetDateTime at) {
    Future<?> givenBack =
        earlierVersions
            ? conn.preparedQuery(DeclarationSql.PERMITS_GIVE_BACK).execute(Tuple.of(id))
            : Future.succeededFuture();
    if (uses.isEmpty()) {
      return givenBack.mapEmpty();
    }
    List<Tuple> takes = new ArrayList<>();
    for (Use use : uses) {
      takes.add(Tuple.of(use.agency(), use.number(), use.quantity(), id, version, at));
    }
    return givenBack
        .compose(v -> conn.preparedQuery(DeclarationSql.PERMIT_TAKE).executeBatch(takes))
        .mapEmpty();
  }
}
