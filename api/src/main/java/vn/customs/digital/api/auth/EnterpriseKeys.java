package vn.customs.digital.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import vn.customs.digital.problems.Problem;

/**
 * The public keys enterprises sign declarations with: registered by the enterprise's trader as a
 * JWK (EC P-256 for ES256, RSA of 2048 bits or more for RS256), listed, revoked. Private key
 * material is refused: it never belongs on the server.
 */
public final class EnterpriseKeys {
  static final Pattern KID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");

  /** JWK members that carry private or symmetric key material (RFC 7518 6.2.2, 6.3.2, 6.4.1). */
  static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

  static final int MAX_RSA_BITS = 8192;

  /** One registered key as listed to its enterprise. */
  public record KeyRecord(
      String kid, String alg, String thumbprint, Instant createdAt, Instant revokedAt) {
    public String status() {
      return revokedAt == null ? "active" : "revoked";
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("kid", kid)
          .put("alg", alg)
          .put("status", status())
          .put("thumbprint", thumbprint)
          .put("createdAt", createdAt.toString())
          .put("revokedAt", revokedAt == null ? null : revokedAt.toString());
    }

    static KeyRecord of(Row row) {
      OffsetDateTime revoked = row.getOffsetDateTime("revoked_at");
      return new KeyRecord(
          row.getString("kid"),
          row.getString("alg"),
          row.getString("thumbprint"),
          row.getOffsetDateTime("created_at").toInstant(),
          revoked == null ? null : revoked.toInstant());
    }
  }

  /**
   * The outcome of a registration: {@code created} is false when the same key was registered
   * before.
   */
  public record Registration(KeyRecord key, boolean created) {}

  private final Pool pool;
  private final Clock clock;

