package vn.customs.digital.edge.feed.clearances;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.text.ParseException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Checks a feed entry's ES256 signature against the service's JWK set and reads its payload. */
public final class ClearanceVerifier {
  private final Map<String, ECDSAVerifier> verifiers = new HashMap<>();
  private final String gate;

  /**
   * Builds one verifier per EC key up front: converting the JWK for every entry is what would cost.
   */
  public ClearanceVerifier(JWKSet keys, String gate) {
    this.gate = gate;
    for (JWK key : keys.getKeys()) {
      if (key instanceof ECKey ec && key.getKeyID() != null) {
        try {
          verifiers.put(key.getKeyID(), new ECDSAVerifier(ec.toECPublicKey()));
        } catch (JOSEException e) {
          // an unusable key verifies nothing; entries signed with it are refused as unknown-key
        }
      }
    }
  }

  public Clearance verify(String compactJws) throws InvalidClearanceException {
    JWSObject jws = verified(compactJws);
    try {
      JsonObject p = new JsonObject(jws.getPayload().toString());
      Clearance.Kind kind = Clearance.Kind.valueOf(p.getString("kind", ""));
      Clearance c =
          new Clearance(
              kind,
              required(p, "gate"),
              required(p, "containerNumber"),
              required(p, "declarationId"),
              p.getString("declarationNumber"),
              Optional.ofNullable(p.getString("plate")).map(ClearanceVerifier::normalisePlate),
              Optional.ofNullable(p.getString("sealId")),
              Instant.parse(required(p, "validUntil")),
              Instant.parse(required(p, "issuedAt")),
              p.getLong("seq"),
              Optional.ofNullable(p.getString("reason")),
              compactJws);
      if (!gate.equals(c.gate())) {
        throw new InvalidClearanceException(
            "entry for gate " + c.gate() + ", this is " + gate, false);
      }
      return c;
    } catch (DecodeException
        | ClassCastException
        | IllegalArgumentException
        | NullPointerException
        | DateTimeParseException e) {
      throw new InvalidClearanceException("malformed payload: " + e.getMessage(), false);
    }
  }

  /**
   * A one-time passage command: signed like the feed's entries, of type {@value
   * PassageCommand#TYPE} and kind {@value PassageCommand#KIND}, for this gate. Whether it is for
   * this lane, still valid and unused is the lane's to decide.
   */
  public PassageCommand verifyCommand(String compactJws) throws InvalidClearanceException {
    JWSObject jws = verified(compactJws);
    if (jws.getHeader().getType() == null
        || !PassageCommand.TYPE.equals(jws.getHeader().getType().getType())) {
      throw new InvalidClearanceException(
          "not a passage command (typ " + jws.getHeader().getType() + ")", false);
    }
    try {
      JsonObject p = new JsonObject(jws.getPayload().toString());
      if (!PassageCommand.KIND.equals(p.getString("kind"))) {
        throw new IllegalArgumentException("kind " + p.getString("kind"));
      }
      PassageCommand c =
          new PassageCommand(
              java.util.UUID.fromString(required(p, "id")).toString(),
              required(p, "gate"),
              required(p, "lane"),
              required(p, "holdEventId"),
              Optional.ofNullable(p.getString("plate")).map(ClearanceVerifier::normalisePlate),
              p.getJsonArray("containerNumbers", new io.vertx.core.json.JsonArray()).stream()
                  .map(String.class::cast)
                  .toList(),
              Instant.parse(required(p, "issuedAt")),
              Instant.parse(required(p, "expiresAt")),
              compactJws);
      if (!gate.equals(c.gate())) {
        throw new InvalidClearanceException(
            "command for gate " + c.gate() + ", this is " + gate, false);
      }
      return c;
    } catch (DecodeException
        | ClassCastException
        | IllegalArgumentException
        | NullPointerException
        | DateTimeParseException e) {
      throw new InvalidClearanceException("malformed command: " + e.getMessage(), false);
    }
  }

  /** The JWS, its ES256 signature checked with the service key its kid names. */
  private JWSObject verified(String compactJws) throws InvalidClearanceException {
    JWSObject jws;
    try {
      jws = JWSObject.parse(compactJws);
    } catch (ParseException e) {
      throw new InvalidClearanceException("not a compact JWS: " + e.getMessage(), false);
    }
    if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
      throw new InvalidClearanceException(
          "algorithm " + jws.getHeader().getAlgorithm() + " is not ES256", false);
    }
    String kid = jws.getHeader().getKeyID();
    ECDSAVerifier verifier = kid == null ? null : verifiers.get(kid);
    if (verifier == null) {
      throw new InvalidClearanceException("unknown signing key '" + kid + "'", true);
    }
    try {
      if (!jws.verify(verifier)) {
        throw new InvalidClearanceException("bad signature (key " + kid + ")", false);
      }
    } catch (JOSEException e) {
      throw new InvalidClearanceException(
          "cannot verify with key " + kid + ": " + e.getMessage(), false);
    }
    return jws;
  }

  private static String required(JsonObject payload, String field) {
    String value = payload.getString(field);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return value;
  }

  /**
   * Plates are compared without separators and case: "15C-123.45" and "15c12345" are the same
   * plate.
   */
  public static String normalisePlate(String plate) {
    return plate.replaceAll("[^A-Za-z0-9]", "").toUpperCase(java.util.Locale.ROOT);
  }
}
