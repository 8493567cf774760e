package vn.customs.digital.api.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Map;

/**
 * A claim named as issuers place it: a top-level name ({@code tax_code}, or a URI such as {@code
 * https://id.example/claims/tax_code}, dots and all), or a path of names through nested objects
 * ({@code realm_access.roles}, where Keycloak and most issuers put realm roles). The whole name is
 * tried first, so a claim whose name has dots is still found.
 */
final class ClaimPath {
  private ClaimPath() {}

  static Object value(JWTClaimsSet claims, String path) {
    Object whole = claims.getClaim(path);
    if (whole != null || path.indexOf('.') < 0) {
      return whole;
    }
    Object at = claims.getClaims();
    for (String name : path.split("\\.")) {
      if (!(at instanceof Map<?, ?> object)) {
        return null;
      }
      at = object.get(name);
    }
    return at;
  }
}
