package vn.customs.digital.api.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The append-only, hash-chained audit log. Each record's hash covers the previous record's hash and
 * its own canonical content (see V5__declarations.sql, {@code audit_canonical}), so editing,
 * inserting or removing a record breaks every later link; {@code ops/audit verify} recomputes the
 * chain independently with psql.
 *
 * <p>An append is a plain insert in the caller's transaction, with no lock: the record is committed
 * (or not) with the change it records, and is chained shortly after commit by {@link
 * AuditSequencer} (see V11__audit_sequencer.sql). Until then its hash is null.
 */
public final class AuditLog {
  private AuditLog() {}

  /** One audited action; {@code details} must not hold secrets (the log is shown to the owner). */
  public record Entry(
      Instant at, String actor, UUID declarationId, String action, JsonObject details) {
    public Entry {
      // PostgreSQL keeps microseconds: truncate here so what we hash is what we store.
      at = at.truncatedTo(ChronoUnit.MICROS);
    }
  }

  /**
   * The member of a record's details that holds an officer's customs-only note: part of the record
   * (and so of its hash), shown to customs only. Traders and brokers read {@link #publicDetails}.
   */
  public static final String CUSTOMS_ONLY = "customsNote";

  /** A record's details as traders and brokers read them: without the customs-only note. */
  public static JsonObject publicDetails(JsonObject details) {
    if (details == null || !details.containsKey(CUSTOMS_ONLY)) {
      return details;
    }
    JsonObject visible = details.copy();
    visible.remove(CUSTOMS_ONLY);
    return visible;
  }

  public static Future<Long> append(SqlClient tx, Entry entry) {
    return tx.preparedQuery(AuditSql.APPEND)
        .execute(
            Tuple.of(
                entry.at().atOffset(ZoneOffset.UTC),
                entry.actor(),
                entry.declarationId(),
                entry.action(),
                entry.details()))
        .map(rows -> rows.iterator().next().getLong("seq"));
  }

  /** A record as the trail shows it; {@code hash} is null until the sequencer has chained it. */
  public record Recorded(
      long seq, Instant at, String actor, String action, JsonObject details, String hash) {}

  /** The declaration's records, in chain order. */
  public static Future<List<Recorded>> trail(SqlClient client, UUID declarationId) {
    return client
        .preparedQuery(AuditSql.TRAIL)
        .execute(Tuple.of(declarationId))
        .map(
            rows -> {
              List<Recorded> trail = new ArrayList<>(rows.size());
              for (Row r : rows) {
                trail.add(
                    new Recorded(
                        r.getLong("seq"),
                        r.getOffsetDateTime("at").toInstant(),
                        r.getString("actor"),
                        r.getString("action"),
                        r.getJsonObject("details"),
                        r.getString("hash")));
              }
              return trail;
            });
  }
}
