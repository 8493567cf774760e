package vn.customs.digital.edge.decision;

/**
 * What an e-seal reports. A low battery says nothing against the seal itself: it is still intact.
 */
public enum SealState {
  SEALED,
  OPENED,
  TAMPERED,
  LOW_BATTERY;

  public boolean intact() {
    return this == SEALED || this == LOW_BATTERY;
  }
}
