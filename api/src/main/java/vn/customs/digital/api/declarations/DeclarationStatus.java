package vn.customs.digital.api.declarations;

import java.util.EnumSet;
import java.util.Set;

/**
 * The declaration lifecycle. Only the transitions listed here exist; every change goes through
 * {@link #requireTransition}, in the same transaction as its audit record and outbox message.
 *
 * <pre>
 * DRAFT -> SUBMITTED -> AWAITING_PAYMENT | DOCUMENT_CHECK | PHYSICAL_INSPECTION   (by channel)
 * DOCUMENT_CHECK | PHYSICAL_INSPECTION -> AWAITING_PAYMENT (cleared, duties due) | RELEASED (nothing due)
 * AWAITING_PAYMENT -> RELEASED (paid) ; RELEASED -> EXITED (gate-out)
 * RELEASED -> HELD (an officer's hold before exit) ; HELD -> RELEASED (the hold lifted)
 * anything before release -> CANCELLED (the trader) ; RELEASED | HELD -> CANCELLED (an officer, before exit)
 * an amendment returns to SUBMITTED (a new version)
 * RELEASED | HELD | EXITED: an amendment after release is a new version; the status stays (DeclarationLifecycle)
 * </pre>
 */
public enum DeclarationStatus {
  DRAFT,
  SUBMITTED,
  AWAITING_PAYMENT,
  DOCUMENT_CHECK,
  PHYSICAL_INSPECTION,
  RELEASED,
  HELD,
  EXITED,
  CANCELLED;

  public Set<DeclarationStatus> next() {
    return switch (this) {
      case DRAFT -> EnumSet.of(SUBMITTED, CANCELLED);
      case SUBMITTED ->
          EnumSet.of(AWAITING_PAYMENT, DOCUMENT_CHECK, PHYSICAL_INSPECTION, RELEASED, CANCELLED);
      case AWAITING_PAYMENT ->
          EnumSet.of(RELEASED, SUBMITTED, CANCELLED, DOCUMENT_CHECK, PHYSICAL_INSPECTION);
      case DOCUMENT_CHECK ->
          EnumSet.of(AWAITING_PAYMENT, RELEASED, PHYSICAL_INSPECTION, SUBMITTED, CANCELLED);
      case PHYSICAL_INSPECTION ->
          EnumSet.of(AWAITING_PAYMENT, RELEASED, DOCUMENT_CHECK, SUBMITTED, CANCELLED);
      case RELEASED -> EnumSet.of(EXITED, HELD, CANCELLED);
      case HELD -> EnumSet.of(RELEASED, CANCELLED);
      case EXITED, CANCELLED -> EnumSet.noneOf(DeclarationStatus.class);
    };
  }

  /** Before release the trader may still amend or cancel. */
  public boolean beforeRelease() {
    return this == DRAFT
        || this == SUBMITTED
        || this == AWAITING_PAYMENT
        || this == DOCUMENT_CHECK
        || this == PHYSICAL_INSPECTION;
  }

  /**
   * The goods were released: the declaration may still be amended for a while, but is never routed
   * again.
   */
  public boolean released() {
    return this == RELEASED || this == HELD || this == EXITED;
  }

  /**
   * Released and not yet exited: what customs may still hold, re-route to another gate or cancel.
   */
  public boolean releasedNotExited() {
    return this == RELEASED || this == HELD;
  }

  public boolean canMoveTo(DeclarationStatus to) {
    return next().contains(to);
  }
}
