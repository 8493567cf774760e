package vn.customs.digital.api.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.notifications.Outbox;
import vn.customs.digital.notifications.OutboxMessage;
import vn.customs.digital.testing.Await;

@DisplayName("Retention of what is kept only for a while")
class RetentionTest {
  private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
  private static Pool pool;

  @BeforeAll
  static void api() {
    pool = TestApi.shared().pool();
  }

  /** An outbox message in the given state, sent (or failed) that many days before NOW. */
  private static UUID message(String status, int daysAgo) {
    UUID id = UUID.randomUUID();
    Await.result(
        Outbox.append(
            pool,
            new OutboxMessage(
                id,
                UUID.randomUUID().toString(),
                null,
                "declaration.released",
                "RELEASED",
                "green",
                List.of(),
                List.of(),
                false,
                new JsonObject())));
    Instant at = NOW.minus(Duration.ofDays(daysAgo));
    Await.result(
        pool.preparedQuery(
                "update outbox set status = $2, created_at = $3, sent_at = case when $2 = 'SENT' then $3 end,"
                    + " failed_at = case when $2 = 'FAILED' then $3 end where id = $1")
            .execute(Tuple.of(id, status, at.atOffset(ZoneOffset.UTC))));
    return id;
  }

  private static String key(int daysAgo) {
    String key = "retention-" + UUID.randomUUID();
    Await.result(
        pool.preparedQuery(
                "insert into idempotency_keys (caller, key, request_hash, status, content_type, body, created_at)"
                    + " values ('trader-retention', $1, repeat('0', 64), 201, 'application/json', $2, $3)")
            .execute(
                Tuple.of(
                    key,
                    Buffer.buffer("{}"),
                    NOW.minus(Duration.ofDays(daysAgo)).atOffset(ZoneOffset.UTC))));
    return key;
  }

  private static boolean exists(String sql, Object id) {
    return Await.result(pool.preparedQuery(sql).execute(Tuple.of(id))).size() == 1;
  }

  @Test
  @DisplayName(
      "sent notifications and idempotency keys past their retention are deleted, in batches; the rest stays")
  void purges() {
    List<UUID> oldSent = List.of(message("SENT", 31), message("SENT", 40), message("SENT", 400));
    UUID recentSent = message("SENT", 29);
    UUID oldPending = message("PENDING", 90);
    UUID oldFailed = message("FAILED", 90);
    List<String> oldKeys = List.of(key(8), key(30), key(9));
    String recentKey = key(6);

    Retention retention =
        new Retention(
            pool,
            Clock.fixed(NOW, ZoneOffset.UTC),
            new RetentionConfig(Duration.ofDays(30), Duration.ofDays(7)),
            2);
    Retention.Purged purged = Await.result(retention.purge());

    String outbox = "select 1 from outbox where id = $1";
    String keys = "select 1 from idempotency_keys where key = $1";
    oldSent.forEach(id -> assertThat(exists(outbox, id)).as("sent 31+ days ago").isFalse());
    assertThat(exists(outbox, recentSent)).as("sent 29 days ago").isTrue();
    assertThat(exists(outbox, oldPending)).as("pending, never sent").isTrue();
    assertThat(exists(outbox, oldFailed)).as("a dead letter").isTrue();
    oldKeys.forEach(k -> assertThat(exists(keys, k)).as("key of 8+ days").isFalse());
    assertThat(exists(keys, recentKey)).as("key of 6 days").isTrue();
    // Three of each at two a batch: the second batch was short, so that was all.
    assertThat(purged.sentNotifications()).isGreaterThanOrEqualTo(3);
    assertThat(purged.idempotencyKeys()).isGreaterThanOrEqualTo(3);
    assertThat(Await.result(retention.purge())).isEqualTo(new Retention.Purged(0, 0));
  }

  @Test
  @DisplayName(
      "retention is 30 days for sent notifications and 7 for idempotency keys unless configured; bad values are named")
  void config() {
    assertThat(RetentionConfig.fromEnv(Map.of()))
        .isEqualTo(new RetentionConfig(Duration.ofDays(30), Duration.ofDays(7)));
    assertThat(
            RetentionConfig.fromEnv(
                Map.of("NOTIFY_RETENTION_DAYS", "90", "IDEMPOTENCY_RETENTION_DAYS", "2")))
        .isEqualTo(new RetentionConfig(Duration.ofDays(90), Duration.ofDays(2)));
    assertThatThrownBy(
            () ->
                RetentionConfig.fromEnv(
                    Map.of("NOTIFY_RETENTION_DAYS", "0", "IDEMPOTENCY_RETENTION_DAYS", "1w")))
        .hasMessageContaining("NOTIFY_RETENTION_DAYS=0 must be a whole number of days, 1 to 3650")
        .hasMessageContaining(
            "IDEMPOTENCY_RETENTION_DAYS=1w must be a whole number of days, 1 to 365");
  }
}
