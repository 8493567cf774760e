package vn.customs.digital.notifications;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Writes outbox messages; the only entry point the api needs for notifying. */
public final class Outbox {

  private Outbox() {}

  /**
   * Appends a message. Pass the connection of the transaction that makes the state change, so
   * that the message commits (and the {@code dc_outbox} NOTIFY fires) together with it, or not at
   * all. When several messages concern the same declaration, write them in the order they
   * happened, after locking or updating the declaration row: that lock is what keeps their
   * {@code seq} in commit order.
   */
  public static Future<Void> append(SqlClient client, OutboxMessage message) {
    JsonObject payload = new JsonObject()
        .put("declarationNumber", message.declarationNumber())
        .put("status", message.status())
        .put("channel", message.channel())
        .put("data", message.data());
    return client.preparedQuery(OutboxSql.APPEND)
        .execute(Tuple.of(
            message.id(),
            message.declarationId(),
            message.eventType(),
            payload,
            message.recipients().toArray(String[]::new),
            message.audience().toArray(String[]::new),
            message.pushedWithHighPriority() ? "high" : "normal"))
        .mapEmpty();
  }
}
