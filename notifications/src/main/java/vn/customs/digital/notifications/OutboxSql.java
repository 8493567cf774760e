package vn.customs.digital.notifications;

/** Every SQL statement of the module, in one place. */
final class OutboxSql {

  private OutboxSql() {}

  private static final int APPEND_COLUMNS = 8;
  private static final String[] APPEND = new String[8];

  static {
    for (int n = 1; n < APPEND.length; n++) {
      APPEND[n] = appendOf(n);
    }
  }

  /** The insert of {@code n} messages in one statement (rows in order, so their seq is too). */
  static String append(int n) {
    return n < APPEND.length ? APPEND[n] : appendOf(n);
  }

  private static String appendOf(int n) {
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO outbox (id, declaration_id, event_type, payload, recipients, audience, priority,"
                + " traceparent)\nVALUES ");
    for (int row = 0; row < n; row++) {
      sql.append(row == 0 ? "(" : ", (");
      for (int column = 1; column <= APPEND_COLUMNS; column++) {
        sql.append(column == 1 ? "$" : ", $").append(row * APPEND_COLUMNS + column);
      }
      sql.append(')');
    }
    return sql.toString();
  }

  /**
   * The trace context for the SQL that writes outbox rows in this transaction ($1, a W3C
   * traceparent): transaction-local, gone at commit or rollback. Read by outbox_append_live (V6).
   */
  static final String CARRY_TRACE = "SELECT set_config('dc.traceparent', $1, true)";

  /**
   * Deletes up to $2 messages sent before $1, oldest first; rows another purge is deleting are
   * skipped, not waited for. Pending and failed messages stay.
   */
  static final String PURGE_SENT =
      """
      DELETE FROM outbox WHERE id IN (
        SELECT id FROM outbox WHERE status = 'SENT' AND sent_at < $1 ORDER BY sent_at LIMIT $2 FOR UPDATE SKIP LOCKED)
      """;

  private static final String MESSAGE_COLUMNS =
      "id, seq, declaration_id, event_type, payload, recipients, audience, priority, attempts, created_at,"
          + " traceparent";

  /**
   * Claims up to $4 due messages by lease ($2 until, $3 worker) at time $1. Only the oldest pending
   * message of each ordering key is a candidate, so message n+1 of a declaration waits while
   * message n is in flight or waiting for a retry. SKIP LOCKED lets concurrent workers take
   * disjoint sets; the lease conditions sit on the locked row itself, so PostgreSQL re-checks them
   * against a claim that committed in the meantime. The candidates are read in seq order from
   * {@code outbox_pending_in_order} (V8): a claim reads the pending messages, not the sent ones the
   * outbox keeps (OutboxLeaseTest).
   */
  static final String CLAIM =
      """
      UPDATE outbox o SET claimed_until = $2, claimed_by = $3
       WHERE o.id IN (
         SELECT m.id FROM outbox m
          WHERE m.status = 'PENDING'
            AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= $1)
            AND (m.claimed_until IS NULL OR m.claimed_until <= $1)
            AND NOT EXISTS (SELECT 1 FROM outbox e
                             WHERE e.aggregate_key = m.aggregate_key AND e.status = 'PENDING' AND e.seq < m.seq)
          ORDER BY m.seq
          LIMIT $4
          FOR UPDATE SKIP LOCKED)
      RETURNING o."""
          + MESSAGE_COLUMNS.replace(", ", ", o.");

  static final String TOKENS_FOR =
      """
      SELECT token, platform, lang, tenant_tax_code, roles FROM push_tokens
       WHERE tenant_tax_code = ANY($1) OR roles && $2""";

  /**
   * The message $1 while worker $3 holds its lease, found by primary key alone. A lease is only
   * ever set on a pending message (CLAIM) and every change of status clears it (below; a dead
   * letter's retry takes a FAILED message, which has none), so {@code claimed_by = $3} also says
   * the message is still PENDING. {@code status = 'PENDING'} is not written out: it lets the
   * planner take the partial index {@code outbox_pending} instead, which the statistics show nearly
   * empty (the outbox drains) but which holds an entry for every message pending since the last
   * vacuum, read whole on every write: 625 buffers a write in {@code ops/bench growth} before this
   * (docs/benchmarks.md, "Growth with history"). OutboxLeaseTest checks the plans.
   */
  private static final String BY_LEASE = "\n WHERE id = $1 AND claimed_by = $3";

