package vn.customs.digital.api.assessment;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable snapshot of the customs exchange rates: VND per unit of a currency, each valid from
 * a date until the next one. The rate for a date is the latest published on or before it, which is
 * how the weekly customs rate ("tỷ giá tính thuế") stays in force between publications.
 */
public final class ExchangeRates {
  /** A rate and the date it was published for. */
  public record Rate(BigDecimal vndPerUnit, LocalDate validOn) {}

  private final Map<String, NavigableMap<LocalDate, BigDecimal>> byCurrency;

  private ExchangeRates(Map<String, ? extends Map<LocalDate, BigDecimal>> rates) {
    Map<String, NavigableMap<LocalDate, BigDecimal>> copy = new HashMap<>();
    rates.forEach(
        (currency, series) ->
            copy.put(currency, Collections.unmodifiableNavigableMap(new TreeMap<>(series))));
    this.byCurrency = Map.copyOf(copy);
  }

  /**
   * @param rates currency -> (valid-on date -> VND per unit)
   */
  public static ExchangeRates of(Map<String, ? extends Map<LocalDate, BigDecimal>> rates) {
    return new ExchangeRates(rates);
  }

  /** VND per unit of the currency on the date; the dong itself is always 1. */
  public Optional<BigDecimal> vndPer(String currency, LocalDate date) {
    return rate(currency, date).map(Rate::vndPerUnit);
  }

  /**
   * The rate in force on the date with its publication date, or empty when none was published yet.
   */
  public Optional<Rate> rate(String currency, LocalDate date) {
    if ("VND".equals(currency)) {
      return Optional.of(new Rate(BigDecimal.ONE, date));
    }
    NavigableMap<LocalDate, BigDecimal> series = byCurrency.get(currency);
    if (series == null) {
      return Optional.empty();
    }
    Map.Entry<LocalDate, BigDecimal> entry = series.floorEntry(date);
    return entry == null
        ? Optional.empty()
        : Optional.of(new Rate(entry.getValue(), entry.getKey()));
  }

  public static Future<ExchangeRates> load(SqlClient client) {
    return client
        .query(AssessmentSql.EXCHANGE_RATES)
        .execute()
        .map(
            rows -> {
              Map<String, TreeMap<LocalDate, BigDecimal>> rates = new HashMap<>();
              for (Row row : rows) {
                rates
                    .computeIfAbsent(row.getString("currency"), c -> new TreeMap<>())
                    .put(row.getLocalDate("valid_on"), row.getBigDecimal("vnd_per_unit"));
              }
              return new ExchangeRates(rates);
            });
  }
}
