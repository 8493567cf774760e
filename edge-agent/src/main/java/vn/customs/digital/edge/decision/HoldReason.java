package vn.customs.digital.edge.decision;

/** Why a vehicle is held at the barrier; reported to the api and shown on the lane display. */
public enum HoldReason {
  CACHE_STALE("clearance data too old - manual check"),
  LOW_CONFIDENCE("reading uncertain - manual check"),
  NO_CONTAINER_READ("no container number read - manual check"),
  NOT_RELEASED("container not released"),
  REVOKED("clearance revoked"),
  CLEARANCE_EXPIRED("clearance expired"),
  SEAL_NOT_INTACT("seal not intact"),
  SEAL_UNREPORTED("no seal report"),
  PLATE_MISMATCH("plate does not match pre-arrival"),
  JOURNAL_FULL("gate journal full - manual check");

  private final String display;

  HoldReason(String display) {
    this.display = display;
  }

  public String display() {
    return display;
  }
}
