package vn.customs.digital.api.auth;

import com.nimbusds.jose.jwk.ECKey;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.problems.Problem;

/**
 * The development issuer's OpenID Connect sign-in for browser apps: the authorization code flow
 * with PKCE (RFC 7636, S256 only). {@code GET /api/v1/dev/authorize} shows a small page to choose a
 * role, tax code, offices and subject, then sends the browser back to the app with a one-time code;
 * {@code POST /api/v1/dev/token} exchanges the code and its verifier for an access token signed
 * with the development key (the same tokens as {@code ops/token}). Made only when the development
 * issuer is on, which the configuration refuses with APP_PROFILE=production; otherwise the routes
 * answer 404.
 *
 * <p>Codes live in memory, shared by every event loop, single use, for {@link #CODE_TTL}, at most
 * {@link #MAX_CODES} at once. A redirect URI must be of the api's own origin (where the app is
 * served), so a code never goes to another site.
 */
public final class DevSignIn {
  static final Duration CODE_TTL = Duration.ofSeconds(120);
  static final Duration TOKEN_TTL = Duration.ofHours(1);
  static final int MAX_CODES = 1_000;
  private static final Pattern CLIENT_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
  private static final Pattern PKCE = Pattern.compile("^[A-Za-z0-9._~-]{43,128}$");
  private static final Pattern CODE = Pattern.compile("^[A-Za-z0-9_-]{43}$");
  private static final int MAX_STATE = 512;
  private static final int MAX_URI = 2_048;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Grant(
      String clientId,
      String redirectUri,
      String challenge,
      DevTokens.Request who,
      Instant expiresAt) {}

  private final ECKey key;
  private final ApiConfig.Auth config;
  private final Clock clock;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();

  DevSignIn(ECKey key, ApiConfig.Auth config, Clock clock) {
    this.key = key;
    this.config = config;
    this.clock = clock;
  }

  /** GET /api/v1/dev/.well-known/openid-configuration: where the endpoints are. */
  void discovery(RoutingContext ctx) {
    String base = apiBase(ctx) + "/api/v1/dev/";
    JsonObject doc =
        new JsonObject()
            .put("issuer", ApiConfig.Auth.DEV_ISSUER)
            .put("authorization_endpoint", base + "authorize")
            .put("token_endpoint", base + "token")
            .put("jwks_uri", base + "jwks.json")
            .put("response_types_supported", new JsonArray().add("code"))
            .put("grant_types_supported", new JsonArray().add("authorization_code"))
            .put("code_challenge_methods_supported", new JsonArray().add("S256"))
            .put("token_endpoint_auth_methods_supported", new JsonArray().add("none"))
            .put("subject_types_supported", new JsonArray().add("public"))
            .put("id_token_signing_alg_values_supported", new JsonArray().add("ES256"))
            .put("scopes_supported", new JsonArray().add("openid"));
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(doc.toBuffer());
  }

  /**
   * GET /api/v1/dev/authorize: without {@code role}, the page to choose who signs in; with it, a
   * code and the browser sent back to the app.
   */
  void authorize(RoutingContext ctx) {
    MultiMap q = ctx.queryParams();
    List<Problem.FieldError> errors = new ArrayList<>();
    String responseType = once(q, "response_type", errors);
    String clientId = once(q, "client_id", errors);
    String redirectUri = once(q, "redirect_uri", errors);
    String challenge = once(q, "code_challenge", errors);
    String method = once(q, "code_challenge_method", errors);
    String state = q.get("state");
    if (responseType != null && !"code".equals(responseType)) {
      errors.add(new Problem.FieldError("response_type", "only code is supported"));
    }
    if (clientId != null && !CLIENT_ID.matcher(clientId).matches()) {
      errors.add(new Problem.FieldError("client_id", "1 to 128 of A-Z a-z 0-9 . _ : -"));
    }
    if (redirectUri != null && !allowedRedirect(ctx, redirectUri)) {
      errors.add(
          new Problem.FieldError(
              "redirect_uri", "must be an http(s) URL of this server's own origin"));
    }
    if (challenge != null && !PKCE.matcher(challenge).matches()) {
      errors.add(new Problem.FieldError("code_challenge", "43 to 128 of A-Z a-z 0-9 - . _ ~"));
    }
    if (method != null && !"S256".equals(method)) {
      errors.add(new Problem.FieldError("code_challenge_method", "only S256 is supported"));
    }
    if (state != null && (state.length() > MAX_STATE || q.getAll("state").size() > 1)) {
      errors.add(new Problem.FieldError("state", "at most 512 characters, once"));
    }
    if (!errors.isEmpty()) {
      throw Problem.badRequest("not a valid authorization request", errors).exception();
    }
    String role = q.get("role");
    if (role == null) {
      page(ctx, q);
      return;
    }
    DevTokens.Request who = chosen(q);
    if (codes.size() >= MAX_CODES) {
      purgeExpired();
      if (codes.size() >= MAX_CODES) {
        throw Problem.serviceUnavailable("too many sign-ins in progress; try again shortly")
            .exception();
      }
    }
    String code = randomCode();
    codes.put(
        code, new Grant(clientId, redirectUri, challenge, who, clock.instant().plus(CODE_TTL)));
    String back =
        redirectUri
            + (redirectUri.contains("?") ? "&" : "?")
            + "code="
            + code
            + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
    ctx.response()
        .setStatusCode(302)
        .putHeader(HttpHeaders.LOCATION, back)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end();
  }

