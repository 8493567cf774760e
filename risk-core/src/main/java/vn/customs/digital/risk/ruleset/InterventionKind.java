package vn.customs.digital.risk.ruleset;

/**
 * Kinds of layer-2 exception interventions, listed from the strongest to the weakest in the
 * precedence the selector applies (see {@code ChannelSelector}).
 */
public enum InterventionKind {
  /** Goods whose import or export is prohibited: always RED. */
  PROHIBITED,
  /** An officer's targeting rule: forces its channel while in force (validFrom..validUntil). */
  TARGETING,
  /** A watch-listed declarant or consignee: forces its channel. */
  WATCH_LIST,
  /** Goods subject to animal or plant quarantine: at least YELLOW (or the rule's channel). */
  QUARANTINE,
  /**
   * Goods subject to specialised inspection (quality, food safety): at least YELLOW (or the rule's
   * channel).
   */
  SPECIALISED_INSPECTION;

  /** Targeting and watch-list rules are confidential: a trader is only told a generic reason. */
  public boolean confidential() {
    return this == TARGETING || this == WATCH_LIST;
  }
}
