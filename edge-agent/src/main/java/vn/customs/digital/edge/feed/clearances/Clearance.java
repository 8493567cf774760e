package vn.customs.digital.edge.feed.clearances;

import java.time.Instant;
import java.util.Optional;

/**
 * One signed feed entry, verified: a clearance (the container may pass this gate until {@code
 * validUntil}) or a revocation of it (hold, reroute, cancellation). {@code jws} is the compact JWS
 * exactly as the api sent it.
 */
public record Clearance(
    Kind kind,
    String gate,
    String containerNumber,
    String declarationId,
    String declarationNumber,
    Optional<String> plate,
    Optional<String> sealId,
    Instant validUntil,
    Instant issuedAt,
    long seq,
    Optional<String> reason,
    String jws) {

  public enum Kind {
    CLEARANCE,
    REVOCATION
  }

  /** Entries about the same declaration's container replace each other; the higher seq wins. */
  public String key() {
    return containerNumber + "/" + declarationId;
  }
}
