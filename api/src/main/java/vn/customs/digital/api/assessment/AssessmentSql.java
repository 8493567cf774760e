package vn.customs.digital.api.assessment;

/** Every SQL statement of the assessment package: the reference data it is a snapshot of. */
final class AssessmentSql {
  private AssessmentSql() {}

  static final String TARIFF_LINES =
      """
      select hs_code, description_vi, description_en, mfn_import_rate, vat_rate, special_consumption_rate, export_rate,
             valid_from
        from tariff
      """;

  static final String PREFERENTIAL_RATES =
      "select hs_code, agreement, rate from tariff_preferential";

  static final String EXCHANGE_RATES =
      "select currency, valid_on, vnd_per_unit from exchange_rates";

  static final String REFERENCE_PRICES =
      "select hs_code, origin, unit, price_vnd, valid_from from reference_prices";
}
