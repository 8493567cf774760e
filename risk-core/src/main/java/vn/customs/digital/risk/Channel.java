package vn.customs.digital.risk;

/**
 * Clearance channel of a declaration, ordered from least to most control: the ordinal order is used
 * to combine demands (the stricter one wins), so do not reorder the constants.
 */
public enum Channel {
  /** Cleared automatically, documents not checked. */
  GREEN,
  /** Documents checked by an officer. */
  YELLOW,
  /** Physical inspection of the goods. */
  RED;

  /** The stricter of the two channels. */
  public Channel atLeast(Channel other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
