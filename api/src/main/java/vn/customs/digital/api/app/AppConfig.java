package vn.customs.digital.api.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import vn.customs.digital.api.ApiConfig;

/**
 * How the phone app served under {@code /app/} signs users in: its OpenID Connect client id and
 * scope at the issuer, and where the issuer's discovery document is. By default the discovery is
 * the configured issuer's ({@code AUTH_ISSUER}/.well-known/openid-configuration), or the
 * development issuer's when that is on.
 *
 * @param clientId the app's public client at the issuer ({@code APP_OIDC_CLIENT_ID})
 * @param scope the scopes it asks for ({@code APP_OIDC_SCOPE})
 * @param discoveryUrl an explicit discovery document URL ({@code APP_OIDC_DISCOVERY_URL}), or null
 */
public record AppConfig(String clientId, String scope, String discoveryUrl) {
  public static final String DEFAULT_CLIENT_ID = "digital-customs-app";
  public static final String DEFAULT_SCOPE = "openid";
  private static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
  private static final Pattern SCOPE = Pattern.compile("^[\\x21\\x23-\\x5B\\x5D-\\x7E ]{1,200}$");

  public static AppConfig fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    String clientId = value(env, "APP_OIDC_CLIENT_ID", DEFAULT_CLIENT_ID);
    if (!CLIENT_ID.matcher(clientId).matches()) {
      problems.add("APP_OIDC_CLIENT_ID must be 1 to 128 of A-Z a-z 0-9 . _ : -");
    }
    String scope = value(env, "APP_OIDC_SCOPE", DEFAULT_SCOPE);
    if (!SCOPE.matcher(scope).matches()) {
      problems.add("APP_OIDC_SCOPE must be 1 to 200 printable characters (RFC 6749 scope)");
    }
    String discovery = value(env, "APP_OIDC_DISCOVERY_URL", null);
    if (discovery != null && origin(discovery) == null) {
      problems.add("APP_OIDC_DISCOVERY_URL must be an absolute http(s) URL");
    }
    if (!problems.isEmpty()) {
      throw new ApiConfig.InvalidConfig(problems);
    }
    return new AppConfig(clientId, scope, discovery);
  }

  /**
   * The discovery document the app reads: absolute, or relative to the app's own URL (the
   * development issuer's, served by this api) ; null when no issuer is configured.
   */
  public String discoveryFor(ApiConfig.Auth auth) {
    if (discoveryUrl != null) {
      return discoveryUrl;
    }
    if (auth.keysFromDevFile()) {
      return "../api/v1/dev/.well-known/openid-configuration";
    }
    if (auth.issuer() == null || origin(auth.issuer()) == null) {
      return null;
    }
    String issuer = auth.issuer();
    return (issuer.endsWith("/") ? issuer : issuer + "/") + ".well-known/openid-configuration";
  }

  /** {@code scheme://authority} of an absolute http(s) URL, else null. */
  static String origin(String url) {
    try {
      URI u = new URI(url);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
          || u.getRawAuthority() == null) {
        return null;
      }
      return u.getScheme() + "://" + u.getRawAuthority();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static String value(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }
}
