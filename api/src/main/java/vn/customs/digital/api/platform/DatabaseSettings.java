package vn.customs.digital.api.platform;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL settings the service depends on, read as its connections see them (server, database
 * and role settings included): what is off or too small is named at start-up in the log and in
 * {@code /health/ready} (README, "PostgreSQL settings"). The service does not depend on the
 * server's luck, but it does not change the server's settings either: that is the operator's call.
 */
public final class DatabaseSettings {
  static final String QUERY =
      """
      select name, setting, unit from pg_settings
       where name in ('autovacuum', 'synchronous_commit', 'fsync', 'full_page_writes', 'shared_buffers')
      """;

  /** PostgreSQL's own default; less is a server configured for something else. */
  static final long MIN_SHARED_BUFFERS = 128L * 1024 * 1024;

  private DatabaseSettings() {}

  /** The warnings for the settings the pool's connections have. */
  public static Future<List<String>> warnings(SqlClient client) {
    return client
        .query(QUERY)
        .execute()
        .map(
            rows -> {
              Map<String, String> settings = new HashMap<>();
              for (Row r : rows) {
                settings.put(
                    r.getString("name"),
                    r.getString("setting")
                        + (r.getString("unit") == null ? "" : " " + r.getString("unit")));
              }
              return warnings(settings);
            });
  }

  /**
   * The warnings for these settings ({@code pg_settings} name to setting, with its unit after a
   * space).
   */
  static List<String> warnings(Map<String, String> settings) {
    List<String> warnings = new ArrayList<>();
    if ("off".equals(settings.get("autovacuum"))) {
      warnings.add(
          "autovacuum is off: the rows the officer queue, the outbox and the retention jobs delete are never"
              + " reclaimed, indexes bloat and the planner's statistics go stale; turn it on (PostgreSQL's default)");
    }
    if ("off".equals(settings.get("synchronous_commit"))) {
      warnings.add(
          "synchronous_commit is off: a declaration, payment or audit record the api has confirmed can be lost"
              + " in a server crash, though the service promises it is kept; set it to on (PostgreSQL's default)");
    }
    if ("off".equals(settings.get("fsync"))) {
      warnings.add("fsync is off: a server crash can corrupt the database; turn it on");
    }
    if ("off".equals(settings.get("full_page_writes"))) {
      warnings.add("full_page_writes is off: a server crash can leave torn pages; turn it on");
    }
    long buffers = bytes(settings.get("shared_buffers"));
    if (buffers >= 0 && buffers < MIN_SHARED_BUFFERS) {
      warnings.add(
          "shared_buffers is "
              + buffers / (1024 * 1024)
              + " MB, below PostgreSQL's default of 128 MB:"
              + " every read of a busy table goes to the operating system; a quarter of the server's memory is the usual start");
    }
    return warnings;
  }

  /** A setting in blocks of its unit ("16384 8kB") in bytes, or -1 when it is not one. */
  private static long bytes(String setting) {
    if (setting == null) {
      return -1;
    }
    String[] parts = setting.split(" ", 2);
    try {
      long n = Long.parseLong(parts[0]);
      String unit = parts.length > 1 ? parts[1] : "";
      long size =
          switch (unit) {
            case "8kB" -> 8L * 1024;
            case "kB" -> 1024;
            case "MB" -> 1024L * 1024;
            case "B", "" -> 1;
            default -> -1;
          };
      return size < 0 ? -1 : n * size;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
