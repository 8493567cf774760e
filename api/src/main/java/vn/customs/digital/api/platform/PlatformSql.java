package vn.customs.digital.api.platform;

/** Every SQL statement of the platform package. */
final class PlatformSql {
  private PlatformSql() {}

  /**
   * The schema version the latest successful migration left, and which server answers: its address
   * and port as the server sees them (the real server behind a balancer or a proxy), the database,
   * and whether it is a standby in recovery (read-only).
   */
  static final String SERVING =
      """
      select (select version from flyway_schema_history where success and version is not null
              order by installed_rank desc limit 1) as version,
             host(inet_server_addr()) as server_addr, inet_server_port() as server_port,
             current_database() as database, pg_is_in_recovery() as in_recovery
      """;

  /**
   * $1 caller, $2 key, $3 request hash, $4 status, $5 content type and location, $6 body, $7 now.
   */
  static final String KEEP_ANSWER =
      """
      insert into idempotency_keys (caller, key, request_hash, status, content_type, body, created_at)
      values ($1, $2, $3, $4, $5, $6, $7)
      """;

  static final String KEPT_ANSWER =
      """
      select request_hash, status, content_type, body from idempotency_keys where caller = $1 and key = $2
      """;
}
