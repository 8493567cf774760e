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

  /** $1 lock key: whether this transaction holds the checkpoint lock (one signer across nodes). */
  static final String CHECKPOINT_LOCK = "select pg_try_advisory_xact_lock($1) as locked";

  /** The latest checkpoint, if any. */
  static final String LAST_CHECKPOINT =
      "select chain_seq, taken_at from audit_checkpoints order by chain_seq desc limit 1";

  /** The chain's head: its last position and hash. */
  static final String CHAIN_HEAD = "select chain_seq, hash from audit_chain_head";

  /** $1 chain position, $2 hash, $3 taken at, $4 kid, $5 compact JWS. */
  static final String INSERT_CHECKPOINT =
      "insert into audit_checkpoints (chain_seq, hash, taken_at, kid, jws) values ($1, $2, $3, $4, $5)";

  /** $1 from chain position, $2 limit: stored checkpoints in chain order. */
  static final String CHECKPOINTS =
      """
      select chain_seq, hash, taken_at, kid, jws from audit_checkpoints where chain_seq >= $1 order by chain_seq limit $2
      """;
}
