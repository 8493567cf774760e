package vn.customs.digital.api.audit;

/**
 * Every SQL statement of the audit package (the chain itself is computed in the database: V5, V11).
 */
final class AuditSql {
  private AuditSql() {}

  static final String APPEND =
      """
      insert into audit_log (at, actor, declaration_id, action, details)
      values ($1, $2, $3, $4, $5::jsonb)
      returning seq
      """;

  /** $1 declaration: its records in chain order. */
  static final String TRAIL =
      "select seq, at, actor, action, details, hash from audit_log where declaration_id = $1 order by seq";

  /** $1 batch: chains up to that many committed records, answers how many it chained. */
  static final String CHAIN = "select audit_chain_pending($1) as chained";
}