  public EnterpriseKeys(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public EnterpriseKeys(Pool pool) {
    this(pool, Clock.systemUTC());
  }

  /**
   * The enterprise's active public key with this kid, to verify a signature that names it; a failed
   * future with a 422 problem ({@code signing-key}) if there is none or it was revoked.
   */
  public Future<JWK> activeKey(String taxCode, String kid) {
    if (taxCode == null
        || kid == null
        || !Caller.TAX_CODE.matcher(taxCode).matches()
        || !KID.matcher(kid).matches()) {
      return Future.failedFuture(unknownKey(kid));
    }
    return pool.preparedQuery(IdentitySql.ACTIVE_KEY)
        .execute(Tuple.of(taxCode, kid))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(unknownKey(kid));
              }
              try {
                return Future.succeededFuture(JWK.parse(rows.iterator().next().getString("jwk")));
              } catch (ParseException e) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "stored key " + kid + " of " + taxCode + " does not parse", e));
              }
            });
  }

  private static Throwable unknownKey(String kid) {
    return Problem.of(
            "signing-key",
            422,
            "The signing key cannot be used",
            "unknown or revoked signing key " + AccessTokenClaims.quoted(kid))
        .exception();
  }

  public Future<List<KeyRecord>> list(String taxCode) {
    return pool.preparedQuery(IdentitySql.KEYS_OF)
        .execute(Tuple.of(taxCode))
        .map(EnterpriseKeys::records);
  }

  /**
   * Registers a public key; naturally idempotent: the same kid with the same key answers the
   * existing record, the same kid with another key (or a revoked kid) is a 409.
   */
  public Future<Registration> register(String taxCode, JsonObject jwkJson, String by) {
    JWK jwk;
    try {
      jwk = publicSigningKey(jwkJson);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    String alg = jwk.getAlgorithm().getName();
    String thumbprint;
    try {
      thumbprint = jwk.computeThumbprint().toString();
    } catch (JOSEException e) {
      return Future.failedFuture(invalid("/jwk", "the key's thumbprint cannot be computed"));
    }
    JsonObject stored = new JsonObject(jwk.toPublicJWK().toJSONObject());
    OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(IdentitySql.KEY)
                .execute(Tuple.of(taxCode, jwk.getKeyID()))
                .compose(
                    existing -> {
                      if (existing.size() > 0) {
                        return Future.succeededFuture(
                            sameOrConflict(existing, jwk.getKeyID(), thumbprint));
                      }
                      return conn.preparedQuery(IdentitySql.COUNT_ACTIVE_KEYS)
                          .execute(Tuple.of(taxCode))
                          .compose(
                              count -> {
                                if (count.iterator().next().getLong("n")
                                    >= IdentitySql.MAX_ACTIVE_KEYS) {
                                  return Future.failedFuture(
                                      Problem.conflict(
                                              "signing-key-limit",
                                              "an enterprise has at most "
                                                  + IdentitySql.MAX_ACTIVE_KEYS
                                                  + " active signing keys; revoke one first")
                                          .exception());
                                }
                                return conn.preparedQuery(IdentitySql.REGISTER_KEY)
                                    .execute(
                                        Tuple.of(
                                            taxCode,
                                            jwk.getKeyID(),
                                            alg,
                                            stored,
                                            thumbprint,
                                            now,
                                            by))
                                    .compose(
                                        inserted ->
                                            inserted.size() > 0
                                                ? Future.succeededFuture(
                                                    new Registration(
                                                        KeyRecord.of(inserted.iterator().next()),
                                                        true))
                                                // registered concurrently by another request: judge
                                                // against what won
                                                : conn.preparedQuery(IdentitySql.KEY)
                                                    .execute(Tuple.of(taxCode, jwk.getKeyID()))
                                                    .map(
                                                        again ->
                                                            sameOrConflict(
                                                                again,
                                                                jwk.getKeyID(),
                                                                thumbprint)));
                              });
                    }));
  }

  private static Registration sameOrConflict(RowSet<Row> rows, String kid, String thumbprint) {
    KeyRecord existing = KeyRecord.of(rows.iterator().next());
    if (!existing.thumbprint().equals(thumbprint)) {
      throw Problem.conflict(
              "signing-key-conflict",
              "key id "
                  + AccessTokenClaims.quoted(kid)
                  + " is already registered for another key; choose a new kid")
          .exception();
    }
    if (existing.revokedAt() != null) {
      throw Problem.conflict(
              "signing-key-conflict",
              "key id "
                  + AccessTokenClaims.quoted(kid)
                  + " was revoked and cannot be registered again; choose a new kid")
          .exception();
    }
    return new Registration(existing, false);
  }

  public Future<Boolean> revoke(String taxCode, String kid, String by) {
    return pool.preparedQuery(IdentitySql.REVOKE_KEY)
        .execute(Tuple.of(taxCode, kid, clock.instant().atOffset(ZoneOffset.UTC), by))
        .map(rows -> rows.size() > 0);
  }

  /**
   * The JWK as a public signature key of an accepted kind, with its algorithm set; else a 422
   * problem whose pointers name the offending members under {@code /jwk}.
   */
  static JWK publicSigningKey(JsonObject json) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (String member : json.fieldNames()) {
      if (PRIVATE_MEMBERS.contains(member)) {
        errors.add(
            new Problem.FieldError(
                "/jwk/" + member,
                "private or symmetric key material must never be sent; register the public key only"));
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.validation("the JWK contains private key material", errors).exception();
    }
    if (!(json.getValue("kid") instanceof String kid) || !KID.matcher(kid).matches()) {
      throw invalid("/jwk/kid", "kid is required: 1-128 of A-Z a-z 0-9 . _ : -");
    }
    JWK jwk;
    try {
      jwk = JWK.parse(json.getMap());
    } catch (ParseException | RuntimeException e) {
      throw invalid("/jwk", "not a valid JWK: " + e.getMessage());
    }
    if (jwk.isPrivate()) {
      throw invalid(
          "/jwk", "private key material must never be sent; register the public key only");
    }
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
      throw invalid("/jwk/use", "use must be 'sig'");
    }
    JWSAlgorithm alg;
    if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
      alg = JWSAlgorithm.ES256;
    } else if (jwk instanceof RSAKey rsa && rsa.size() >= 2048 && rsa.size() <= MAX_RSA_BITS) {
      alg = JWSAlgorithm.RS256;
    } else {
      throw invalid(
          "/jwk/kty",
          "only EC P-256 keys (ES256) and RSA keys of 2048 to "
              + MAX_RSA_BITS
              + " bits (RS256) are accepted");
    }
    if (jwk.getAlgorithm() != null && !alg.equals(jwk.getAlgorithm())) {
      throw invalid("/jwk/alg", "alg must be " + alg.getName() + " for this key");
    }
    if (jwk instanceof ECKey ec) {
      return new ECKey.Builder(ec).algorithm(alg).build();
    }
    return new RSAKey.Builder((RSAKey) jwk).algorithm(alg).build();
  }

  private static RuntimeException invalid(String pointer, String detail) {
    return Problem.validation(
            "the signing key cannot be registered",
            List.of(new Problem.FieldError(pointer, detail)))
        .exception();
  }

  private static List<KeyRecord> records(RowSet<Row> rows) {
    List<KeyRecord> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(KeyRecord.of(row));
    }
    return out;
  }
}
