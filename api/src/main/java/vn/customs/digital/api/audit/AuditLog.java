package vn.customs.digital.api.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The append-only, hash-chained audit log. Each record's hash covers the previous record's hash
 * and its own canonical content (see V5__declarations.sql, {@code audit_canonical}), so editing,
 * inserting or removing a record breaks every later link; {@code ops/audit verify} recomputes the
 * chain independently with psql.
 *
 * <p>Appends are serialised by a transaction-scoped advisory lock taken just before the insert:
 * the chain needs a total order, and the lock is held only from the append to the commit, so
 * callers append as the last write of their transaction.
 */
public final class AuditLog {
  private static final long CHAIN_LOCK = 0x6463_6175_6469_7401L; // "dcaudit\1"

  private static final String APPEND = """
      with lock as (select pg_advisory_xact_lock($6)),
           prev as (select coalesce((select hash from audit_log order by seq desc limit 1), repeat('0', 64)) as h
                      from lock)
      insert into audit_log (at, actor, declaration_id, action, details, prev_hash, hash)
      select $1, $2, $3, $4, $5::jsonb, prev.h,
             encode(sha256(convert_to(audit_canonical(prev.h, $1, $2, $3, $4, $5::jsonb), 'UTF8')), 'hex')
        from prev
      returning seq, hash
      """;

  private AuditLog() {}

  /** One audited action; {@code details} must not hold secrets (the log is shown to the owner). */
  public record Entry(Instant at, String actor, UUID declarationId, String action, JsonObject details) {
    public Entry {
      // PostgreSQL keeps microseconds: truncate here so what we hash is what we store.
      at = at.truncatedTo(ChronoUnit.MICROS);
    }
  }

  public static Future<Long> append(SqlClient tx, Entry entry) {
    return tx.preparedQuery(APPEND)
        .execute(Tuple.of(entry.at().atOffset(ZoneOffset.UTC), entry.actor(), entry.declarationId(), entry.action(),
            entry.details(), CHAIN_LOCK))
        .map(rows -> rows.iterator().next().getLong("seq"));
  }

  public static final String TRAIL = "select seq, at, actor, action, details, hash from audit_log"
      + " where declaration_id = $1 order by seq";
}
