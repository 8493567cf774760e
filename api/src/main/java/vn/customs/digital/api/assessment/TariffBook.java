package vn.customs.digital.api.assessment;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of the tariff, HS code to line. Loaded once and shared by every event loop;
 * a tariff change is a new migration and a new snapshot, never an edit under a running assessment.
 */
public final class TariffBook {
  private final Map<String, TariffLine> lines;

  private TariffBook(Map<String, TariffLine> lines) {
    this.lines = Map.copyOf(lines);
  }

  public static TariffBook of(Map<String, TariffLine> lines) {
    return new TariffBook(lines);
  }

  public Optional<TariffLine> line(String hsCode) {
    return Optional.ofNullable(lines.get(hsCode));
  }

  public int size() {
    return lines.size();
  }

  public static Future<TariffBook> load(SqlClient client) {
    return client
        .query(AssessmentSql.PREFERENTIAL_RATES)
        .execute()
        .compose(
            preferential -> {
              Map<String, Map<TradeAgreement, BigDecimal>> rates = new HashMap<>();
              for (Row row : preferential) {
                rates
                    .computeIfAbsent(
                        row.getString("hs_code"), hs -> new EnumMap<>(TradeAgreement.class))
                    .put(
                        TradeAgreement.valueOf(row.getString("agreement")),
                        row.getBigDecimal("rate"));
              }
              return client
                  .query(AssessmentSql.TARIFF_LINES)
                  .execute()
                  .map(
                      rows -> {
                        Map<String, TariffLine> lines = new HashMap<>();
                        for (Row row : rows) {
                          String hs = row.getString("hs_code");
                          lines.put(
                              hs,
                              new TariffLine(
                                  hs,
                                  row.getString("description_vi"),
                                  row.getString("description_en"),
                                  row.getBigDecimal("mfn_import_rate"),
                                  rates.get(hs),
                                  row.getBigDecimal("vat_rate"),
                                  row.getBigDecimal("special_consumption_rate"),
                                  row.getBigDecimal("export_rate"),
                                  row.getLocalDate("valid_from")));
                        }
                        return new TariffBook(lines);
                      });
            });
  }
}
