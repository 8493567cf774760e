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
}
