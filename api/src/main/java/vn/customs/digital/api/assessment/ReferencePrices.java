package vn.customs.digital.api.assessment;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Valuation reference prices (V16): the reference unit price in VND of goods by HS code and unit of
 * quantity, for one origin or for any, in force from a date. An immutable snapshot, so that looking
 * one up is a map read on the event loop.
 */
public final class ReferencePrices {
  private static final String ANY_ORIGIN = "--";

  /** hs|origin|unit -> valid from -> price. */
  private final Map<String, TreeMap<LocalDate, BigDecimal>> prices;

  private ReferencePrices(Map<String, TreeMap<LocalDate, BigDecimal>> prices) {
    this.prices = prices;
  }

  public static ReferencePrices none() {
    return new ReferencePrices(Map.of());
  }

  public static Future<ReferencePrices> load(SqlClient client) {
    return client
        .query(AssessmentSql.REFERENCE_PRICES)
        .execute()
        .map(
            rows -> {
              Map<String, TreeMap<LocalDate, BigDecimal>> prices = new HashMap<>();
              for (Row row : rows) {
                String origin = row.getString("origin");
                prices
                    .computeIfAbsent(
                        key(
                            row.getString("hs_code"),
                            origin == null ? ANY_ORIGIN : origin,
                            row.getString("unit")),
                        k -> new TreeMap<>())
                    .put(row.getLocalDate("valid_from"), row.getBigDecimal("price_vnd"));
              }
              return new ReferencePrices(prices);
            });
  }

  private static String key(String hsCode, String origin, String unit) {
    return hsCode + "|" + origin + "|" + unit;
  }

  /**
   * The reference price per unit of these goods on {@code day}: the one for their origin, else the
   * one for any origin; null when there is none in force, or none in this unit of quantity.
   */
  public BigDecimal unitPrice(String hsCode, String origin, String unit, LocalDate day) {
    BigDecimal own = inForce(key(hsCode, origin, unit), day);
    return own != null ? own : inForce(key(hsCode, ANY_ORIGIN, unit), day);
  }

  private BigDecimal inForce(String key, LocalDate day) {
    TreeMap<LocalDate, BigDecimal> byDate = prices.get(key);
    if (byDate == null) {
      return null;
    }
    Map.Entry<LocalDate, BigDecimal> entry = byDate.floorEntry(day);
    return entry == null ? null : entry.getValue();
  }
}
