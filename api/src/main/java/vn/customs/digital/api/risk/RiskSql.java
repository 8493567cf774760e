package vn.customs.digital.api.risk;

/**
 * Every SQL statement of the risk package: trader profiles and their outcomes, rulesets, shadow
 * disagreements, random keys.
 */
final class RiskSql {
  private RiskSql() {}

  /** $1 tax code, $2 today (customs day). One row even for an enterprise customs does not know. */
  static final String PROFILE =
      """
      select e.registered_on, coalesce(e.priority, false) as priority, e.overdue_debt_vnd,
             (select count(*)::int from declarations d
               where d.enterprise_tax_code = $1 and d.submitted_at >= ($2::date - interval '12 months')) as declarations_12m,
             count(*) filter (where v.severity = 'MINOR' and v.found_on >= $2::date - interval '12 months')::int as minor_12m,
             count(*) filter (where v.severity = 'SERIOUS' and v.found_on >= $2::date - interval '12 months')::int as serious_12m,
             count(*) filter (where v.severity = 'CRIMINAL' and v.found_on >= $2::date - interval '12 months')::int as criminal_12m,
             count(*) filter (where v.severity = 'MINOR' and v.found_on >= $2::date - interval '24 months')::int as minor_24m,
             count(*) filter (where v.severity = 'SERIOUS' and v.found_on >= $2::date - interval '24 months')::int as serious_24m,
             count(*) filter (where v.severity = 'CRIMINAL' and v.found_on >= $2::date - interval '24 months')::int as criminal_24m,
             o.amendments_after_release_12m, o.late_payments_12m
        from (select $1::text as tax_code) t
        left join enterprises e on e.tax_code = t.tax_code
        left join violations v on v.tax_code = t.tax_code
        cross join lateral (
          select count(*) filter (where kind = 'AMENDMENT_AFTER_RELEASE')::int as amendments_after_release_12m,
                 count(*) filter (where kind = 'LATE_PAYMENT')::int as late_payments_12m
            from profile_outcomes
           where tax_code = t.tax_code and occurred_on >= $2::date - interval '12 months') o
       group by e.registered_on, e.priority, e.overdue_debt_vnd, o.amendments_after_release_12m, o.late_payments_12m
      """;

  /**
   * An outcome row of the profile (V10): $1 id, $2 tax code, $3 kind, $4 declaration, $5 version,
   * $6 payment, $7 day, $8 details, $9 now.
   */
  static final String INSERT_OUTCOME =
      """
      insert into profile_outcomes (id, tax_code, kind, declaration_id, version, payment_id, occurred_on, details, recorded_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      """;

  static final String INSERT_RULESET =
      """
      insert into rulesets (id, version, document, format, active_from, shadow, uploaded_by, uploaded_at)
      values ($1, $2, $3, $4, null, false, $5, $6)
      on conflict (id, version) do nothing
      """;

  /** $1 id, $2 version, $3 active from. Activating a candidate ends its shadow run. */
  static final String ACTIVATE =
      """
      update rulesets set active_from = $3, shadow = false where id = $1 and version = $2 returning id
      """;

  static final String RULESET_EXISTS = "select 1 from rulesets where id = $1 and version = $2";

  /** Exactly one shadow candidate at a time. */
  static final String SET_SHADOW =
      """
      update rulesets set shadow = (id = $1 and version = $2) where shadow or (id = $1 and version = $2)
      """;

  private static final String COLUMNS =
      "id, version, format, document, active_from, shadow, uploaded_by, uploaded_at";

  /** $1 now: the ruleset in force is the latest whose activation time has come. */
  private static final String IN_FORCE_NOW =
      " from rulesets where active_from <= $1 order by active_from desc, uploaded_at desc limit 1";

  private static final String SHADOW_NOW =
      " from rulesets where shadow order by uploaded_at desc limit 1";

  /** $1 now. */
  static final String ACTIVE = "select " + COLUMNS + IN_FORCE_NOW;

  static final String SHADOW_CANDIDATE = "select " + COLUMNS + SHADOW_NOW;

  /**
   * $1 now: the id and version of the ruleset in force (role 'active') and of the shadow candidate
   * (role 'shadow'), if any.
   */
  static final String IN_FORCE =
      "select 'active' as role, id, version from (select id, version"
          + IN_FORCE_NOW
          + ") a"
          + " union all select 'shadow', id, version from (select id, version"
          + SHADOW_NOW
          + ") s";

  /** $1 id, $2 version. */
  static final String RULESET_DOCUMENT =
      "select document, format from rulesets where id = $1 and version = $2";

  /**
   * The bundled default, in force from the beginning of time, on a database that has no active
   * ruleset yet.
   */
  static final String INSERT_DEFAULT =
      """
      insert into rulesets (id, version, document, format, active_from, uploaded_by, uploaded_at)
      select $1, $2, $3, 'YAML', '-infinity', 'system', $4
       where not exists (select 1 from rulesets where active_from is not null)
      """;

