package vn.customs.digital.notifications;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

/**
 * Writes outbox messages, and deletes sent ones past their retention: the api's entry points to the
 * outbox.
 */
public final class Outbox {

  private Outbox() {}

  /**
   * Appends a message. Pass the connection of the transaction that makes the state change, so that
   * the message commits (and the {@code dc_outbox} NOTIFY fires) together with it, or not at all.
   * When several messages concern the same declaration, write them in the order they happened,
   * after locking or updating the declaration row: that lock is what keeps their {@code seq} in
   * commit order. The message keeps the trace context current on the calling thread (the request's,
   * on the request's Vert.x context), for its push to join the request's trace.
   */
  public static Future<Void> append(SqlClient client, OutboxMessage message) {
    return append(client, List.of(message));
  }

  /**
   * Appends several messages in one statement, as {@link #append(SqlClient, OutboxMessage)} would
   * one after another: their {@code seq} follows the list's order.
   */
  public static Future<Void> append(SqlClient client, List<OutboxMessage> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    String traceparent = traceparent(Span.current().getSpanContext());
    Tuple values = Tuple.tuple();
    for (OutboxMessage message : messages) {
      JsonObject payload =
          new JsonObject()
              .put("declarationNumber", message.declarationNumber())
              .put("status", message.status())
              .put("channel", message.channel())
              .put("data", message.data());
      values
          .addValue(message.id())
          .addValue(message.declarationId())
          .addValue(message.eventType())
          .addValue(payload)
          .addValue(message.recipients().toArray(String[]::new))
          .addValue(message.audience().toArray(String[]::new))
          .addValue(message.pushedWithHighPriority() ? "high" : "normal")
          .addValue(traceparent);
    }
    return client.preparedQuery(OutboxSql.append(messages.size())).execute(values).mapEmpty();
  }

  /**
   * {@code pool.withTransaction(work)}, with the trace context current on the calling thread (as
   * {@link #append(SqlClient, OutboxMessage)} keeps it) handed to the transaction's SQL first: the
   * messages that triggers write in it ({@code outbox_append_live}, V6: the officers' queue events)
   * carry the request's trace, as those written from Java do. Use it for every transaction that may
   * change what such a trigger announces.
   */
  public static <T> Future<T> withTransaction(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(conn -> traced(conn, work));
  }

  /**
   * Sets the transaction-local {@code dc.traceparent} to the current span's traceparent, then runs
   * {@code work}. The setting's statement is pipelined ahead of the work's first one, not waited
   * for: no round trip is added. Without a current span it runs {@code work} alone.
   */
  static <T> Future<T> traced(SqlConnection transaction, Function<SqlConnection, Future<T>> work) {
    String traceparent = traceparent(Span.current().getSpanContext());
    if (traceparent == null) {
      return work.apply(transaction);
    }
    Future<?> carried =
        transaction.preparedQuery(OutboxSql.CARRY_TRACE).execute(Tuple.of(traceparent));
    return work.apply(transaction).compose(result -> carried.map(result));
  }

  /**
   * The W3C {@code traceparent} of a span ({@code 00-<trace id>-<span id>-<flags>}), or null when
   * there is none: what an outbox message keeps of the request that wrote it.
   */
  static String traceparent(SpanContext span) {
    return span.isValid()
        ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
        : null;
  }

  /**
   * Deletes at most {@code limit} messages sent before {@code before} (oldest first) and answers
   * how many: a short statement, to be repeated while it deletes a full batch. Pending and failed
   * messages are kept.
   */
  public static Future<Integer> purgeSent(SqlClient client, Instant before, int limit) {
    return client
        .preparedQuery(OutboxSql.PURGE_SENT)
        .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit))
        .map(rows -> rows.rowCount());
  }
}
