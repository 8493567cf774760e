package vn.customs.digital.api.auth;

/** All SQL of the auth package. Times come in as parameters from the injected clock. */
final class IdentitySql {
  private IdentitySql() {}

  static final int MAX_ACTIVE_DELEGATIONS = 500;
  static final int MAX_ACTIVE_KEYS = 20;

  // $1 enterprise, $2 broker, $3 now
  static final String DELEGATION_ACTIVE =
      "select 1 from delegation g"
          + " where g.enterprise_tax_code = $1 and g.broker_tax_code = $2 and "
          + Tenancy.delegationInForce("g", 3);

  // $1 enterprise, $2 now
  static final String BROKERS_OF =
      "select g.broker_tax_code from delegation g"
          + " where g.enterprise_tax_code = $1 and "
          + Tenancy.delegationInForce("g", 2)
          + " order by g.broker_tax_code";

  static final String DELEGATION_COLUMNS =
      "enterprise_tax_code, broker_tax_code, valid_until, granted_at, granted_by";

  // $1 enterprise, $2 now
  static final String DELEGATIONS_OF =
      "select "
          + DELEGATION_COLUMNS
          + " from delegation g"
          + " where g.enterprise_tax_code = $1 and "
          + Tenancy.delegationInForce("g", 2)
          + " order by g.granted_at, g.broker_tax_code";

  // $1 broker, $2 now, $3 after this enterprise tax code or null, $4 limit: the broker's principals
  // (index delegation_by_broker)
  static final String PRINCIPALS_OF =
      "select "
          + DELEGATION_COLUMNS
          + " from delegation g"
          + " where g.broker_tax_code = $1 and "
          + Tenancy.delegationInForce("g", 2)
          + " and ($3::text is null or g.enterprise_tax_code > $3)"
          + " order by g.enterprise_tax_code limit $4";

  // Grants whose validity has passed end as 'lapsed' at their valid_until, so a new grant can take
  // their place.
  // $1 enterprise, $2 broker, $3 now
  static final String END_LAPSED =
      """
      update delegation set ended_at = valid_until, end_reason = 'lapsed'
      where enterprise_tax_code = $1 and broker_tax_code = $2 and ended_at is null and valid_until <= $3""";

  // $1 enterprise, $2 now
  static final String COUNT_ACTIVE_DELEGATIONS =
      """
      select count(*) as n from delegation
      where enterprise_tax_code = $1 and ended_at is null and (valid_until is null or valid_until > $2)""";

  // $1 enterprise, $2 broker, $3 valid_until, $4 now, $5 granted_by
  static final String GRANT =
      """
      insert into delegation (enterprise_tax_code, broker_tax_code, valid_until, granted_at, granted_by)
      values ($1, $2, $3, $4, $5)
      on conflict (enterprise_tax_code, broker_tax_code) where ended_at is null do nothing
      returning\s"""
          + DELEGATION_COLUMNS;

  // $1 enterprise, $2 broker
  static final String CURRENT_DELEGATION =
      "select "
          + DELEGATION_COLUMNS
          + " from delegation where enterprise_tax_code = $1 and broker_tax_code = $2 and ended_at is null";

  // $1 enterprise, $2 broker, $3 now, $4 by
  static final String REVOKE_DELEGATION =
      """
      update delegation set ended_at = $3, ended_by = $4, end_reason = 'revoked'
      where enterprise_tax_code = $1 and broker_tax_code = $2 and ended_at is null
        and (valid_until is null or valid_until > $3)
      returning broker_tax_code""";

  // $1 tax code, $2 kid
  static final String ACTIVE_KEY =
      """
      select case jsonb_typeof(jwk) when 'string' then jwk #>> '{}' else jwk::text end as jwk from enterprise_key where tax_code = $1 and kid = $2 and revoked_at is null""";

  static final String KEY_COLUMNS = "kid, alg, thumbprint, created_at, revoked_at";

  // $1 tax code
  static final String KEYS_OF =
      "select " + KEY_COLUMNS + " from enterprise_key where tax_code = $1 order by created_at, kid";

  // $1 tax code
  static final String COUNT_ACTIVE_KEYS =
      """
      select count(*) as n from enterprise_key where tax_code = $1 and revoked_at is null""";

  // $1 tax code, $2 kid, $3 alg, $4 jwk, $5 thumbprint, $6 now, $7 by
  static final String REGISTER_KEY =
      """
      insert into enterprise_key (tax_code, kid, alg, jwk, thumbprint, created_at, created_by)
      values ($1, $2, $3, $4, $5, $6, $7)
      on conflict (tax_code, kid) do nothing
      returning\s"""
          + KEY_COLUMNS;

  // $1 tax code, $2 kid
  static final String KEY =
      "select " + KEY_COLUMNS + " from enterprise_key where tax_code = $1 and kid = $2";

  // $1 tax code, $2 kid, $3 now, $4 by
  static final String REVOKE_KEY =
      """
      update enterprise_key set revoked_at = $3, revoked_by = $4
      where tax_code = $1 and kid = $2 and revoked_at is null
      returning kid""";
}