  static final String INSERT_DISAGREEMENT =
      """
      insert into risk_shadow_disagreements (declaration_id, version, ruleset_id, ruleset_version,
                                             active_channel, shadow_channel, shadow_decision, decided_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8)
      """;

  /**
   * $1 day, $2 key, $3 commitment: the first key made for a day stays (another instance may race).
   */
  static final String INSERT_KEY =
      "insert into random_keys (day, key, commitment) values ($1, $2, $3) on conflict (day) do nothing";

  static final String KEY = "select key from random_keys where day = $1";

  /** $1 now: activations to come. */
  static final String SCHEDULED =
      "select " + COLUMNS + " from rulesets where active_from > $1 order by active_from";

  /** $1 ruleset id or null, $2 version or null. */
  static final String DISAGREEMENT_COUNTS =
      """
      select ruleset_id, ruleset_version, active_channel, shadow_channel, count(*)::int as n
        from risk_shadow_disagreements
       where ($1::text is null or ruleset_id = $1) and ($2::text is null or ruleset_version = $2)
       group by ruleset_id, ruleset_version, active_channel, shadow_channel
       order by ruleset_id, ruleset_version, active_channel, shadow_channel
      """;

  /** $1 ruleset id or null, $2 version or null, $3 limit: the latest first. */
  static final String DISAGREEMENTS =
      """
      select s.declaration_id, d.number, s.version, s.ruleset_id, s.ruleset_version, s.active_channel, s.shadow_channel,
             s.decided_at, s.shadow_decision -> 'reasonCodes' as shadow_reasons
        from risk_shadow_disagreements s
        join declarations d on d.id = s.declaration_id
       where ($1::text is null or s.ruleset_id = $1) and ($2::text is null or s.ruleset_version = $2)
       order by s.decided_at desc, s.declaration_id
       limit $3
      """;

  /** $1 from, $2 to (inclusive): keys exist from their first use, and ahead for tomorrow. */
  static final String KEYS =
      "select day, key, commitment from random_keys where day between $1 and $2 order by day";

  /**
   * What {@code ops/risk replay} recomputes a decision from (JDBC, {@link ReplayMain}: ?
   * placeholders): 1 declaration number, 2 and 3 the version or null for the latest.
   */
  static final String REPLAY_INPUTS =
      """
      select r.version, r.ruleset_id, r.ruleset_version, r.random_key_day, r.decision::text as decision,
             r.facts::text as facts, r.profile::text as profile, s.document, s.format, k.key
        from declarations d
        join risk_decisions r on r.declaration_id = d.id
        join rulesets s on s.id = r.ruleset_id and s.version = r.ruleset_version
        join random_keys k on k.day = r.random_key_day
       where d.number = ? and (?::int is null or r.version = ?::int)
       order by r.version desc
       limit 1
      """;

  private static final String PRICE_COLUMNS =
      "hs_code, origin, unit, price_vnd, valid_from, source, recorded_by, recorded_at";

  /**
   * Valuation reference prices (V16, V19): $1 HS code prefix ('' for all), $2 origin ('--' for any)
   * or null for every origin, $3 today, $4 limit. Per goods, the price in force today and those set
   * from a later day.
   */
  static final String REFERENCE_PRICES =
      "select "
          + PRICE_COLUMNS
          + """
           from reference_prices p
          where p.hs_code like $1 || '%'
            and ($2::text is null or coalesce(p.origin, '--') = $2)
            and p.valid_from >= coalesce(
                  (select max(q.valid_from) from reference_prices q
                    where q.hs_code = p.hs_code and coalesce(q.origin, '--') = coalesce(p.origin, '--')
                      and q.unit = p.unit and q.valid_from <= $3),
                  '-infinity'::date)
          order by p.hs_code, coalesce(p.origin, '--'), p.unit, p.valid_from
          limit $4
          """;

  /** $1 HS code, $2 origin ('--' for any), $3 unit: every price of the goods, by day. */
  static final String REFERENCE_PRICE_SCHEDULE =
      "select "
          + PRICE_COLUMNS
          + " from reference_prices where hs_code = $1 and coalesce(origin, '--') = $2 and unit = $3"
          + " order by valid_from";

  /** $1 the goods' key: one change of their prices at a time, until the transaction ends. */
  static final String REFERENCE_PRICE_LOCK =
      "select pg_advisory_xact_lock(hashtext('dc_reference_prices'), hashtext($1))";

  /**
   * $1 HS code, $2 origin or null, $3 unit, $4 price, $5 from, $6 source, $7 by, $8 at: the price
   * from that day, replacing one set for the same day.
   */
  static final String SET_REFERENCE_PRICE =
      """
      insert into reference_prices (hs_code, origin, unit, price_vnd, valid_from, source, recorded_by, recorded_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8)
      on conflict (hs_code, coalesce(origin, '--'), unit, valid_from)
      do update set price_vnd = excluded.price_vnd, source = excluded.source, recorded_by = excluded.recorded_by,
                    recorded_at = excluded.recorded_at
      """;
}
