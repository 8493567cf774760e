package vn.customs.digital.notifications;

import java.time.Duration;
import java.util.Optional;

/**
 * What became of one {@link Push}.
 *
 * @param retryAfter the delay the push service asked for, when it asked
 * @param error the push service's error code and message, for the outbox row and the logs
 */
public record PushOutcome(Kind kind, Optional<Duration> retryAfter, String error) {

  public enum Kind {
    /** Accepted by the push service. */
    DELIVERED,
    /** The token is no longer valid: forget it, the message itself is done for this device. */
    TOKEN_INVALID,
    /** A transient failure: try the message again later. */
    RETRY
  }

  public static PushOutcome delivered() {
    return new PushOutcome(Kind.DELIVERED, Optional.empty(), null);
  }

  public static PushOutcome tokenInvalid(String error) {
    return new PushOutcome(Kind.TOKEN_INVALID, Optional.empty(), error);
  }

  public static PushOutcome retry(Optional<Duration> retryAfter, String error) {
    return new PushOutcome(Kind.RETRY, retryAfter, error);
  }
}
