package vn.customs.digital.edge.feed.clearances;

/** A feed entry that is not a well-formed clearance correctly signed by a known service key. */
public final class InvalidClearanceException extends Exception {
  private final boolean unknownKey;

  InvalidClearanceException(String message, boolean unknownKey) {
    super(message);
    this.unknownKey = unknownKey;
  }

  /**
   * True when the signing key is not in the key set we hold: fetching the api's JWKS again may
   * help.
   */
  public boolean unknownKey() {
    return unknownKey;
  }
}
