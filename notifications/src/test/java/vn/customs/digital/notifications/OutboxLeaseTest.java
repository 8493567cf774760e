package vn.customs.digital.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.notifications.OutboxDatabase.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worker's writes under its lease: what they change and how PostgreSQL finds the message. */
@ExtendWith(VertxExtension.class)
@DisplayName("Writes under a worker's lease")
class OutboxLeaseTest {
  private static final Pattern INDEX = Pattern.compile("\"Index Name\": \"([^\"]+)\"");
  private static final Pattern DROPPED = Pattern.compile("\"Rows Removed by Filter\": (\\d+)");

  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    OutboxDatabase.reset();
    pool = OutboxDatabase.pool(vertx);
  }

  /**
   * A burst of 2,000 messages, all sent by now: their entries stay in the partial index of pending
   * messages until a vacuum. The statistics were taken while the messages matching {@code
   * pendingWhenAnalyzed} were still pending.
   */
  private static void sentBurst(String pendingWhenAnalyzed) {
    OutboxDatabase.execute(
        "insert into outbox (id, declaration_id, event_type, payload, recipients)"
            + " select gen_random_uuid(), 'D-' || n, 'declaration.submitted', '{}', '{0101234567}'"
            + " from generate_series(1, 2000) n");
    OutboxDatabase.execute(
        "update outbox set status = 'SENT', sent_at = now() where not ("
            + pendingWhenAnalyzed
            + ")");
    OutboxDatabase.execute("analyze outbox");
    OutboxDatabase.execute(
        "update outbox set status = 'SENT', sent_at = now() where status = 'PENDING'");
  }

  private UUID claimOne(UUID lease) {
    OutboxDatabase.append(
        pool, OutboxDatabase.message("D-LEASE", "declaration.submitted", "0101234567"));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    return await(
            pool.preparedQuery(OutboxSql.CLAIM)
                .execute(Tuple.of(now, now.plusMinutes(1), lease, 10)))
        .iterator()
        .next()
        .getUUID("id");
  }

  /**
   * The JSON plan of {@code explain} (EXPLAIN ... EXECUTE of the statement prepared as {@code
   * prepare}) under {@code plan_cache_mode = mode}, in a transaction rolled back.
   */
  private static String plan(String mode, String prepare, String explain) {
    try (Connection c = OutboxDatabase.DB.connect();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("set plan_cache_mode = " + mode);
      s.execute(prepare);
      try (ResultSet rs = s.executeQuery(explain)) {
        rs.next();
        return rs.getString(1);
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** The indexes the plan of {@code sql}, run on ($1 id, now, $3 lease, $4), reads. */
  private static List<String> indexesOf(
      String sql, UUID id, UUID lease, String fourth, String mode) {
    return all(
        INDEX,
        plan(
            mode,
            "prepare lease_write as " + sql,
            "explain (format json) execute lease_write('"
                + id
                + "', now(), '"
                + lease
                + "', "
                + fourth
                + ")"));
  }

  @Test
  @DisplayName(
      "marking sent, rescheduling and failing find the message by primary key, in custom and generic"
          + " plans, however many sent messages the pending index still holds")
  void byPrimaryKey() {
    // a drained outbox between two vacuums: statistics that saw none pending
    sentBurst("false");
    UUID lease = UUID.randomUUID();
    UUID id = claimOne(lease);
    for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
      assertThat(indexesOf(OutboxSql.MARK_SENT, id, lease, "1", mode))
          .as("MARK_SENT, %s", mode)
          .isNotEmpty()
          .allMatch(name -> name.endsWith("_pkey"));
      assertThat(indexesOf(OutboxSql.RESCHEDULE, id, lease, "'timeout'", mode))
          .as("RESCHEDULE, %s", mode)
          .isNotEmpty()
          .allMatch(name -> name.endsWith("_pkey"));
      assertThat(indexesOf(OutboxSql.MARK_FAILED, id, lease, "'gone'", mode))
          .as("MARK_FAILED, %s", mode)
          .isNotEmpty()
          .allMatch(name -> name.endsWith("_pkey"));
    }
  }

  /** The rows the plan of a claim of up to 10 read and dropped (EXPLAIN ANALYZE, rolled back). */
  private static long rowsDroppedByClaim(String mode) {
    return all(
            DROPPED,
            plan(
                mode,
                "prepare claim(timestamptz, timestamptz, uuid, int) as " + OutboxSql.CLAIM,
                "explain (analyze, format json) execute claim(now(), now() + interval '1 minute',"
                    + " gen_random_uuid(), 10)"))
        .stream()
        .mapToLong(Long::parseLong)
        .sum();
  }

  @Test
  @DisplayName(
      "a claim reads the pending messages, not the sent ones the outbox keeps, in custom and generic"
          + " plans")
  void claimReadsWhatIsPending() {
    // statistics taken during the burst, a tenth of it pending
    sentBurst("seq % 10 = 0");
    claimOne(UUID.randomUUID());
    OutboxDatabase.append(
        pool, OutboxDatabase.message("D-NEXT", "declaration.submitted", "0101234567"));
    for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
      assertThat(rowsDroppedByClaim(mode)).as(mode).isLessThan(10);
    }
  }

  @Test
  @DisplayName(
      "a write under another worker's lease, or once the message is sent, changes nothing; under its"
          + " own, the message")
  void onlyUnderTheLease() {
    UUID lease = UUID.randomUUID();
    UUID id = claimOne(lease);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    assertThat(
            await(
                    pool.preparedQuery(OutboxSql.MARK_SENT)
                        .execute(Tuple.of(id, now, UUID.randomUUID(), 1)))
                .rowCount())
        .isZero();
    assertThat(OutboxDatabase.row(id).status()).isEqualTo("PENDING");
    assertThat(
            await(pool.preparedQuery(OutboxSql.MARK_SENT).execute(Tuple.of(id, now, lease, 1)))
                .rowCount())
        .isOne();
    assertThat(OutboxDatabase.row(id).status()).isEqualTo("SENT");
    assertThat(OutboxDatabase.row(id).pushedDevices()).isOne();
    // the lease ended with the status: a late failure of the same worker cannot undo the send
    assertThat(
            await(
                    pool.preparedQuery(OutboxSql.MARK_FAILED)
                        .execute(Tuple.of(id, now, lease, "late")))
                .rowCount())
        .isZero();
    assertThat(OutboxDatabase.row(id).status()).isEqualTo("SENT");
  }
}