  static final String MARK_SENT =
      """
      UPDATE outbox SET status = 'SENT', attempts = attempts + 1, sent_at = $2, pushed_devices = $4,
                        last_error = NULL, claimed_by = NULL, claimed_until = NULL"""
          + BY_LEASE;

  static final String RESCHEDULE =
      """
      UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $4,
                        claimed_by = NULL, claimed_until = NULL"""
          + BY_LEASE;

  static final String MARK_FAILED =
      """
      UPDATE outbox SET status = 'FAILED', attempts = attempts + 1, failed_at = $2, last_error = $4,
                        claimed_by = NULL, claimed_until = NULL"""
          + BY_LEASE;

  static final String DELETE_TOKENS = "DELETE FROM push_tokens WHERE token = ANY($1)";

  static final String UPSERT_TOKEN =
      """
      INSERT INTO push_tokens (token, subject, tenant_tax_code, roles, platform, lang)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (token) DO UPDATE SET subject = excluded.subject, tenant_tax_code = excluded.tenant_tax_code,
             roles = excluded.roles, platform = excluded.platform, lang = excluded.lang, updated_at = now()
      RETURNING (xmax = 0) AS inserted""";

  static final String DELETE_OWN_TOKEN =
      "DELETE FROM push_tokens WHERE token = $1 AND subject = $2";

  /** The live stream's columns: its number (V4) and the outbox row. */
  private static final String STREAM_COLUMNS =
      "s.stream_seq, o." + MESSAGE_COLUMNS.replace(", ", ", o.");

  /**
   * Events numbered after $1 for a user ($2 tax codes, $3 audiences: roles and an officer's
   * offices), in stream order, for an SSE resume.
   */
  static final String REPLAY =
      "SELECT "
          + STREAM_COLUMNS
          + " FROM outbox_stream s JOIN outbox o ON o.seq = s.seq"
          + " WHERE s.stream_seq > $1 AND (o.recipients && $2 OR o.audience && $3)"
          + " ORDER BY s.stream_seq LIMIT $4";

  /**
   * Numbers committed outbox rows for the live stream (up to $1); how many, and the last number.
   */
  static final String STREAM_SEQUENCE = "SELECT sequenced, head FROM outbox_stream_sequence($1)";

  /** Every event numbered after $1 up to $2, in stream order, at most $3. */
  static final String STREAM_AFTER =
      "SELECT "
          + STREAM_COLUMNS
          + " FROM outbox_stream s JOIN outbox o ON o.seq = s.seq"
          + " WHERE s.stream_seq > $1 AND s.stream_seq <= $2 ORDER BY s.stream_seq LIMIT $3";

  /** The last number the live stream's sequencer gave. */
  static final String STREAM_HEAD = "SELECT stream_seq FROM outbox_stream_head";

  static final String DEAD_LETTERS =
      """
      SELECT id, seq, declaration_id, event_type, attempts, last_error, created_at, failed_at
        FROM outbox WHERE status = 'FAILED' AND seq < $1 ORDER BY seq DESC LIMIT $2""";

  static final String RETRY_DEAD_LETTER =
      """
      UPDATE outbox SET status = 'PENDING', attempts = 0, next_attempt_at = NULL, failed_at = NULL
       WHERE id = $1 AND status = 'FAILED' RETURNING seq""";

  /** The channel the outbox trigger NOTIFYs at commit, with the row's seq as payload. */
  static final String CHANNEL = "dc_outbox";

  /** Wakes the workers without announcing a new event to live streams (the payload is no seq). */
  static final String WAKE_WORKERS = "SELECT pg_notify('dc_outbox', 'retry')";
}
