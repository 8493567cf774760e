package vn.customs.digital.api.risk;

/** The SQL of the risk integration. */
final class RiskQueries {
  private RiskQueries() {}

  /** $1 tax code, $2 today (customs day). One row even for an enterprise customs does not know. */
  static final String PROFILE = """
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

  /** An outcome row of the profile (V10): $1 id, $2 tax code, $3 kind, $4 declaration, $5 version, $6 payment, $7 day, $8 details, $9 now. */
  static final String INSERT_OUTCOME = """
      insert into profile_outcomes (id, tax_code, kind, declaration_id, version, payment_id, occurred_on, details, recorded_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      """;
}
