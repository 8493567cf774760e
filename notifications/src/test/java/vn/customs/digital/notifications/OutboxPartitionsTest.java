package vn.customs.digital.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.customs.digital.notifications.OutboxDatabase.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The outbox partitioned by month of its UUIDv7 id (V7). */
@ExtendWith(VertxExtension.class)
@DisplayName("The outbox in monthly partitions")
class OutboxPartitionsTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    OutboxDatabase.reset();
    pool = OutboxDatabase.pool(vertx);
    OutboxDatabase.execute("select month_partition_create('outbox', '2001-03-01')");
  }

  /** A UUIDv7 of the given time (RFC 9562), as the api's TimeOrderedIds makes them. */
  private static UUID v7(Instant at) {
    long high = (at.toEpochMilli() & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | RANDOM.nextInt(0x1000);
    long low = RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }

  private String partitionOf(UUID id) {
    return await(
            pool.preparedQuery("select tableoid::regclass::text from outbox where id = $1")
                .execute(Tuple.of(id)))
        .iterator()
        .next()
        .getString(0);
  }

  private List<UUID> claim() {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<UUID> ids = new ArrayList<>();
    for (Row r :
        await(
            pool.preparedQuery(OutboxSql.CLAIM)
                .execute(Tuple.of(now, now.plusMinutes(1), UUID.randomUUID(), 10)))) {
      ids.add(r.getUUID("id"));
    }
    return ids;
  }

  private void sent(UUID id) {
    await(
        pool.preparedQuery(
                "update outbox set status = 'SENT', sent_at = now(), claimed_by = null,"
                    + " claimed_until = null where id = $1")
            .execute(Tuple.of(id)));
  }

  @Test
  @DisplayName(
      "one declaration's messages in three partitions are claimed one at a time in seq order, and streamed in it")
  void acrossPartitions() {
    UUID old = v7(Instant.parse("2001-03-05T10:00:00Z"));
    UUID legacy = UUID.randomUUID();
    UUID current = v7(Instant.now());
    OutboxDatabase.append(
        pool,
        message(old, "D-PART", "declaration.submitted"),
        message(legacy, "D-PART", "declaration.accepted"),
        message(current, "D-PART", "declaration.released"));
    assertThat(partitionOf(old)).isEqualTo("outbox_y2001m03");
    assertThat(partitionOf(current))
        .isEqualTo(
            "outbox"
                + Instant.now()
                    .atZone(ZoneOffset.UTC)
                    .format(java.time.format.DateTimeFormatter.ofPattern("'_y'yyyy'm'MM")));
    // (a random UUIDv4 falls in a made month's range about once in 100,000: the default otherwise)
    assertThat(partitionOf(legacy)).startsWith("outbox_");

    assertThat(claim()).containsExactly(old);
    sent(old);
    assertThat(claim()).containsExactly(legacy);
    sent(legacy);
    assertThat(claim()).containsExactly(current);

    await(pool.query("select outbox_stream_sequence(100)").execute());
    List<UUID> streamed = new ArrayList<>();
    for (Row r :
        await(
            pool.preparedQuery(OutboxSql.STREAM_AFTER).execute(Tuple.of(0L, Long.MAX_VALUE, 10)))) {
      streamed.add(r.getUUID("id"));
    }
    assertThat(streamed).containsExactly(old, legacy, current);
  }

  @Test
  @DisplayName(
      "seq stays unique without a unique constraint: given by the parent's identity only, never by a writer")
  void seqOnlyFromTheIdentity() {
    OutboxDatabase.append(
        pool, OutboxDatabase.message("D-SEQ", "declaration.submitted", "0101234567"));
    long seq = OutboxDatabase.scalar("select max(seq) from outbox");
    assertThatThrownBy(
            () ->
                OutboxDatabase.execute(
                    "insert into outbox (id, seq, event_type, payload) values (gen_random_uuid(), "
                        + seq
                        + ", 'x', '{}')"))
        .hasMessageContaining("GENERATED ALWAYS");
    assertThatThrownBy(
            () ->
                OutboxDatabase.execute(
                    "insert into outbox_y2001m03 (id, event_type, payload)"
                        + " values ('0000e6e0-0000-7000-8000-000000000000', 'x', '{}')"))
        .as("a partition has no identity of its own")
        .hasMessageContaining("seq");
    assertThat(OutboxDatabase.scalar("select count(*) - count(distinct seq) from outbox")).isZero();
  }

  @Test
  @DisplayName(
      "outbox_partitions_drop drops a month only when all its messages were sent before the cut, with their stream numbers")
  void drop() {
    UUID old = v7(Instant.parse("2001-03-05T10:00:00Z"));
    OutboxDatabase.append(pool, message(old, "D-DROP", "declaration.submitted"));
    await(pool.query("select outbox_stream_sequence(100)").execute());
    long seq = OutboxDatabase.row(old).seq();
    String cut = "'2001-05-01T00:00:00Z'";

    assertThat(OutboxDatabase.scalar("select count(*) from outbox_partitions_drop(" + cut + ")"))
        .as("still pending")
        .isZero();
    OutboxDatabase.execute(
        "update outbox set status = 'SENT', sent_at = '2001-03-06T00:00:00Z' where id = '"
            + old
            + "'");
    assertThat(
            OutboxDatabase.scalar(
                "select count(*) from outbox_partitions_drop('2001-03-20T00:00:00Z')"))
        .as("the month is not over before the cut")
        .isZero();
    assertThat(OutboxDatabase.scalar("select count(*) from outbox_partitions_drop(" + cut + ")"))
        .isEqualTo(1);
    assertThat(OutboxDatabase.scalar("select count(*) from outbox where id = '" + old + "'"))
        .isZero();
    assertThat(OutboxDatabase.scalar("select count(*) from outbox_stream where seq = " + seq))
        .isZero();
    assertThat(
            OutboxDatabase.scalar("select count(*) from pg_class where relname = 'outbox_default'"))
        .isEqualTo(1);
  }

  private static OutboxMessage message(UUID id, String declarationId, String eventType) {
    return new OutboxMessage(
        id,
        declarationId,
        "105000000001",
        eventType,
        "ACCEPTED",
        "yellow",
        List.of("0101234567"),
        List.of(),
        false,
        new JsonObject());
  }
}
