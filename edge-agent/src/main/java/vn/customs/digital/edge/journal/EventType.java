package vn.customs.digital.edge.journal;

/** What happened at the gate; the names are the api's event types. */
public enum EventType {
  VEHICLE_ARRIVED,
  PLATE_READ,
  CONTAINER_READ,
  BARRIER_OPENED,
  BARRIER_CLOSED,
  PASSAGE_CONFIRMED,
  HOLD,
  SEAL_STATE,
  DEVICE_FAULT,
  AGENT_ONLINE,
  AGENT_OFFLINE
}