  /**
   * POST /api/v1/dev/token (form): the code, its redirect URI and client, and the PKCE verifier; an
   * access token.
   */
  void token(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    List<Problem.FieldError> errors = new ArrayList<>();
    String grantType = once(form, "grant_type", errors);
    String code = once(form, "code", errors);
    String redirectUri = once(form, "redirect_uri", errors);
    String clientId = once(form, "client_id", errors);
    String verifier = once(form, "code_verifier", errors);
    if (grantType != null && !"authorization_code".equals(grantType)) {
      errors.add(new Problem.FieldError("/grant_type", "only authorization_code is supported"));
    }
    if (verifier != null && !PKCE.matcher(verifier).matches()) {
      errors.add(new Problem.FieldError("/code_verifier", "43 to 128 of A-Z a-z 0-9 - . _ ~"));
    }
    if (code != null && !CODE.matcher(code).matches()) {
      errors.add(new Problem.FieldError("/code", "not a code of this issuer"));
    }
    if (!errors.isEmpty()) {
      throw Problem.badRequest("not a valid token request", errors).exception();
    }
    // Single use: the code is gone whatever the outcome.
    Grant grant = codes.remove(code);
    if (grant == null
        || clock.instant().isAfter(grant.expiresAt())
        || !grant.clientId().equals(clientId)
        || !grant.redirectUri().equals(redirectUri)
        || !MessageDigest.isEqual(
            s256(verifier).getBytes(StandardCharsets.US_ASCII),
            grant.challenge().getBytes(StandardCharsets.US_ASCII))) {
      throw Problem.badRequest(
              "the code is unknown, used, expired, or not for this client, redirect URI and verifier",
              List.of(new Problem.FieldError("/code", "invalid_grant")))
          .exception();
    }
    DevTokens.Request who = grant.who();
    String token =
        DevIssuer.token(
            key,
            config.audience(),
            config.taxCodeClaim(),
            who.role(),
            who.taxCode(),
            config.officesClaim(),
            who.offices(),
            who.subject(),
            TOKEN_TTL,
            clock);
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Pragma", "no-cache")
        .end(
            new JsonObject()
                .put("access_token", token)
                .put("token_type", "Bearer")
                .put("expires_in", TOKEN_TTL.toSeconds())
                .put("scope", "openid")
                .toBuffer());
  }

