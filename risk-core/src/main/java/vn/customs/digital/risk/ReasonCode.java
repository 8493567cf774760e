package vn.customs.digital.risk;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Short public reasons for a channel, safe to show a trader: they say which layer decided, never
 * which confidential rule (targeting and watch-list rules all map to {@link #CONTROL}).
 */
public enum ReasonCode {
  /** The goods are prohibited. */
  PROHIBITED("R-PROHIBITED"),
  /**
   * A management requirement applies (an officer's targeting rule or a watch list); deliberately
   * generic.
   */
  CONTROL("R-CONTROL"),
  /** The goods are subject to animal or plant quarantine. */
  QUARANTINE("R-QUARANTINE"),
  /** The goods are subject to specialised inspection. */
  SPECIALISED_INSPECTION("R-INSPECTION"),
  /** The weighted risk score reached a threshold. */
  SCORE("R-SCORE"),
  /** Required supporting documents were missing and counted in the score. */
  DOCUMENTS("R-DOCS"),
  /** Selected at random to verify compliance. */
  RANDOM("R-RANDOM"),
  /** Green because the declarant is a priority (AEO) enterprise. */
  PRIORITY_ENTERPRISE("R-PRIORITY"),
  /** Green: low risk, nothing selected the declaration. */
  LOW_RISK("R-LOW-RISK");

  private final String code;

  ReasonCode(String code) {
    this.code = code;
  }

  @JsonValue
  public String code() {
    return code;
  }
}
