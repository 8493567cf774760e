package vn.customs.digital.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.notifications.OutboxDatabase.await;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Appending to the outbox")
class OutboxTest {

  private Pool pool;

  @BeforeEach
  void setUp(Vertx vertx) {
    OutboxDatabase.reset();
    pool = OutboxDatabase.pool(vertx);
  }

  @Test
  @DisplayName(
      "messages SQL appends (outbox_append_live) in a transaction given the current trace carry its"
          + " traceparent; in a transaction without one, on the same connection after, none")
  void liveMessagesCarryTheTransactionsTrace(Vertx vertx) {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    SpanContext context =
        SpanContext.create(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    String live =
        "select outbox_append_live(jsonb_build_array(jsonb_build_object('declarationId', $1::text,"
            + " 'eventType', 'queue.entered', 'audience', jsonb_build_array('office:03CC'))))";
    Pool single = OutboxDatabase.pool(vertx, 1);
    try {
      await(
          single.withTransaction(
              conn -> {
                try (Scope scope = Span.wrap(context).makeCurrent()) {
                  return Outbox.traced(
                      conn, c -> c.preparedQuery(live).execute(Tuple.of("D-traced")));
                }
              }));
      await(
          single.withTransaction(
              conn ->
                  Outbox.traced(conn, c -> c.preparedQuery(live).execute(Tuple.of("D-untraced")))));
    } finally {
      await(single.close());
    }

    Row traced = one("select traceparent, status from outbox where declaration_id = 'D-traced'");
    assertThat(traced.getString("traceparent")).isEqualTo(traceparent);
    assertThat(traced.getString("status")).isEqualTo("SENT");
    assertThat(
            one("select traceparent from outbox where declaration_id = 'D-untraced'").getString(0))
        .isNull();
  }

  private Row one(String sql) {
    return await(pool.query(sql).execute()).iterator().next();
  }

  @Test
  @DisplayName(
      "messages appended together are stored whole, in the list's order, as if appended one by one")
  void severalInOneStatement(Vertx vertx) {
    List<OutboxMessage> messages = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      messages.add(
          new OutboxMessage(
              UUID.randomUUID(),
              "D-" + (i % 3),
              "10500000000" + (i % 10),
              "declaration.step-" + i,
              "STATUS_" + i,
              i % 2 == 0 ? "green" : null,
              List.of("0101234567", "0109876543"),
              i % 4 == 0 ? List.of("officer") : List.of(),
              i % 5 == 0,
              new JsonObject().put("i", i)));
    }
    await(
        pool.withTransaction(
            conn ->
                Outbox.append(conn, messages.subList(0, 2))
                    .compose(v -> Outbox.append(conn, messages.get(2)))
                    .compose(v -> Outbox.append(conn, messages.subList(3, 11)))));

    var rows =
        await(
            pool.query(
                    "select id, declaration_id, event_type, payload, recipients, audience, priority, status"
                        + " from outbox order by seq")
                .execute());
    List<Row> stored = new ArrayList<>();
    rows.forEach(stored::add);
    assertThat(stored).hasSize(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      OutboxMessage m = messages.get(i);
      Row r = stored.get(i);
      assertThat(r.getUUID("id")).as("row %d in seq order", i).isEqualTo(m.id());
      assertThat(r.getString("declaration_id")).isEqualTo(m.declarationId());
      assertThat(r.getString("event_type")).isEqualTo(m.eventType());
      assertThat(r.getJsonObject("payload"))
          .isEqualTo(
              new JsonObject()
                  .put("declarationNumber", m.declarationNumber())
                  .put("status", m.status())
                  .put("channel", m.channel())
                  .put("data", m.data()));
      assertThat(r.getArrayOfStrings("recipients")).containsExactlyElementsOf(m.recipients());
      assertThat(r.getArrayOfStrings("audience")).containsExactlyElementsOf(m.audience());
      assertThat(r.getString("priority")).isEqualTo(m.pushedWithHighPriority() ? "high" : "normal");
      assertThat(r.getString("status")).isEqualTo("PENDING");
    }
    assertThat(await(Outbox.append(pool, List.of()))).isNull();
    assertThat(OutboxDatabase.count("true")).isEqualTo(messages.size());
  }

  @Test
  @DisplayName(
      "committed messages are numbered for the live stream once each, in seq order, and a purge takes their"
          + " numbers with them")
  void streamNumbers() {
    for (int i = 0; i < 3; i++) {
      OutboxDatabase.append(
          pool, OutboxDatabase.message("D-" + i, "declaration.submitted", "0101234567"));
    }
    long head = OutboxDatabase.scalar("SELECT stream_seq FROM outbox_stream_head");

    assertThat(sequence(2)).containsExactly(2L, head + 2);
    assertThat(sequence(2)).containsExactly(1L, head + 3);
    assertThat(sequence(2)).containsExactly(0L, head + 3);
    var numbered = await(pool.query("SELECT stream_seq FROM outbox_stream ORDER BY seq").execute());
    List<Long> numbers = new ArrayList<>();
    numbered.forEach(r -> numbers.add(r.getLong("stream_seq")));
    assertThat(numbers).containsExactly(head + 1, head + 2, head + 3);

    OutboxDatabase.execute(
        "UPDATE outbox SET status = 'SENT', sent_at = now() - interval '40 days'");
    assertThat(await(Outbox.purgeSent(pool, Instant.now().minus(Duration.ofDays(30)), 10)))
        .isEqualTo(3);
    assertThat(OutboxDatabase.scalar("SELECT count(*) FROM outbox_stream")).isZero();
  }

  /** One pass of the stream's sequencer: how many it numbered and the last number. */
  private List<Long> sequence(int batch) {
    Row row =
        await(pool.preparedQuery(OutboxSql.STREAM_SEQUENCE).execute(Tuple.of(batch)))
            .iterator()
            .next();
    return List.of(row.getInteger("sequenced").longValue(), row.getLong("head"));
  }
}
