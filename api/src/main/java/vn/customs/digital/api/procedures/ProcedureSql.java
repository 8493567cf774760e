package vn.customs.digital.api.procedures;

/** Every SQL statement of the procedure catalogue, in one place. */
final class ProcedureSql {
  private ProcedureSql() {}

  private static final String SUMMARY_COLUMNS =
      "code, category, service_level, title_vi, title_en, summary_vi, summary_en, agency_vi, agency_en";

  /**
   * Stable listing by code; $1 category or null, $2 level or null, $3 after-code or null, $4 limit.
   */
  static final String LIST =
      "select "
          + SUMMARY_COLUMNS
          + " from procedures"
          + " where ($1::text is null or category = $1) and ($2::int is null or service_level = $2)"
          + " and ($3::text is null or code > $3)"
          + " order by code limit $4";

  /**
   * Search, accent- and case-insensitive. Every word of the query is a prefix match in the full
   * text of both languages, ranked by text rank (titles weigh most). Only when no procedure matches
   * that way (a typo) does the query fall back to trigram word similarity with the titles, which is
   * the costly part and so is not paid on ordinary searches. Ties are broken by code so pages are
   * stable. $1 query, $2 category, $3 level, $4 after-score, $5 after-code, $6 limit.
   */
  static final String SEARCH =
      """
      with q as (
        select dc_fold($1) as folded,
               (select to_tsquery('simple', string_agg(quote_literal(w) || ':*', ' & '))
                  from regexp_split_to_table(dc_fold($1), '[^[:alnum:]]+') as w
                 where w <> '') as words
      ), filtered as (
        select p.* from procedures p
         where ($2::text is null or p.category = $2) and ($3::int is null or p.service_level = $3)
      ), exact as (
        select %1$s, ts_rank(p.search_doc, q.words)::float8 as score
          from filtered p, q
         where p.search_doc @@ q.words
      ), typo as (
        select %1$s, word_similarity(q.folded, p.search_title)::float8 as score
          from filtered p, q
         where not exists (select 1 from exact) and word_similarity(q.folded, p.search_title) >= 0.5
      ), ranked as (
        select * from exact union all select * from typo
      )
      select * from ranked
       where $4::float8 is null or score < $4 or (score = $4 and code > $5)
       order by score desc, code
       limit $6
      """
          .formatted(SUMMARY_COLUMNS.replaceAll("(\\w+)", "p.$1"));

  static final String ONE =
      "select code, category, service_level, title_vi, title_en, summary_vi, summary_en,"
          + " agency_vi, agency_en, steps_vi, steps_en, documents_vi, documents_en, fee_vi, fee_en,"
          + " processing_time_vi, processing_time_en, legal_basis, updated_at from procedures where code = $1";

  /**
   * The catalogue for {@link IndexedCatalogue}, in code order: the summary columns, the folded
   * titles, every lexeme of the search document in the tsvector's own order with its positions and
   * weights, the fingerprint of the whole table as this statement saw it, and the server's version.
   */
  static final String INDEX =
      "select "
          + SUMMARY_COLUMNS
          + ", search_title,"
          + " (select jsonb_agg(jsonb_build_array(u.lexeme, u.positions, u.weights) order by u.n)"
          + "    from unnest(p.search_doc) with ordinality as u(lexeme, positions, weights, n))"
          + "   as lexemes,"
          + " (select coalesce(md5(string_agg(f::text, E'\\n' order by f.code)), '') from procedures f)"
          + "   as fingerprint,"
          + " current_setting('server_version_num')::int as server_version_num"
          + " from procedures p order by code";

  /** What changes whenever any column of any procedure does (a cheap check for the index). */
  static final String FINGERPRINT =
      "select coalesce(md5(string_agg(f::text, E'\\n' order by f.code)), '') as fingerprint"
          + " from procedures f";

  /** dc_fold of each of $1 (text[]), in order, and of all of them joined. */
  static final String FOLD =
      "select (select array_agg(dc_fold(c) order by n)"
          + "   from unnest($1::text[]) with ordinality as u(c, n)) as each,"
          + " dc_fold(array_to_string($1::text[], '')) as whole";
}
