package vn.customs.digital.edge.journal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.customs.digital.edge.decision.GateDecision.Decision;
import vn.customs.digital.edge.decision.Recognition;
import vn.customs.digital.edge.decision.SealState;
import vn.customs.digital.edge.feed.clearances.Clearance;

/**
 * The gate events of one lane as the api receives them ({@code POST /gates/{gate}/events}, the
 * contract's {@code GateEvent}): each type's {@code data}, in this one place. An event carries the
 * id of the device that saw it: the camera for reads, the seal reader for seal states, the faulty
 * device for its fault, and this agent for everything it decides or does ({@code agentId}). The
 * envelope (id, seq, type, time, lane, device) is {@link GateEvent#toJson}.
 */
public record LaneEvents(String lane, String agentId) {

  /**
   * A vehicle the camera read: VEHICLE_ARRIVED, PLATE_READ, then one CONTAINER_READ a container.
   */
  public List<GateEvent> vehicleRead(Instant at, String cameraId, Recognition read) {
    String imageRef = read.imageRef().orElse(null);
    List<GateEvent> events = new ArrayList<>();
    events.add(
        event(
            EventType.VEHICLE_ARRIVED,
            at,
            cameraId,
            new JsonObject()
                .put("readId", read.readId().orElse(null))
                .put("plate", read.plate())
                .put("containerNumbers", new JsonArray(read.containerNumbers()))
                .put("confidence", read.confidence())
                .put("imageRef", imageRef)));
    events.add(
        event(
            EventType.PLATE_READ,
            at,
            cameraId,
            new JsonObject()
                .put("plate", read.plate())
                .put("confidence", read.confidence())
                .put("imageRef", imageRef)));
    for (String container : read.containerNumbers()) {
      events.add(
          event(
              EventType.CONTAINER_READ,
              at,
              cameraId,
              new JsonObject()
                  .put("containerNumbers", new JsonArray().add(container))
                  .put("confidence", read.confidence())
                  .put("imageRef", imageRef)));
    }
    return events;
  }

  /** The barrier opened for a vehicle and the clearances it passes on. */
  public GateEvent barrierOpened(Instant at, String plate, List<Clearance> clearances) {
    return barrierOpened(at, plate, clearances, null);
  }

  /**
   * The barrier opened for a vehicle: on its clearances, or ({@code authorised} not null) on an
   * officer's one-time passage for the containers the hold read.
   */
  public GateEvent barrierOpened(
      Instant at, String plate, List<Clearance> clearances, Authorised authorised) {
    return event(
        EventType.BARRIER_OPENED, at, agentId, passage(clearances, authorised).put("plate", plate));
  }

  /**
   * An officer's one-time passage an opening is for: the command's id ({@code authorisationId} in
   * the events) and the containers of the vehicle held.
   */
  public record Authorised(String authorisationId, List<String> containerNumbers) {}

  /**
   * The vehicle read is held: the decision's reason, its detail, and the container it concerns if
   * one.
   */
  public GateEvent hold(Instant at, Recognition read, Decision decision) {
    JsonObject data =
        new JsonObject()
            .put("reason", decision.reason().orElseThrow().name())
            .put("detail", decision.detail())
            .put("plate", read.plate())
            .put("containerNumbers", new JsonArray(read.containerNumbers()));
    decision.container().ifPresent(c -> data.put("containerNumber", c));
    return event(EventType.HOLD, at, agentId, data);
  }

  /**
   * The loop saw the vehicle through: the clearances of the opening it closes, and the one-time
   * passage it was for, if any.
   */
  public GateEvent passageConfirmed(Instant at, List<Clearance> clearances, Authorised authorised) {
    return event(EventType.PASSAGE_CONFIRMED, at, agentId, passage(clearances, authorised));
  }

  /** The barrier closed: PASSAGE, TIMEOUT, or WATCHDOG (forced by the relay's watchdog). */
  public GateEvent barrierClosed(Instant at, String reason) {
    return event(EventType.BARRIER_CLOSED, at, agentId, new JsonObject().put("reason", reason));
  }

  /**
   * An opening no close followed before the agent stopped (see JournalReconciliation): what it let
   * through, and that the barrier is closed now.
   */
  public GateEvent passageInterrupted(Instant at, GateEvent opening) {
    JsonObject opened = opening.data();
    return event(
        EventType.PASSAGE_INTERRUPTED,
        at,
        agentId,
        new JsonObject()
            .put("openedEventId", opening.id())
            .put("openedSeq", opening.seq())
            .put("openedAt", opening.occurredAt().toString())
            .put("containerNumbers", opened.getJsonArray("containerNumbers", new JsonArray()))
            .put("declarationNumbers", opened.getJsonArray("declarationNumbers", new JsonArray()))
            .put("plate", opened.getString("plate"))
            .put("barrier", "CLOSED"));
  }

  /** A seal reported a new state. */
  public GateEvent sealState(
      Instant at, String readerId, String sealId, SealState state, String containerNumber) {
    return event(
        EventType.SEAL_STATE,
        at,
        readerId,
        new JsonObject()
            .put("sealId", sealId)
            .put("sealState", state.name())
            .put("containerNumber", containerNumber));
  }

  /** A device stopped answering the agent's observation. */
  public GateEvent deviceFault(Instant at, String deviceId, URI deviceUri, String reason) {
    return event(
        EventType.DEVICE_FAULT,
        at,
        deviceId,
        new JsonObject().put("reason", reason).put("deviceUri", deviceUri.toString()));
  }

  /**
   * The api answers again; {@code offlineSince} when the link had been down (null at the first
   * contact).
   */
  public GateEvent agentOnline(Instant at, Instant offlineSince) {
    JsonObject data = new JsonObject();
    if (offlineSince != null) {
      data.put("offlineSince", offlineSince.toString());
    }
    return event(EventType.AGENT_ONLINE, at, agentId, data);
  }

  /** The api stopped answering, since {@code since}. */
  public GateEvent agentOffline(Instant since, String reason) {
    return event(EventType.AGENT_OFFLINE, since, agentId, new JsonObject().put("reason", reason));
  }

  /**
   * The journal crossed a level of its quota: JOURNAL_QUOTA_WARNING, or JOURNAL_QUOTA_REACHED when
   * full.
   */
  public GateEvent quotaAlarm(
      Instant at,
      boolean full,
      long usedBytes,
      long maxBytes,
      double usedPercent,
      int warnPercent,
      long unsent) {
    return event(
        full ? EventType.JOURNAL_QUOTA_REACHED : EventType.JOURNAL_QUOTA_WARNING,
        at,
        agentId,
        new JsonObject()
            .put("usedBytes", usedBytes)
            .put("maxBytes", maxBytes)
            .put("usedPercent", usedPercent)
            .put("warnPercent", warnPercent)
            .put("unsent", unsent));
  }

  private static JsonObject passage(List<Clearance> clearances, Authorised authorised) {
    JsonArray containers = new JsonArray();
    JsonArray declarations = new JsonArray();
    for (Clearance c : clearances) {
      containers.add(c.containerNumber());
      declarations.add(c.declarationNumber());
    }
    JsonObject data = new JsonObject();
    if (authorised != null) {
      authorised.containerNumbers().stream()
          .filter(c -> !containers.contains(c))
          .forEach(containers::add);
      data.put("authorisationId", authorised.authorisationId());
    }
    return data.put("containerNumbers", containers).put("declarationNumbers", declarations);
  }

  private GateEvent event(EventType type, Instant at, String deviceId, JsonObject data) {
    return GateEvent.of(type, at, lane, deviceId, data);
  }
}
