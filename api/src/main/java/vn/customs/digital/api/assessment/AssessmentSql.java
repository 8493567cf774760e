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

  /**
   * The HS code lookup (V22): chapters, headings and subheadings of {@code tariff_nomenclature} and
   * the 8-digit lines of {@code tariff} with their rates, read where they are. $1 code prefix
   * (digits) or null, $2 words or null (each an accent- and case-insensitive prefix of a word of
   * either language's description), $3 limit. Ranked by text rank, then by code (so a code prefix
   * alone lists the nomenclature in order, the heading before its lines).
   */
  static final String TARIFF_LOOKUP =
      """
      with q as (
        select (select to_tsquery('simple', string_agg(quote_literal(w) || ':*', ' & '))
                  from regexp_split_to_table(dc_fold($2), '[^[:alnum:]]+') as w
                 where w <> '') as words
      ), entries as (
        select n.code, n.description_vi, n.description_en, null::numeric as mfn_import_rate,
               null::numeric as vat_rate, null::numeric as special_consumption_rate,
               null::numeric as export_rate, n.search_doc
          from tariff_nomenclature n
        union all
        select t.hs_code::text, t.description_vi, t.description_en, t.mfn_import_rate, t.vat_rate,
               t.special_consumption_rate, t.export_rate, t.search_doc
          from tariff t
      )
      select e.code, e.description_vi, e.description_en, e.mfn_import_rate, e.vat_rate,
             e.special_consumption_rate, e.export_rate,
             case when q.words is null then 0 else ts_rank(e.search_doc, q.words) end::float8 as score
        from entries e, q
       where ($1::text is null or e.code like $1 || '%')
         and ($2::text is null or e.search_doc @@ q.words)
       order by score desc, e.code
       limit $3
      """;
}
