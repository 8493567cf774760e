package vn.customs.digital.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.vertx.core.Future;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.platform.BoundedCache;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.problems.ProblemException;

/**
 * Turns a bearer token into a {@link Caller}, or a 401 problem that says what is wrong with it.
 * Signatures are checked by Nimbus against the issuer's current keys; a token naming a key id the
 * server does not know triggers one (rate-limited) refresh of the keys and one more attempt, so an
 * issuer's key rotation is picked up without a restart. One per process, used by every event loop
 * at once: a token verified on one connection is remembered for all, and a key set refreshed
 * anywhere is the key set everywhere.
 */
final class TokenVerifier {
  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);
  static final int MAX_TOKEN_LENGTH = 8 * 1024;
  private static final Set<JOSEObjectType> TYPES =
      Set.of(
          JOSEObjectType.JWT,
          new JOSEObjectType("at+jwt"),
          new JOSEObjectType("application/at+jwt"));
  private static final Pattern GATE_CODE = Pattern.compile("^[A-Za-z0-9._-]{1,32}$");

  /**
   * More offices than this in one token is not an officer's assignment but a mistake of the issuer.
   */
  static final int MAX_OFFICES = 64;

  /**
   * An issuer's user may hold many roles of the issuer's own; more than this is not a token of a
   * person.
   */
  static final int MAX_ROLE_NAMES = 256;

  /**
   * Verified tokens remembered, so a phone's token costs one signature check, not one per request.
   */
  static final int CACHE_SIZE = 10_000;

  private final IssuerKeys keys;
  private final ApiConfig.Auth config;
  private final AccessTokenClaims claimsRules;
  private final Clock clock;
  private final BoundedCache<String, Verified> verified = new BoundedCache<>(CACHE_SIZE);
  private final LongAdder signatureChecks = new LongAdder();

  /**
   * A token whose signature and claims passed against {@code snapshot}; valid until {@code expires}
   * (+ skew).
   */
  private record Verified(Caller caller, Instant expires, IssuerKeys.Snapshot snapshot) {}

  /** {@code keys == null}: no issuer is configured and every token is refused. */
  TokenVerifier(IssuerKeys keys, ApiConfig.Auth config, Clock clock) {
    this.keys = keys;
    this.config = config;
    this.clock = clock;
    this.claimsRules =
        config.issuer() == null
            ? null
            : new AccessTokenClaims(config.issuer(), config.audience(), config.clockSkew(), clock);
  }

  Future<Caller> verify(String token) {
    if (keys == null) {
      return rejected("no token issuer is configured on this server");
    }
    if (token.length() > MAX_TOKEN_LENGTH) {
      return rejected("the bearer token is longer than " + MAX_TOKEN_LENGTH + " characters");
    }
    // The very same token verified before, against the keys in force now, and not expired: same
    // answer.
    // A key set refreshed since (rotation, a withdrawn key) makes every token go through the full
    // check again.
    Verified seen = verified.get(token);
    if (seen != null) {
      if (seen.snapshot() == keys.current()
          && clock.instant().isBefore(seen.expires().plus(config.clockSkew()))) {
        return Future.succeededFuture(seen.caller());
      }
      verified.remove(token, seen);
    }
    SignedJWT jwt;
    try {
      JWT parsed = JWTParser.parse(token);
      if (!(parsed instanceof SignedJWT signed)) {
        return rejected("unsigned (alg none) and encrypted tokens are not accepted");
      }
      jwt = signed;
    } catch (ParseException e) {
      return rejected("the bearer token is not a well-formed JWT");
    }
    JWSHeader header = jwt.getHeader();
    if (!ALGORITHMS.contains(header.getAlgorithm())) {
      return rejected(
          "the token algorithm "
              + header.getAlgorithm()
              + " is not accepted; only ES256 and RS256 are");
    }
    if (header.getType() != null
        && TYPES.stream()
            .noneMatch(t -> t.toString().equalsIgnoreCase(header.getType().toString()))) {
      return rejected(
          "the token type "
              + AccessTokenClaims.quoted(header.getType().toString())
              + " is not an access token type");
    }
    String kid = header.getKeyID();
    IssuerKeys.Snapshot snapshot = keys.current();
    if (snapshot != null && (kid == null || snapshot.hasKeyId(kid))) {
      return check(token, jwt, snapshot);
    }
    // A key we do not have (yet): the issuer may have rotated. Refresh (rate-limited), then try
    // once more.
    return keys.refresh()
        .compose(
            fresh -> {
              if (fresh == null) {
                return Future.failedFuture(
                    Problem.of(
                            "auth-unavailable",
                            503,
                            "Sign-in is temporarily unavailable",
                            "the token issuer's signing keys could not be fetched; retry later")
                        .exception());
              }
              if (kid != null && !fresh.hasKeyId(kid)) {
                return rejected(
                    "the token is signed with an unknown key " + AccessTokenClaims.quoted(kid));
              }
              return check(token, jwt, fresh);
            });
  }

  private Future<Caller> check(String token, SignedJWT jwt, IssuerKeys.Snapshot snapshot) {
    signatureChecks.increment();
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier((type, context) -> {}); // checked above, without regard to case
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, snapshot.keys()));
    processor.setJWTClaimsSetVerifier(claimsRules);
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (BadJWTException e) {
      return rejected(e.getMessage());
    } catch (BadJWSException e) {
      return rejected("the token signature is invalid");
    } catch (BadJOSEException e) {
      return rejected("no signing key of the issuer matches the token");
    } catch (JOSEException e) {
      return rejected("the token cannot be verified");
    }
    try {
      Caller caller = caller(claims);
      if (claims.getExpirationTime() != null) {
        verified.put(token, new Verified(caller, claims.getExpirationTime().toInstant(), snapshot));
      }
      return Future.succeededFuture(caller);
    } catch (ProblemException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * How many tokens went through the full signature and claims check (the others were remembered).
   */
  long signatureChecks() {
    return signatureChecks.sum();
  }

  private Caller caller(JWTClaimsSet claims) {
    Set<Role> roles = new LinkedHashSet<>();
    for (String name : roleNames(claims)) {
      String mapped = config.roleMap().getOrDefault(name, name);
      Role.fromClaim(mapped.toLowerCase(Locale.ROOT)).ifPresent(roles::add);
    }
    if (roles.size() != 1) {
      throw Problem.unauthorized("the token must carry exactly one role of: " + Role.CLAIM_NAMES)
          .exception();
    }
    Role role = roles.iterator().next();
    String taxCode = null;
    if (role.boundToTaxCode()) {
      Object value = ClaimPath.value(claims, config.taxCodeClaim());
      if (!(value instanceof String s) || !Caller.TAX_CODE.matcher(s).matches()) {
        throw Problem.unauthorized("token lacks a valid " + config.taxCodeClaim()).exception();
      }
      taxCode = s;
    }
    String gateCode = null;
    if (role == Role.GATE_DEVICE
        && claims.getClaim("gate_code") instanceof String g
        && GATE_CODE.matcher(g).matches()) {
      gateCode = g;
    }
    List<String> offices = role == Role.OFFICER ? offices(claims) : List.of();
    return new Caller(claims.getSubject(), role, taxCode, gateCode, offices);
  }

  /**
   * The role names the token carries: at {@code AUTH_ROLES_CLAIM} (a name or a path, a list of
   * names or one name), else in the top-level {@code roles} list or {@code role} name.
   */
  private List<String> roleNames(JWTClaimsSet claims) {
    List<String> names = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    if (config.rolesClaim() != null) {
      values.add(ClaimPath.value(claims, config.rolesClaim()));
    } else {
      values.add(claims.getClaim("roles"));
      values.add(claims.getClaim("role"));
    }
    for (Object value : values) {
      if (value instanceof String one) {
        names.add(one);
      } else if (value instanceof List<?> list && list.size() <= MAX_ROLE_NAMES) {
        for (Object item : list) {
          if (!(item instanceof String name)) {
            throw Problem.unauthorized("the token's roles claim is not a list of names")
                .exception();
          }
          names.add(name);
        }
      } else if (value != null) {
        throw Problem.unauthorized(
                "the token's roles claim is not a list of at most " + MAX_ROLE_NAMES + " names")
            .exception();
      }
    }
    return names;
  }

  /**
   * An officer's customs offices: a JSON array of office codes. No claim means no office (the
   * officer sees no queue); a claim that is there but malformed refuses the token, rather than
   * guessing what the issuer meant.
   */
  private List<String> offices(JWTClaimsSet claims) {
    String name = config.officesClaim();
    Object value = ClaimPath.value(claims, name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || list.size() > MAX_OFFICES) {
      throw Problem.unauthorized(
              "the token's "
                  + name
                  + " claim is not a list of at most "
                  + MAX_OFFICES
                  + " customs office codes")
          .exception();
    }
    List<String> offices = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String code) || !Caller.OFFICE_CODE.matcher(code).matches()) {
        throw Problem.unauthorized(
                "the token's "
                    + name
                    + " claim holds "
                    + AccessTokenClaims.quoted(String.valueOf(o))
                    + ", not a customs office code (4 of 0-9 A-Z)")
            .exception();
      }
      offices.add(code);
    }
    return offices;
  }

  private static <T> Future<T> rejected(String detail) {
    return Future.failedFuture(Problem.unauthorized(detail).exception());
  }
}
