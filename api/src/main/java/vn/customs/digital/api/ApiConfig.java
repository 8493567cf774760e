package vn.customs.digital.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the api reads from its environment, read once at start-up and validated as a whole: a
 * bad value is named with what was expected, and the program exits non-zero.
 */
public record ApiConfig(
    String httpHost,
    int httpPort,
    int eventLoops,
    int maxBodyBytes,
    int documentMaxBytes,
    Duration shutdownGrace,
    String logFormat,
    boolean accessLog,
    Database database,
    Auth auth,
    Signing signing,
    List<String> corsAllowedOrigins,
    Path permitAgenciesFile,
    Duration passageCommandTtl) {

  /**
   * Bounds of PASSAGE_COMMAND_TTL_SECONDS: long enough to reach an agent, short enough to stay
   * one-time.
   */
  public static final int PASSAGE_COMMAND_TTL_MIN_SECONDS = 30;

  public static final int PASSAGE_COMMAND_TTL_MAX_SECONDS = 1800;

  /**
   * The origin of a web app on a development server (Vite's default), allowed outside production.
   */
  public static final String DEV_APP_ORIGINS = "http://localhost:5173,http://127.0.0.1:5173";

  /** The service's receipt and clearance signing keys (see ServiceKeys). */
  public record Signing(
      java.nio.file.Path keyFile, java.nio.file.Path retiredKeysFile, boolean mayCreate) {}

  /**
   * PostgreSQL and the bounds that turn an unreachable or stalled database into a prompt 503
   * instead of a hang.
   *
   * @param connectTimeout a TCP connection to the server must be established within this
   * @param poolWaitTimeout a query waits at most this for a pooled connection (including a new
   *     one's start-up)
   * @param statementTimeout PostgreSQL cancels a statement that runs longer; a connection that has
   *     received nothing for this plus {@link #SILENCE_GRACE} is taken for dead (a stalled network)
   *     and closed
   */
  public record Database(
      String host,
      int port,
      String name,
      String user,
      String password,
      int poolSize,
      int cataloguePoolSize,
      Duration connectTimeout,
      Duration poolWaitTimeout,
      Duration statementTimeout,
      Duration startupWait) {
    /**
     * Leaves PostgreSQL time to report its own statement timeout before the client gives the
     * connection up.
     */
    public static final Duration SILENCE_GRACE = Duration.ofSeconds(1);

    /** How long a connection may receive nothing before it is closed. */
    public Duration silenceTimeout() {
      return statementTimeout.plus(SILENCE_GRACE);
    }

    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }
  }

  /**
   * Access-token verification. {@code issuer == null} means no issuer is configured: every bearer
   * token is refused (public routes still work). {@code jwksUrl == null} with an issuer means the
   * keys come from OpenID discovery, or from the dev issuer's key file when that is the issuer.
   */
  public record Auth(
      boolean devIssuer,
      Path devKeyFile,
      String issuer,
      String jwksUrl,
      String audience,
      Duration jwksRefresh,
      Duration jwksMinRefresh,
      Duration clockSkew,
      String taxCodeClaim,
      String officesClaim,
      String rolesClaim,
      Map<String, String> roleMap) {
    public static final String DEV_ISSUER = "urn:digital-customs:dev-issuer";
    public static final String DEFAULT_AUDIENCE = "digital-customs-api";
    public static final String DEFAULT_OFFICES_CLAIM = "offices";
    public static final String DEFAULT_DEV_KEY_FILE = ".data/dev-issuer/key.jwk";

    public boolean keysFromDevFile() {
      return devIssuer && DEV_ISSUER.equals(issuer) && jwksUrl == null;
    }
  }

  /** Every problem of a configuration, each naming its variable. */
  public static final class InvalidConfig extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidConfig(List<String> problems) {
      super("invalid configuration: " + String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public static ApiConfig fromEnv(Map<String, String> env) {
    Reader r = new Reader(env);
    boolean production = "production".equalsIgnoreCase(r.string("APP_PROFILE", "development"));
    ApiConfig config =
        new ApiConfig(
            r.string("HTTP_HOST", "0.0.0.0"),
            r.integer("HTTP_PORT", 8080, 0, 65535),
            r.integer("EVENT_LOOPS", Runtime.getRuntime().availableProcessors(), 1, 256),
            r.integer("HTTP_MAX_BODY_BYTES", 256 * 1024, 1024, 16 * 1024 * 1024),
            r.integer("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024, 1024, 64 * 1024 * 1024),
            Duration.ofSeconds(r.integer("SHUTDOWN_GRACE_SECONDS", 20, 0, 600)),
            r.oneOf("LOG_FORMAT", "text", "text", "json"),
            r.bool("ACCESS_LOG", true),
            new Database(
                r.string("PGHOST", "localhost"),
                r.integer("PGPORT", 5432, 1, 65535),
                r.string("PGDATABASE", "digital_customs"),
                r.string("PGUSER", System.getProperty("user.name")),
                r.string("PGPASSWORD", ""),
                r.integer("PG_POOL_SIZE", 16, 1, 512),
                r.integer("PG_CATALOGUE_POOL_SIZE", 4, 1, 64),
                Duration.ofMillis(r.integer("PG_CONNECT_TIMEOUT_MS", 2_000, 100, 60_000)),
                Duration.ofMillis(r.integer("PG_POOL_WAIT_TIMEOUT_MS", 2_000, 100, 60_000)),
                Duration.ofMillis(r.integer("PG_STATEMENT_TIMEOUT_MS", 5_000, 1_000, 600_000)),
                Duration.ofSeconds(r.integer("PG_STARTUP_WAIT_SECONDS", 60, 0, 3_600))),
            auth(r, production),
            new Signing(
                java.nio.file.Path.of(
                    r.string("SERVICE_KEY_FILE", ".data/service-keys/current.jwk")),
                env.get("SERVICE_RETIRED_KEYS_FILE") == null
                        || env.get("SERVICE_RETIRED_KEYS_FILE").isBlank()
                    ? null
                    : java.nio.file.Path.of(env.get("SERVICE_RETIRED_KEYS_FILE").trim()),
                !production),
            corsOrigins(r, production),
            env.get("PERMIT_AGENCIES_FILE") == null || env.get("PERMIT_AGENCIES_FILE").isBlank()
                ? null
                : Path.of(env.get("PERMIT_AGENCIES_FILE").trim()),
            Duration.ofSeconds(
                r.integer(
                    "PASSAGE_COMMAND_TTL_SECONDS",
                    300,
                    PASSAGE_COMMAND_TTL_MIN_SECONDS,
                    PASSAGE_COMMAND_TTL_MAX_SECONDS)));
    if (!config.signing().mayCreate()
        && !java.nio.file.Files.isReadable(config.signing().keyFile())) {
      r.problem(
          "SERVICE_KEY_FILE "
              + config.signing().keyFile().toAbsolutePath()
              + " is not a readable file: production needs the service's signing key (make one with `ops/keys service`)");
    }
    r.done();
    return config;
  }

  /**
   * Web origins allowed to call the api from a browser (CORS): exact {@code scheme://host[:port]}
   * values, comma-separated; none by default in production, a development web server's outside it.
   * The apps the api serves itself are on its own origin and need none.
   */
  private static List<String> corsOrigins(Reader r, boolean production) {
    String value = r.string("CORS_ALLOWED_ORIGINS", production ? "" : DEV_APP_ORIGINS);
    List<String> origins = new ArrayList<>();
    for (String origin : value.split(",")) {
      String o = origin.trim();
      if (o.isEmpty()) {
        continue;
      }
      if (!o.matches("https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?")) {
        r.problem(
            "CORS_ALLOWED_ORIGINS: "
                + o
                + " is not an origin (scheme://host[:port], no path, no wildcard)");
      } else {
        origins.add(o);
      }
    }
    return List.copyOf(origins);
  }

  private static Auth auth(Reader r, boolean production) {
    boolean dev = r.bool("AUTH_DEV_ISSUER", false);
    if (dev && production) {
      r.problem("AUTH_DEV_ISSUER=true is refused with APP_PROFILE=production");
    }
    String issuer = r.string("AUTH_ISSUER", null);
    String jwksUrl = r.string("AUTH_JWKS_URL", null);
    if (issuer == null && jwksUrl != null) {
      r.problem(
          "AUTH_JWKS_URL is set but AUTH_ISSUER is not: tokens cannot be checked without their issuer");
    }
    if (issuer == null && dev) {
      issuer = Auth.DEV_ISSUER;
    }
    if (issuer == null && production) {
      r.problem(
          "AUTH_ISSUER (and AUTH_JWKS_URL, or discovery at the issuer) is required with APP_PROFILE=production");
    }
    if (issuer != null && issuer.length() > 512) {
      r.problem("AUTH_ISSUER is longer than 512 characters");
    }
    boolean discovery =
        issuer != null && jwksUrl == null && !(dev && Auth.DEV_ISSUER.equals(issuer));
    if (discovery) {
      checkUrl(
          r, "AUTH_ISSUER", issuer, " (needed for OpenID discovery when AUTH_JWKS_URL is unset)");
    }
    if (jwksUrl != null) {
      checkUrl(r, "AUTH_JWKS_URL", jwksUrl, "");
    }
    String audience = r.string("AUTH_AUDIENCE", Auth.DEFAULT_AUDIENCE);
    if (audience.length() > 256) {
      r.problem("AUTH_AUDIENCE is longer than 256 characters");
    }
    String claim = claimName(r, "AUTH_TAX_CODE_CLAIM", "tax_code");
    String officesClaim = claimName(r, "AUTH_OFFICES_CLAIM", Auth.DEFAULT_OFFICES_CLAIM);
    // Unset: the top-level 'roles' list or 'role' name, as the dev issuer writes them.
    String rolesClaim =
        r.string("AUTH_ROLES_CLAIM", null) == null ? null : claimName(r, "AUTH_ROLES_CLAIM", null);
    Map<String, String> roleMap = roleMap(r);
    Path keyFile;
    try {
      keyFile = Path.of(r.string("AUTH_DEV_KEY_FILE", Auth.DEFAULT_DEV_KEY_FILE));
    } catch (InvalidPathException e) {
      r.problem("AUTH_DEV_KEY_FILE is not a valid path: " + e.getMessage());
      keyFile = Path.of(Auth.DEFAULT_DEV_KEY_FILE);
    }
    return new Auth(
        dev,
        keyFile,
        issuer,
        jwksUrl,
        audience,
        Duration.ofSeconds(r.integer("AUTH_JWKS_REFRESH_SECONDS", 300, 10, 86_400)),
        Duration.ofSeconds(r.integer("AUTH_JWKS_MIN_REFRESH_SECONDS", 30, 0, 3_600)),
        Duration.ofSeconds(r.integer("AUTH_CLOCK_SKEW_SECONDS", 60, 0, 300)),
        claim,
        officesClaim,
        rolesClaim,
        roleMap);
  }

  /**
   * AUTH_ROLE_MAP: the issuer's role names that stand for the api's roles where they differ, e.g.
   * {@code customs-officer=officer,customs-trader=trader}. Names neither mapped nor the api's own
   * are ignored (an issuer lists roles of its own, such as Keycloak's {@code offline_access}).
   */
  private static Map<String, String> roleMap(Reader r) {
    String value = r.string("AUTH_ROLE_MAP", "");
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (String pair : value.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      String[] kv = pair.split("=", 2);
      String role = kv.length == 2 ? kv[1].trim().toLowerCase(java.util.Locale.ROOT) : "";
      if (kv.length != 2
          || kv[0].isBlank()
          || kv[0].trim().length() > 128
          || vn.customs.digital.api.auth.Role.fromClaim(role).isEmpty()) {
        r.problem(
            "AUTH_ROLE_MAP: '"
                + pair.trim()
                + "' is not issuer-role=api-role with an api role of "
                + vn.customs.digital.api.auth.Role.CLAIM_NAMES);
      } else {
        map.put(kv[0].trim(), role);
      }
    }
    return Map.copyOf(map);
  }

  private static String claimName(Reader r, String name, String fallback) {
    String claim = r.string(name, fallback);
    if (!claim.matches("[A-Za-z_][A-Za-z0-9_.:/-]{0,127}")) {
      r.problem(name + "=" + claim + " is not a claim name");
    }
    return claim;
  }

  /** Keys travel over https; plain http only to this machine (a local issuer, tests). */
  private static void checkUrl(Reader r, String name, String value, String why) {
    try {
      URI uri = new URI(value);
      String host = uri.getHost();
      boolean loopback =
          "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
      if (host == null
          || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
        r.problem(name + "=" + value + " must be an https URL (http only for localhost)" + why);
      }
    } catch (URISyntaxException e) {
      r.problem(name + "=" + value + " is not a URL" + why);
    }
  }

  /** Collects every problem before failing, so one run names them all. */
  static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    String string(String name, String fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    int integer(String name, int fallback, int min, int max) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(v.trim());
        if (n < min || n > max) {
          problems.add(name + "=" + v + " is out of range " + min + ".." + max);
          return fallback;
        }
        return n;
      } catch (NumberFormatException e) {
        problems.add(name + "=" + v + " is not a whole number");
        return fallback;
      }
    }

    String oneOf(String name, String fallback, String... allowed) {
      String v = string(name, fallback);
      for (String a : allowed) {
        if (a.equalsIgnoreCase(v)) {
          return a;
        }
      }
      problems.add(name + "=" + v + " must be one of " + String.join("|", allowed));
      return fallback;
    }

    boolean bool(String name, boolean fallback) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return fallback;
      }
      return switch (v.trim().toLowerCase()) {
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default -> {
          problems.add(name + "=" + v + " must be true or false");
          yield fallback;
        }
      };
    }

    void problem(String message) {
      problems.add(message);
    }

    void done() {
      if (!problems.isEmpty()) {
        throw new InvalidConfig(problems);
      }
    }
  }
}
