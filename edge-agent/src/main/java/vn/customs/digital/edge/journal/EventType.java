package vn.customs.digital.edge.journal;

/** What happened at the gate; the names are the api's event types. */
public enum EventType {
  VEHICLE_ARRIVED,
  PLATE_READ,
  CONTAINER_READ,
  BARRIER_OPENED,
  BARRIER_CLOSED,
  PASSAGE_CONFIRMED,
  /**
   * An opening found without its close at start: the agent stopped mid-cycle, the passage is
   * unknown.
   */
  PASSAGE_INTERRUPTED,
  HOLD,
  SEAL_STATE,
  DEVICE_FAULT,
  AGENT_ONLINE,
  AGENT_OFFLINE,
  JOURNAL_QUOTA_WARNING,
  JOURNAL_QUOTA_REACHED
}
