package vn.customs.digital.api.permits;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The agencies whose permits the register accepts, each with its own public keys and the kinds of
 * permit it issues (least privilege: a quarantine agency's key cannot issue an import licence),
 * read once at start-up from {@code PERMIT_AGENCIES_FILE}:
 *
 * <pre>{"agencies": [{"code": "DAV", "name": "Drug Administration of Vietnam",
 *   "kinds": ["IMPORT_LICENCE"], "keys": [{"kty": "EC", "crv": "P-256", "kid": "dav-2026", ...}]}]}
 * </pre>
 *
 * Keys are public EC P-256 JWKs (ES256) with a {@code kid} unique across agencies; a private key in
 * the file, an unknown kind or a repeated kid stops the api at start-up. Without the file no agency
 * is trusted and every posted permit is refused.
 */
public final class PermitAgencies {
  /** The kinds of permit an agency may issue: those a declaration's risk facts know. */
  public static final Set<String> KINDS =
      Set.of(
          "IMPORT_LICENCE",
          "EXPORT_LICENCE",
          "QUARANTINE_CERTIFICATE",
          "INSPECTION_REGISTRATION",
          "INSPECTION_RESULT");

  static final Pattern CODE = Pattern.compile("[A-Z0-9]{2,10}");

  /** One agency's key, with what it may sign. */
  public record AgencyKey(String agency, Set<String> kinds, ECKey key) {}

  private final Map<String, AgencyKey> byKid;

  private PermitAgencies(Map<String, AgencyKey> byKid) {
    this.byKid = Map.copyOf(byKid);
  }

  public static PermitAgencies none() {
    return new PermitAgencies(Map.of());
  }

  /** The agency key a JWS names, or null. */
  public AgencyKey key(String kid) {
    return kid == null ? null : byKid.get(kid);
  }

  public boolean isEmpty() {
    return byKid.isEmpty();
  }

  /** Reads the file on a worker thread; null path: no agency. */
  public static Future<PermitAgencies> load(Vertx vertx, Path file) {
    if (file == null) {
      return Future.succeededFuture(none());
    }
    return vertx.executeBlocking(() -> parse(Files.readString(file), file.toString()), false);
  }

  static PermitAgencies parse(String text, String source) throws IOException {
    Map<String, AgencyKey> byKid = new HashMap<>();
    try {
      JsonArray agencies = new JsonObject(text).getJsonArray("agencies");
      if (agencies == null || agencies.isEmpty()) {
        throw new IOException(source + ": no \"agencies\"");
      }
      for (int i = 0; i < agencies.size(); i++) {
        JsonObject agency = agencies.getJsonObject(i);
        String code = agency.getString("code", "");
        if (!CODE.matcher(code).matches()) {
          throw new IOException(source + ": agency " + i + ": code must be 2-10 of A-Z 0-9");
        }
        Set<String> kinds = new TreeSet<>();
        for (Object kind : agency.getJsonArray("kinds", new JsonArray())) {
          if (!KINDS.contains(String.valueOf(kind))) {
            throw new IOException(
                source + ": agency " + code + ": unknown kind " + kind + " (" + KINDS + ")");
          }
          kinds.add(String.valueOf(kind));
        }
        if (kinds.isEmpty()) {
          throw new IOException(source + ": agency " + code + " issues no kind of permit");
        }
        List<?> keys = agency.getJsonArray("keys", new JsonArray()).getList();
        if (keys.isEmpty()) {
          throw new IOException(source + ": agency " + code + " has no key");
        }
        for (Object raw : agency.getJsonArray("keys")) {
          JWK jwk = JWK.parse(((JsonObject) raw).encode());
          if (!(jwk instanceof ECKey ec) || !"P-256".equals(ec.getCurve().getName())) {
            throw new IOException(source + ": agency " + code + ": keys must be EC P-256 (ES256)");
          }
          if (jwk.isPrivate()) {
            throw new IOException(
                source
                    + ": agency "
                    + code
                    + ": key "
                    + jwk.getKeyID()
                    + " holds private material");
          }
          if (jwk.getKeyID() == null || jwk.getKeyID().isBlank()) {
            throw new IOException(source + ": agency " + code + ": a key without kid");
          }
          if (byKid.put(jwk.getKeyID(), new AgencyKey(code, Set.copyOf(kinds), ec)) != null) {
            throw new IOException(source + ": kid " + jwk.getKeyID() + " appears twice");
          }
        }
      }
    } catch (ParseException | RuntimeException e) {
      throw new IOException(source + ": not a permit agencies file: " + e.getMessage(), e);
    }
    return new PermitAgencies(byKid);
  }
}
