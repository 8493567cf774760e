package vn.customs.digital.api.permits;

/** Every SQL statement of the permits package. */
final class PermitSql {
  private PermitSql() {}

  /** A new permit; nothing when the agency already registered that number. */
  static final String INSERT =
      """
      insert into permits (agency, number, kind, holder_tax_code, hs_codes, quantity, unit, remaining, valid_from,
                           valid_until, signed_jws, signing_kid, received_at)
      values ($1, $2, $3, $4, $5, $6, $7, $6, $8, $9, $10, $11, $12)
      on conflict (agency, number) do nothing
      """;

  static final String ONE = "select * from permits where agency = $1 and number = $2";

  /** $1 holder, $2 agency or null for every agency, $3 limit: newest first. */
  static final String OF_HOLDER =
      """
      select * from permits
       where holder_tax_code = $1 and ($2::text is null or agency = $2)
       order by received_at desc, agency, number
       limit $3
      """;

  /**
   * $1 agency, $2 number, $3 now, $4 reason, $5 JWS, $6 kid: revokes a permit not yet revoked;
   * nothing when there is none, or it already is.
   */
  static final String REVOKE =
      """
      update permits set revoked_at = $3, revocation_reason = $4, revocation_jws = $5, revoking_kid = $6
       where agency = $1 and number = $2 and revoked_at is null
      returning *
      """;
}
