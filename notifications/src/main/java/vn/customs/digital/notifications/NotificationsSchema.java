package vn.customs.digital.notifications;

import org.flywaydb.core.Flyway;

/** The notifications module's own tables, migrated with a history table of their own. */
public final class NotificationsSchema {

  public static final String HISTORY_TABLE = "notifications_schema_history";
  public static final String LOCATION = "classpath:db/notifications";

  private NotificationsSchema() {}

  /**
   * Brings the outbox and push-token tables to the latest version. Blocking (JDBC): call it at
   * start-up or from {@code executeBlocking}, never on an event loop.
   */
  public static void migrate(String jdbcUrl, String user, String password) {
    Flyway.configure()
        .dataSource(jdbcUrl, user, password)
        .table(HISTORY_TABLE)
        .locations(LOCATION)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
