package vn.customs.digital.edge.feed.clearances;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An officer's one-time passage, verified: the vehicle this lane held ({@code holdEventId}, the id
 * of the agent's own HOLD event) may pass once, until {@code expiresAt}. Signed by the api with the
 * service key ({@code typ} {@value #TYPE}, {@code kind} {@value #KIND}); {@code jws} is the compact
 * JWS as the api sent it.
 */
public record PassageCommand(
    String id,
    String gate,
    String lane,
    String holdEventId,
    Optional<String> plate,
    List<String> containerNumbers,
    Instant issuedAt,
    Instant expiresAt,
    String jws) {
  public static final String TYPE = "passage+jws";
  public static final String KIND = "ONE_TIME_PASSAGE";
}
