package vn.customs.digital.api.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.customs.digital.api.ApiConfig;

/**
 * How long the records that only serve for a while are kept (Retention). Customs records
 * (declarations, their versions, risk decisions, the audit log, payments, gate events) are not
 * among them: they are kept for years.
 *
 * @param sentNotifications sent outbox messages (NOTIFY_RETENTION_DAYS): what the live stream can
 *     still replay to a client that resumes, and what was told to whom; pending and failed messages
 *     are kept regardless
 * @param idempotencyKeys stored answers to Idempotency-Keys (IDEMPOTENCY_RETENTION_DAYS): a retry
 *     later than this with the same key is treated as a new request
 */
public record RetentionConfig(Duration sentNotifications, Duration idempotencyKeys) {

  public static RetentionConfig fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Duration sent = days(env, "NOTIFY_RETENTION_DAYS", 30, 3_650, problems);
    Duration keys = days(env, "IDEMPOTENCY_RETENTION_DAYS", 7, 365, problems);
    if (!problems.isEmpty()) {
      throw new ApiConfig.InvalidConfig(problems);
    }
    return new RetentionConfig(sent, keys);
  }

  private static Duration days(
      Map<String, String> env, String name, int fallback, int max, List<String> problems) {
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      return Duration.ofDays(fallback);
    }
    if (!v.trim().matches("[0-9]{1,5}")
        || Integer.parseInt(v.trim()) < 1
        || Integer.parseInt(v.trim()) > max) {
      problems.add(name + "=" + v + " must be a whole number of days, 1 to " + max);
      return Duration.ofDays(fallback);
    }
    return Duration.ofDays(Integer.parseInt(v.trim()));
  }
}
