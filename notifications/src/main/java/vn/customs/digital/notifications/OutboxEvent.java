package vn.customs.digital.notifications;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * An outbox row as read back: the message, its place in the outbox, its delivery attempts and the
 * trace context of the request that wrote it (null if none).
 */
record OutboxEvent(
    long seq, OutboxMessage message, int attempts, OffsetDateTime createdAt, String traceparent) {

  static OutboxEvent from(Row row) {
    JsonObject payload = (JsonObject) row.getValue("payload");
    OutboxMessage message =
        new OutboxMessage(
            row.getUUID("id"),
            row.getString("declaration_id"),
            payload.getString("declarationNumber"),
            row.getString("event_type"),
            payload.getString("status"),
            payload.getString("channel"),
            Arrays.asList(row.getArrayOfStrings("recipients")),
            Arrays.asList(row.getArrayOfStrings("audience")),
            "high".equals(row.getString("priority")),
            payload.getJsonObject("data"));
    return new OutboxEvent(
        row.getLong("seq"),
        message,
        row.getInteger("attempts"),
        row.getOffsetDateTime("created_at"),
        row.getColumnIndex("traceparent") >= 0 ? row.getString("traceparent") : null);
  }

  /**
   * Whether the user may see this event: their enterprise is a recipient, or one of their audiences
   * (a role of theirs, an office of an officer's) is in the message's audience.
   */
  boolean visibleTo(NotificationUser user) {
    if (user.taxCode() != null && message.recipients().contains(user.taxCode())) {
      return true;
    }
    Set<String> audiences = user.audiences();
    List<String> audience = message.audience();
    for (String a : audience) {
      if (audiences.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The event as the live stream shows it (the contract's LiveEvent), with the W3C trace context of
   * the request that wrote it (null outside any trace) for the client to continue the trace.
   */
  JsonObject toJson() {
    return new JsonObject()
        .put("messageId", message.id().toString())
        .put("seq", seq)
        .put("eventType", message.eventType())
        .put("declarationId", message.declarationId())
        .put("declarationNumber", message.declarationNumber())
        .put("status", message.status())
        .put("channel", message.channel())
        .put("priority", message.pushedWithHighPriority() ? "high" : "normal")
        .put("createdAt", createdAt == null ? null : createdAt.toInstant().toString())
        .put("data", message.data())
        .put("traceparent", traceparent);
  }
}
