package vn.customs.digital.edge.journal;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One event for the api. {@code seq} is the agent-local, strictly increasing position in the
 * journal (0 until journaled); {@code id} is the idempotency key the api dedupes on.
 */
public record GateEvent(
    String id,
    long seq,
    EventType type,
    Instant occurredAt,
    String lane,
    String deviceId,
    JsonObject data) {

  public static GateEvent of(
      EventType type, Instant occurredAt, String lane, String deviceId, JsonObject data) {
    return new GateEvent(UUID.randomUUID().toString(), 0, type, occurredAt, lane, deviceId, data);
  }

  GateEvent withSeq(long newSeq) {
    return new GateEvent(id, newSeq, type, occurredAt, lane, deviceId, data);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("seq", seq)
        .put("type", type.name())
        .put("occurredAt", occurredAt.toString())
        .put("lane", lane)
        .put("deviceId", deviceId)
        .put("data", data);
  }

  public static GateEvent fromJson(JsonObject json) {
    return new GateEvent(
        json.getString("id"),
        json.getLong("seq", 0L),
        EventType.valueOf(json.getString("type")),
        Instant.parse(json.getString("occurredAt")),
        json.getString("lane"),
        json.getString("deviceId"),
        json.getJsonObject("data", new JsonObject()));
  }
}
