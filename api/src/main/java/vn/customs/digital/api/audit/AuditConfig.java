package vn.customs.digital.api.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.platform.Durations;

/**
 * The audit log's settings, read once at start-up.
 *
 * @param checkpointInterval how often the chain head is signed and published (AuditCheckpoints): at
 *     least once a day, so that verifying from the last checkpoint never re-reads more than a day
 *     of records
 */
public record AuditConfig(Duration checkpointInterval) {
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofHours(1);

  public static AuditConfig fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Duration interval =
        Durations.parse(
            "AUDIT_CHECKPOINT_INTERVAL",
            env.get("AUDIT_CHECKPOINT_INTERVAL"),
            DEFAULT_CHECKPOINT_INTERVAL,
            Duration.ofSeconds(1),
            Duration.ofDays(1),
            problems);
    if (!problems.isEmpty()) {
      throw new ApiConfig.InvalidConfig(problems);
    }
    return new AuditConfig(interval);
  }
}