  /** The choice made on the page, checked as {@code ops/token} checks its options. */
  private static DevTokens.Request chosen(MultiMap q) {
    List<String> args = new ArrayList<>(List.of("--role", q.get("role")));
    String taxCode = blankToNull(q.get("tax_code"));
    Role role = Role.fromClaim(q.get("role")).orElse(null);
    if (taxCode != null && role != null && role.boundToTaxCode()) {
      args.add("--tax-code");
      args.add(taxCode);
    }
    if (role == Role.OFFICER) {
      for (String office : q.getAll("office")) {
        if (!office.isBlank()) {
          args.add("--office");
          args.add(office.trim());
        }
      }
    }
    String subject = blankToNull(q.get("sub"));
    if (subject != null) {
      args.add("--sub");
      args.add(subject);
    }
    try {
      return DevTokens.parse(args.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw Problem.validation(
              "the sign-in choice is not valid",
              List.of(new Problem.FieldError("role", e.getMessage())))
          .exception();
    }
  }

  private boolean allowedRedirect(RoutingContext ctx, String uri) {
    if (uri.length() > MAX_URI) {
      return false;
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (java.net.URISyntaxException e) {
      return false;
    }
    String scheme = parsed.getScheme();
    if (parsed.getRawAuthority() == null
        || parsed.getRawFragment() != null
        || parsed.getRawUserInfo() != null
        || !("http".equals(scheme) || "https".equals(scheme))) {
      return false;
    }
    String origin = scheme + "://" + parsed.getRawAuthority().toLowerCase(java.util.Locale.ROOT);
    String host = ctx.request().authority() == null ? null : ctx.request().authority().toString();
    return host != null && origin.equals(scheme + "://" + host.toLowerCase(java.util.Locale.ROOT));
  }

  /** The page: plain HTML, no script, labels for every field, in Vietnamese with English. */
  private static void page(RoutingContext ctx, MultiMap q) {
    StringBuilder hidden = new StringBuilder();
    for (String name :
        List.of(
            "response_type",
            "client_id",
            "redirect_uri",
            "code_challenge",
            "code_challenge_method",
            "state",
            "scope",
            "nonce")) {
      String v = q.get(name);
      if (v != null && v.length() <= MAX_URI) {
        hidden
            .append("<input type=\"hidden\" name=\"")
            .append(name)
            .append("\" value=\"")
            .append(escape(v))
            .append("\">\n");
      }
    }
    String html =
        """
        <!doctype html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Đăng nhập thử nghiệm - Development sign-in</title>
        <style>
        body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24}
        main{max-width:28rem;margin:0 auto;padding:1rem}
        h1{font-size:1.4rem}
        label{display:block;font-weight:600;margin-top:1rem}
        input,select{display:block;width:100%;box-sizing:border-box;min-height:44px;font:inherit;
          padding:.4rem;border:2px solid #4a5563;border-radius:4px;background:#fff;color:#1b1f24}
        button{margin-top:1.5rem;min-height:48px;width:100%;font:inherit;font-weight:700;
          background:#0b5cad;color:#fff;border:0;border-radius:4px}
        .hint{color:#3d4754;font-size:.9rem;margin:.2rem 0 0}
        .warn{background:#fff4ce;border-left:4px solid #8a6100;padding:.5rem .75rem}
        </style>
        </head>
        <body>
        <main>
        <h1>Đăng nhập thử nghiệm <span lang="en">(development sign-in)</span></h1>
        <p class="warn">Chỉ dùng khi phát triển; máy chủ thật dùng nhà cung cấp định danh (VNeID,
        Keycloak). <span lang="en">Development only.</span></p>
        <form method="get" action="authorize">
        {{hidden}}
        <label for="role">Vai trò <span lang="en">(role)</span></label>
        <select id="role" name="role">
        <option value="trader">Doanh nghiệp (trader)</option>
        <option value="broker">Đại lý làm thủ tục hải quan (broker)</option>
        <option value="officer">Công chức hải quan (officer)</option>
        <option value="risk-manager">Quản lý rủi ro (risk manager)</option>
        </select>
        <label for="tax_code">Mã số thuế <span lang="en">(tax code)</span></label>
        <input id="tax_code" name="tax_code" inputmode="numeric" pattern="[0-9]{10}([0-9]{3})?"
          value="0301234567" aria-describedby="tax_code_hint">
        <p class="hint" id="tax_code_hint">Doanh nghiệp và đại lý: 10 hoặc 13 chữ số.</p>
        <label for="office">Chi cục hải quan <span lang="en">(office, officers)</span></label>
        <input id="office" name="office" pattern="[0-9A-Z]{4}" value="03CC">
        <label for="sub">Định danh người dùng <span lang="en">(subject, optional)</span></label>
        <input id="sub" name="sub" pattern="[A-Za-z0-9._@:\\-]{1,128}" autocomplete="username">
        <button type="submit" id="sign-in">Đăng nhập <span lang="en">(sign in)</span></button>
        </form>
        </main>
        </body>
        </html>
        """
            .replace("{{hidden}}", hidden);
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                + " frame-ancestors 'none'; base-uri 'none'")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .end(html);
  }

  private void purgeExpired() {
    Instant now = clock.instant();
    codes.values().removeIf(g -> now.isAfter(g.expiresAt()));
  }

  /** The api's scheme and authority as the browser addressed it. */
  private static String apiBase(RoutingContext ctx) {
    String scheme = ctx.request().scheme() == null ? "http" : ctx.request().scheme();
    String host =
        ctx.request().authority() == null ? "localhost" : ctx.request().authority().toString();
    return scheme + "://" + host;
  }

  private static String once(MultiMap params, String name, List<Problem.FieldError> errors) {
    List<String> all = params.getAll(name);
    if (all.size() != 1 || all.get(0).isEmpty() || all.get(0).length() > MAX_URI) {
      errors.add(new Problem.FieldError(name, "required, once, at most 2048 characters"));
      return null;
    }
    return all.get(0);
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }

  static String s256(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String randomCode() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
