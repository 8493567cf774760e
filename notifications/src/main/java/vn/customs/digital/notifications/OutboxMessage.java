package vn.customs.digital.notifications;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One status change to announce: pushed to the devices of {@code recipients} (enterprise tax codes:
 * the declaring trader and the brokers acting for it) and of users holding a role in {@code
 * audience} (e.g. {@code officer}; {@code office:<code>} for the officers of one customs office,
 * whose phones no push reaches), and streamed live to the same users.
 *
 * @param id message id, sent to devices so that they can drop duplicates (delivery is at least
 *     once)
 * @param declarationId ordering key; null for a message about no declaration
 * @param declarationNumber number shown to users; null when not yet numbered
 * @param eventType e.g. {@code declaration.released}, {@code seal.alert}
 * @param status the declaration's new status, e.g. {@code RELEASED}
 * @param channel {@code green}, {@code yellow}, {@code red}, or null
 * @param highPriority wake the device now (releases and alerts); released and seal alerts always
 *     are
 * @param data extra fields for the app; never shown in the visible notification text
 */
public record OutboxMessage(
    UUID id,
    String declarationId,
    String declarationNumber,
    String eventType,
    String status,
    String channel,
    List<String> recipients,
    List<String> audience,
    boolean highPriority,
    JsonObject data) {

  public OutboxMessage {
    Objects.requireNonNull(id, "id");
    if (eventType == null || eventType.isBlank() || eventType.length() > 100) {
      throw new IllegalArgumentException("eventType must be 1 to 100 characters");
    }
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
    audience = audience == null ? List.of() : List.copyOf(audience);
    data = data == null ? new JsonObject() : data.copy();
  }

  /** Releases and e-seal alerts wake the device even when the sender did not ask for it. */
  public boolean pushedWithHighPriority() {
    return highPriority
        || "declaration.released".equals(eventType)
        || "seal.alert".equals(eventType);
  }
}
