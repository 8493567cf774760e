package vn.customs.digital.api.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.risk.Desk.get;
import static vn.customs.digital.api.risk.Desk.post;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.platform.Contract;
import vn.customs.digital.testing.Await;

/**
 * The officers' queue, live (V21, issue 17): the queue events on the live stream of the officers of
 * the office concerned (and nobody else's), through the outbox, resumable with Last-Event-ID; and
 * the queue read's ETag. Real api, real PostgreSQL, real signed tokens. Each test works at offices
 * of its own.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The officers' queue, live")
class QueueLiveTest {
  private static final String YELLOW = "/api/v1/officer/queue?channel=yellow";

  private final List<HttpClient> clients = new ArrayList<>();

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  @AfterEach
  void closeStreams() {
    clients.forEach(HttpClient::close);
  }

  /** An open live stream: the events it received so far (id and JSON). */
  private Stream open(Vertx vertx, String token, String lastEventId) {
    HttpClient client = vertx.createHttpClient();
    clients.add(client);
    return new Stream(TestApi.liveStream(client, token, lastEventId));
  }

  static final class Stream {
    final StringBuffer text;

    Stream(StringBuffer text) {
      this.text = text;
    }

    record Event(String id, JsonObject body) {}

    List<Event> events() {
      List<Event> events = new ArrayList<>();
      for (String block : text.toString().split("\n\n")) {
        String id = null;
        String data = null;
        for (String line : block.split("\n")) {
          if (line.startsWith("id: ")) {
            id = line.substring(4);
          } else if (line.startsWith("data: ")) {
            data = line.substring(6);
          }
        }
        if (data != null) {
          events.add(new Event(id, new JsonObject(data)));
        }
      }
      return events;
    }

    /** The queue events about one declaration, in stream order. */
    List<JsonObject> queueEvents(String declarationId) {
      return events().stream()
          .map(Event::body)
          .filter(e -> e.getString("eventType").startsWith("queue."))
          .filter(e -> declarationId.equals(e.getString("declarationId")))
          .toList();
    }

    JsonObject await(String declarationId, String eventType) {
      return await(declarationId, eventType, e -> true);
    }

    /** The first such event that also matches {@code which}. */
    JsonObject await(
        String declarationId, String eventType, java.util.function.Predicate<JsonObject> which) {
      return Await.until(
              "a " + eventType + " of " + declarationId,
              Await.DEFAULT_TIMEOUT,
              () ->
                  queueEvents(declarationId).stream()
                      .filter(e -> eventType.equals(e.getString("eventType")))
                      .filter(which)
                      .findFirst(),
              java.util.Optional::isPresent)
          .orElseThrow();
    }
  }

  /** Each event is a LiveEvent of the served contract (a client generated from it reads it). */
  private static void matchTheContract(Vertx vertx, List<Stream.Event> events) {
    Validator live = Await.result(Contract.load(vertx, "openapi.yaml")).validator(LIVE_EVENT);
    assertThat(events).isNotEmpty();
    for (Stream.Event e : events) {
      OutputUnit result = live.validate(e.body());
      assertThat(result.getValid()).as(e.body() + ": " + result.getErrors()).isTrue();
    }
  }

  private static final String LIVE_EVENT = "#/components/schemas/LiveEvent";

  private static String officer(String name, String office) {
    return TestTokens.officer(name + "-" + UUID.randomUUID(), office);
  }

  @Test
  @DisplayName(
      "a declaration that enters an office's queue, is handed out and is decided is three events on the"
          + " streams of that office's officers, none on another office's officer's or the trader's")
  void enterAssignLeave(Vertx vertx) {
    String alice = officer("officer-81a", "81LV");
    String bob = officer("officer-81b", "81LV");
    String elsewhere = officer("officer-82", "82LV");
    Stream aliceStream = open(vertx, alice, null);
    Stream bobStream = open(vertx, bob, null);
    Stream otherStream = open(vertx, elsewhere, null);
    Stream traderStream = open(vertx, TestTokens.trader(Desk.HANOI), null);

    JsonObject d = Desk.submitIn(vertx, "YELLOW", "81LV");
    String id = d.getString("id");
    // (a submission the risk core sent red is rerouted to yellow by Desk.submitIn: its yellow
    // entry)
    JsonObject entered =
        aliceStream.await(
            id, "queue.entered", e -> "yellow".equals(e.getJsonObject("data").getString("queue")));
    assertThat(entered.getString("declarationNumber")).isEqualTo(d.getString("number"));
    assertThat(entered.getString("status")).isEqualTo("DOCUMENT_CHECK");
    assertThat(entered.getString("priority")).isEqualTo("normal");
    assertThat(entered.getJsonObject("data").getString("office")).isEqualTo("81LV");
    assertThat(entered.getJsonObject("data").getString("queue")).isEqualTo("yellow");
    assertThat(entered.getJsonObject("data").containsKey("assignedTo")).isFalse();
    bobStream.await(id, "queue.entered");

    // Alice reads the queue: the declaration is handed out to her, and her colleague hears of it.
    assertThat(get(vertx, alice, YELLOW).statusCode()).isEqualTo(200);
    JsonObject assigned = bobStream.await(id, "queue.assigned");
    assertThat(assigned.getJsonObject("data").getString("assignedTo"))
        .isEqualTo(Desk.subject(alice));

    // Bob decides it: it leaves the queue, the reason being what it became.
    HttpResponse<Buffer> r =
        post(
            vertx,
            bob,
            "/api/v1/declarations/" + id + "/inspection",
            new JsonObject().put("result", "COMPLIANT"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    String decided = r.bodyAsJsonObject().getString("status");
    JsonObject left = aliceStream.await(id, "queue.left");
    assertThat(left.getString("status")).isEqualTo(decided);
    assertThat(left.getJsonObject("data").getString("reason")).isEqualTo(decided);
    assertThat(left.getJsonObject("data").getString("assignedTo")).isEqualTo(Desk.subject(alice));
    assertThat(aliceStream.queueEvents(id))
        .extracting(e -> e.getString("eventType"))
        .containsSubsequence("queue.entered", "queue.assigned", "queue.left");

    // The trader heard of its declaration (its own events), the other office's officer of nothing.
    Await.until(
        "the trader's events of its declaration",
        Await.DEFAULT_TIMEOUT,
        traderStream::events,
        events -> events.stream().anyMatch(e -> id.equals(e.body().getString("declarationId"))));
    assertThat(traderStream.queueEvents(id)).isEmpty();
    assertThat(otherStream.queueEvents(id)).isEmpty();
    // Every event as the contract describes it (LiveEvent): the trader's and the officers'.
    matchTheContract(vertx, traderStream.events());
    matchTheContract(vertx, aliceStream.events());
    // Not a message for phones: written sent, never claimed by a push worker.
    assertThat(
            Desk.count(
                "select count(*) from outbox where declaration_id = $1 and event_type like 'queue.%'"
                    + " and (status <> 'SENT' or attempts <> 0 or recipients <> '{}')",
                id))
        .isZero();
  }

  @Test
  @DisplayName(
      "a declaration rerouted to another office leaves one office's queue and enters the other's, each"
          + " told to its own officers; a stream resumed with Last-Event-ID gets the events it missed")
  void rerouteAndResume(Vertx vertx) {
    String here = officer("officer-83", "83LV");
    String there = officer("officer-84", "84LV");
    Stream hereStream = open(vertx, here, null);
    JsonObject d = Desk.submitIn(vertx, "YELLOW", "83LV");
    String id = d.getString("id");
    JsonObject entered = hereStream.await(id, "queue.entered");
    String lastId =
        hereStream.events().stream()
            .filter(e -> e.body().getString("messageId").equals(entered.getString("messageId")))
            .findFirst()
            .orElseThrow()
            .id();
    // The stream drops; meanwhile the office of the declaration is changed in the database (an
    // amendment moving it to another office, as the trigger sees it).
    clients.remove(clients.size() - 1).close();
    Stream thereStream = open(vertx, there, null);
    Desk.sql(
        "update declarations set customs_office_code = '84LV' where id = $1", UUID.fromString(id));

    JsonObject moved = thereStream.await(id, "queue.entered");
    assertThat(moved.getJsonObject("data").getString("office")).isEqualTo("84LV");
    Stream resumed = open(vertx, here, lastId);
    JsonObject left = resumed.await(id, "queue.left");
    assertThat(left.getJsonObject("data").getString("reason")).isEqualTo("REROUTED");
    assertThat(left.getJsonObject("data").getString("office")).isEqualTo("83LV");
    // resumed after the entry: not sent again, and the other office's entry never
    assertThat(resumed.queueEvents(id))
        .extracting(e -> e.getString("eventType"))
        .doesNotContain("queue.entered");
    assertThat(thereStream.queueEvents(id))
        .extracting(e -> e.getString("eventType"))
        .containsExactly("queue.entered");
  }

  @Test
  @DisplayName(
      "the queue answers with an ETag and 304 to If-None-Match while what it lists is unchanged; an"
          + " arrival, a hand-out or an amended listed field changes it")
  void etag(Vertx vertx) {
    String alice = officer("officer-85a", "85LV");
    String bob = officer("officer-85b", "85LV");
    HttpResponse<Buffer> first = get(vertx, alice, YELLOW);
    assertThat(first.statusCode()).isEqualTo(200);
    String tag = first.getHeader("ETag");
    assertThat(tag).matches("\"[0-9a-f]{32}\"");
    assertThat(conditional(vertx, alice, tag).statusCode()).isEqualTo(304);
    assertThat(conditional(vertx, alice, tag).getHeader("ETag")).isEqualTo(tag);
    // The answer names the officer: another officer's copy is not this one.
    assertThat(conditional(vertx, bob, tag).statusCode()).isEqualTo(200);

    // Another office's arrival leaves this queue as it was.
    Desk.submitIn(vertx, "YELLOW", "86LV");
    assertThat(conditional(vertx, alice, tag).statusCode()).isEqualTo(304);

    // An arrival here: handed out by this very read, and listed.
    JsonObject d = Desk.submitIn(vertx, "YELLOW", "85LV");
    HttpResponse<Buffer> changed = conditional(vertx, alice, tag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.bodyAsJsonObject().getJsonArray("items").encode())
        .contains(d.getString("id"));
    String after = changed.getHeader("ETag");
    assertThat(after).isNotEqualTo(tag);
    assertThat(conditional(vertx, alice, after).statusCode()).isEqualTo(304);
    // The ETag of a full answer is the one a revalidation computes.
    assertThat(get(vertx, alice, YELLOW).getHeader("ETag")).isEqualTo(after);

    // A listed field of the declaration changes (its exit gate): a new ETag.
    Desk.sql(
        "update declarations set border_gate_code = 'VNDAD' where id = $1",
        UUID.fromString(d.getString("id")));
    HttpResponse<Buffer> gate = conditional(vertx, alice, after);
    assertThat(gate.statusCode()).isEqualTo(200);
    assertThat(gate.bodyAsString()).contains("VNDAD");

    // Bob comes on duty: nothing is handed out to him (all is held), so Alice's copy stays.
    String current = gate.getHeader("ETag");
    assertThat(get(vertx, bob, YELLOW).statusCode()).isEqualTo(200);
    assertThat(conditional(vertx, alice, current).statusCode()).isEqualTo(304);
  }

  @Test
  @DisplayName(
      "a queue event carries the trace of the officer's request that moved the queue (its traceparent,"
          + " set for the transaction's triggers), a change made outside any request's trace none")
  void traced(Vertx vertx) {
    String alice = officer("officer-87", "87TR");
    JsonObject d = Desk.submitIn(vertx, "YELLOW", "87TR");
    UUID id = UUID.fromString(d.getString("id"));

    // Alice's read hands the declaration out to her: queue.assigned, in her request's trace
    String read = traceId();
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .get(YELLOW)
                .bearerTokenAuthentication(alice)
                .putHeader("traceparent", "00-" + read + "-00f067aa0ba902b7-01")
                .send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(inTrace(id, read)).containsOnlyKeys("queue.assigned");
    assertThat(inTrace(id, read).get("queue.assigned")).matches("00-" + read + "-[0-9a-f]{16}-01");

    // her reroute to red: it leaves the yellow queue and enters the red one, with the same
    // traceparent as the message the request itself wrote (Outbox.append)
    String reroute = traceId();
    HttpResponse<Buffer> rerouted =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations/" + id + "/reroute")
                .bearerTokenAuthentication(alice)
                .putHeader("traceparent", "00-" + reroute + "-00f067aa0ba902b7-01")
                .sendJsonObject(
                    new JsonObject().put("channel", "RED").put("reason", "x-ray anomaly")));
    assertThat(rerouted.statusCode()).as(rerouted.bodyAsString()).isEqualTo(200);
    Map<String, String> rerouteMessages = inTrace(id, reroute);
    assertThat(rerouteMessages).containsKeys("queue.left", "queue.entered").hasSizeGreaterThan(2);
    assertThat(Set.copyOf(rerouteMessages.values())).hasSize(1);

    // a change in the database outside any request: its event has no trace, and no earlier
    // transaction's setting leaks into it
    Desk.sql("update declarations set border_gate_code = 'VNDAD' where id = $1", id);
    List<String> updated = traceparents(id, "queue.updated");
    assertThat(updated).isNotEmpty();
    assertThat(updated.get(updated.size() - 1)).isNull();
  }

  private static String traceId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /** The traceparents of a declaration's outbox messages of one event type, oldest first. */
  private static List<String> traceparents(UUID declarationId, String eventType) {
    List<String> traceparents = new ArrayList<>();
    Await.result(
            TestApi.shared()
                .pool()
                .preparedQuery(
                    "select traceparent from outbox where declaration_id = $1 and event_type = $2"
                        + " order by seq")
                .execute(io.vertx.sqlclient.Tuple.of(declarationId.toString(), eventType)))
        .forEach(row -> traceparents.add(row.getString(0)));
    return traceparents;
  }

  /** A declaration's outbox messages in one trace: traceparent by event type. */
  private static Map<String, String> inTrace(UUID declarationId, String traceId) {
    Map<String, String> messages = new HashMap<>();
    Await.result(
            TestApi.shared()
                .pool()
                .preparedQuery(
                    "select event_type, traceparent from outbox where declaration_id = $1"
                        + " and traceparent like $2")
                .execute(
                    io.vertx.sqlclient.Tuple.of(declarationId.toString(), "00-" + traceId + "-%")))
        .forEach(row -> messages.put(row.getString(0), row.getString(1)));
    return messages;
  }

  private static HttpResponse<Buffer> conditional(Vertx vertx, String token, String etag) {
    return Await.result(
        TestApi.client(vertx)
            .get(YELLOW)
            .bearerTokenAuthentication(token)
            .putHeader("If-None-Match", etag)
            .send());
  }
}
