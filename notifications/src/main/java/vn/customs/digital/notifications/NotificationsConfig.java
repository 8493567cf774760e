package vn.customs.digital.notifications;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the notifications module, read once at start-up.
 *
 * @param fcmCredentials service-account JSON file; empty: pushes are paused and kept
 * @param fcmProjectId Firebase project id; present exactly when credentials are
 * @param maxAttempts attempts before a message becomes a dead letter
 * @param batchSize messages claimed per round (at most 500, one FCM {@code sendEach} call)
 * @param pollInterval fallback poll, for a missed NOTIFY or a retry coming due
 * @param lease how long a claim lasts; a worker that dies holding it releases its messages after it
 * @param backoffBase first retry delay ceiling (full jitter below it), doubled per attempt
 * @param backoffMax ceiling of a retry delay (a longer Retry-After still wins)
 * @param sseHeartbeat interval of the comment lines that keep idle streams open through proxies
 * @param fcmEndpoint development and drills only ({@code FCM_ENDPOINT}, refused with {@code
 *     APP_PROFILE=production}): an http(s) origin that the SDK's requests to {@code
 *     https://fcm.googleapis.com} go to instead (the lab's FCM recorder); empty: FCM itself
 */
public record NotificationsConfig(
    Optional<Path> fcmCredentials,
    Optional<String> fcmProjectId,
    int maxAttempts,
    int batchSize,
    Duration pollInterval,
    Duration lease,
    Duration backoffBase,
    Duration backoffMax,
    Duration sseHeartbeat,
    Optional<URI> fcmEndpoint) {

  public static final int FCM_MAX_BATCH = 500;

  public NotificationsConfig {
    List<String> problems = new ArrayList<>();
    require(
        problems, fcmCredentials != null && fcmProjectId != null, "FCM settings must not be null");
    require(
        problems,
        fcmCredentials == null
            || fcmProjectId == null
            || fcmCredentials.isPresent() == fcmProjectId.isPresent(),
        "FCM_CREDENTIALS and FCM_PROJECT_ID must be set together (or both left unset to pause pushes)");
    require(
        problems,
        maxAttempts >= 1 && maxAttempts <= 100,
        "NOTIFY_MAX_ATTEMPTS must be between 1 and 100, was " + maxAttempts);
    require(
        problems,
        batchSize >= 1 && batchSize <= FCM_MAX_BATCH,
        "NOTIFY_BATCH_SIZE must be between 1 and 500, was " + batchSize);
    requirePositive(problems, pollInterval, "NOTIFY_POLL_INTERVAL_MS");
    requirePositive(problems, lease, "NOTIFY_LEASE_SECONDS");
    requirePositive(problems, backoffBase, "NOTIFY_BACKOFF_BASE_MS");
    requirePositive(problems, backoffMax, "NOTIFY_BACKOFF_MAX_MS");
    require(
        problems,
        backoffMax == null || backoffBase == null || backoffMax.compareTo(backoffBase) >= 0,
        "NOTIFY_BACKOFF_MAX_MS must not be below NOTIFY_BACKOFF_BASE_MS");
    requirePositive(problems, sseHeartbeat, "SSE_HEARTBEAT_SECONDS");
    require(problems, fcmEndpoint != null, "FCM_ENDPOINT must not be null");
    if (!problems.isEmpty()) {
      throw new InvalidConfig(problems);
    }
  }

  /** Defaults, without FCM credentials. */
  public static NotificationsConfig defaults() {
    return fromEnv(Map.of());
  }

  /**
   * Reads the settings from environment variables (see the module README for the table).
   *
   * @throws IllegalArgumentException naming the variable at fault and what it must be
   */
  public static NotificationsConfig fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Optional<Path> credentials = text(env, "FCM_CREDENTIALS").map(Path::of);
    credentials.ifPresent(
        path ->
            require(
                problems,
                Files.isRegularFile(path) && Files.isReadable(path),
                "FCM_CREDENTIALS must name a readable service-account JSON file, but "
                    + path
                    + " is not one"));
    NotificationsConfig config = null;
    try {
      config =
          new NotificationsConfig(
              credentials,
              text(env, "FCM_PROJECT_ID"),
              integer(env, problems, "NOTIFY_MAX_ATTEMPTS", 10),
              integer(env, problems, "NOTIFY_BATCH_SIZE", 100),
              Duration.ofMillis(integer(env, problems, "NOTIFY_POLL_INTERVAL_MS", 5_000)),
              Duration.ofSeconds(integer(env, problems, "NOTIFY_LEASE_SECONDS", 60)),
              Duration.ofMillis(integer(env, problems, "NOTIFY_BACKOFF_BASE_MS", 1_000)),
              Duration.ofMillis(integer(env, problems, "NOTIFY_BACKOFF_MAX_MS", 900_000)),
              Duration.ofSeconds(integer(env, problems, "SSE_HEARTBEAT_SECONDS", 15)),
              endpoint(env, problems));
    } catch (InvalidConfig e) {
      problems.addAll(e.problems());
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfig(problems);
    }
    return config;
  }

  /** Every problem of the settings at once, each naming its variable. */
  public static final class InvalidConfig extends IllegalArgumentException {
    private final List<String> problems;

    InvalidConfig(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /** Whether pushes can go out; without credentials messages wait in the outbox. */
  public boolean pushConfigured() {
    return fcmCredentials.isPresent();
  }

  public NotificationsConfig withFcm(Path credentials, String projectId) {
    return new NotificationsConfig(
        Optional.of(credentials),
        Optional.of(projectId),
        maxAttempts,
        batchSize,
        pollInterval,
        lease,
        backoffBase,
        backoffMax,
        sseHeartbeat,
        fcmEndpoint);
  }

  public NotificationsConfig withRetries(
      int maxAttempts, Duration backoffBase, Duration backoffMax) {
    return new NotificationsConfig(
        fcmCredentials,
        fcmProjectId,
        maxAttempts,
        batchSize,
        pollInterval,
        lease,
        backoffBase,
        backoffMax,
        sseHeartbeat,
        fcmEndpoint);
  }

  public NotificationsConfig withBatch(int batchSize, Duration pollInterval, Duration lease) {
    return new NotificationsConfig(
        fcmCredentials,
        fcmProjectId,
        maxAttempts,
        batchSize,
        pollInterval,
        lease,
        backoffBase,
        backoffMax,
        sseHeartbeat,
        fcmEndpoint);
  }

  public NotificationsConfig withSseHeartbeat(Duration sseHeartbeat) {
    return new NotificationsConfig(
        fcmCredentials,
        fcmProjectId,
        maxAttempts,
        batchSize,
        pollInterval,
        lease,
        backoffBase,
        backoffMax,
        sseHeartbeat,
        fcmEndpoint);
  }

  /**
   * FCM_ENDPOINT: an origin (http or https, host, optional port, nothing else) for tests and drills
   * on one machine; never with APP_PROFILE=production, where pushes go to FCM only.
   */
  private static Optional<URI> endpoint(Map<String, String> env, List<String> problems) {
    Optional<String> value = text(env, "FCM_ENDPOINT");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if ("production".equalsIgnoreCase(text(env, "APP_PROFILE").orElse("development"))) {
      problems.add("FCM_ENDPOINT is refused with APP_PROFILE=production (pushes go to FCM only)");
      return Optional.empty();
    }
    try {
      URI uri = new URI(value.get());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null
          && uri.getUserInfo() == null
          && (uri.getRawPath() == null
              || uri.getRawPath().isEmpty()
              || "/".equals(uri.getRawPath()))
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null) {
        return Optional.of(URI.create(uri.getScheme() + "://" + uri.getRawAuthority()));
      }
    } catch (URISyntaxException e) {
      // not a URI: reported below
    }
    problems.add(
        "FCM_ENDPOINT must be an origin such as http://127.0.0.1:8099 (scheme, host, port), was '"
            + value.get()
            + "'");
    return Optional.empty();
  }

  private static Optional<String> text(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static int integer(
      Map<String, String> env, List<String> problems, String name, int fallback) {
    Optional<String> value = text(env, name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      problems.add(name + " must be a whole number, was '" + value.get() + "'");
      return fallback;
    }
  }

  private static void requirePositive(List<String> problems, Duration value, String name) {
    require(problems, value != null && value.isPositive(), name + " must be greater than zero");
  }

  private static void require(List<String> problems, boolean condition, String message) {
    if (!condition) {
      problems.add(message);
    }
  }
}
