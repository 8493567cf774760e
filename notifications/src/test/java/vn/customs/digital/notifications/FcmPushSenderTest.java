package vn.customs.digital.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class FcmPushSenderTest {

  private final FakeFcm fcm = new FakeFcm();
  private FcmPushSender sender;

  @BeforeEach
  void setUp(Vertx vertx) {
    sender = new FcmPushSender(vertx, fcm.app(), Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    OutboxDatabase.await(sender.close());
  }

  @Test
  @DisplayName(
      "An Android push in Vietnamese is the exact FCM v1 request: data, localised text, collapse key and notification tag, normal priority")
  void androidRequestJson() {
    UUID id = UUID.fromString("6f1c1a52-4d0e-4b8a-9d55-2f7e0b8f3a11");
    OutboxMessage message =
        new OutboxMessage(
            id,
            "D-1",
            "105012345678",
            "declaration.channel-assigned",
            "ACCEPTED",
            "yellow",
            List.of("0312345678"),
            List.of(),
            false,
            new JsonObject().put("office", "02CI"));

    List<PushOutcome> outcomes =
        OutboxDatabase.await(
            sender.send(List.of(new Push(message, "android-token-1", "android", "vi", null))));

    assertThat(outcomes).containsExactly(PushOutcome.delivered());
    FakeFcm.Request request = fcm.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.url()).isEqualTo(FakeFcm.SEND_URL);
    assertThat(request.authorization()).isEqualTo("Bearer test-access-token");
    assertThat(request.body())
        .isEqualTo(
            new JsonObject(
                """
        {"message": {
          "token": "android-token-1",
          "notification": {
            "title": "Tờ khai 105012345678: luồng vàng",
            "body": "Công chức hải quan sẽ kiểm tra chứng từ của tờ khai."
          },
          "data": {
            "office": "02CI",
            "messageId": "6f1c1a52-4d0e-4b8a-9d55-2f7e0b8f3a11",
            "eventType": "declaration.channel-assigned",
            "declarationId": "D-1",
            "declarationNumber": "105012345678",
            "status": "ACCEPTED",
            "channel": "yellow"
          },
          "android": {"collapse_key": "D-1", "priority": "normal", "notification": {"tag": "D-1"}}
        }}"""));
  }

  @Test
  @DisplayName(
      "A traced push carries its W3C traceparent in the data; the message's own fields cannot set one")
  void traceparentInData() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    OutboxMessage message =
        new OutboxMessage(
            UUID.randomUUID(),
            "D-3",
            "105012345679",
            "declaration.submitted",
            "SUBMITTED",
            null,
            List.of("0312345678"),
            List.of(),
            false,
            new JsonObject().put("traceparent", "00-forged"));

    OutboxDatabase.await(
        sender.send(
            List.of(
                new Push(message, "traced-token", "android", "vi", traceparent),
                new Push(message, "untraced-token", "android", "vi", null))));

    JsonObject traced = data("traced-token");
    JsonObject untraced = data("untraced-token");
    assertThat(traced.getString("traceparent")).isEqualTo(traceparent);
    assertThat(untraced.containsKey("traceparent")).isFalse();
    assertThat(untraced.getString("messageId")).isEqualTo(message.id().toString());
  }

  private JsonObject data(String token) {
    return fcm.requests().stream()
        .filter(r -> r.token().equals(token))
        .findFirst()
        .orElseThrow()
        .message()
        .getJsonObject("data");
  }

  @Test
  @DisplayName(
      "A release pushed to iOS and web in English is high priority, with an APNs collapse id, a web notification tag and no amounts in the text")
  void iosAndWebRequestJson() {
    UUID id = UUID.fromString("0b7d3c1e-8a9f-4c21-b5f0-7e6d2a1c9b33");
    OutboxMessage message =
        new OutboxMessage(
            id,
            "D-2",
            "105099999999",
            "declaration.released",
            "RELEASED",
            null,
            List.of("0312345678"),
            List.of(),
            false,
            new JsonObject().put("dutyAmount", "1500000"));

    List<PushOutcome> outcomes =
        OutboxDatabase.await(
            sender.send(
                List.of(
                    new Push(message, "ios-token-1", "ios", "en", null),
                    new Push(message, "web-token-1", "web", "en", null))));

    assertThat(outcomes).containsExactly(PushOutcome.delivered(), PushOutcome.delivered());
    JsonObject notification =
        new JsonObject()
            .put("title", "Declaration 105099999999: goods released")
            .put("body", "The goods are cleared and may leave the customs-controlled area.");
    JsonObject data =
        new JsonObject()
            .put("dutyAmount", "1500000")
            .put("messageId", id.toString())
            .put("eventType", "declaration.released")
            .put("declarationId", "D-2")
            .put("declarationNumber", "105099999999")
            .put("status", "RELEASED");
    JsonObject ios =
        fcm.requests().stream()
            .filter(r -> r.token().equals("ios-token-1"))
            .findFirst()
            .orElseThrow()
            .body();
    JsonObject web =
        fcm.requests().stream()
            .filter(r -> r.token().equals("web-token-1"))
            .findFirst()
            .orElseThrow()
            .body();
    assertThat(ios)
        .isEqualTo(
            new JsonObject()
                .put(
                    "message",
                    new JsonObject()
                        .put("token", "ios-token-1")
                        .put("notification", notification)
                        .put("data", data)
                        .put(
                            "apns",
                            new JsonObject()
                                .put(
                                    "headers",
                                    new JsonObject()
                                        .put("apns-collapse-id", "D-2")
                                        .put("apns-priority", "10"))
                                .put(
                                    "payload",
                                    new JsonObject()
                                        .put("aps", new JsonObject().put("thread-id", "D-2"))))));
    assertThat(web)
        .isEqualTo(
            new JsonObject()
                .put(
                    "message",
                    new JsonObject()
                        .put("token", "web-token-1")
                        .put("notification", notification)
                        .put("data", data)
                        .put(
                            "webpush",
                            new JsonObject()
                                .put("headers", new JsonObject().put("Urgency", "high"))
                                .put(
                                    "notification",
                                    new JsonObject().put("tag", "D-2").put("renotify", false)))));
    assertThat(notification.encode()).doesNotContain("1500000");
  }

  @Test
  @DisplayName(
      "A push and its repeat (the same outbox message sent again, as after a dead node's lease) carry on the"
          + " wire the same collapse identity on every platform - android.notification.tag and collapse_key,"
          + " webpush.notification.tag, apns-collapse-id and thread-id, the declaration's id - and the same"
          + " text and data but for their traceparent; a newer message of the declaration the same identity")
  void repeatsCollapseOnTheDevice() {
    OutboxMessage message =
        OutboxDatabase.message("D-" + UUID.randomUUID(), "declaration.released", "0312345678");
    OutboxMessage newer =
        OutboxDatabase.message(message.declarationId(), "declaration.exited", "0312345678");
    OutboxMessage aboutNoDeclaration =
        new OutboxMessage(
            UUID.randomUUID(),
            null,
            null,
            "gate.unreleased-passage",
            null,
            null,
            List.of("0312345678"),
            List.of(),
            true,
            new JsonObject());
    List<String> platforms = List.of("android", "web", "ios");
    for (int round = 0; round < 2; round++) {
      String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b" + round + "-01";
      for (String platform : platforms) {
        OutboxDatabase.await(
            sender.send(
                List.of(
                    new Push(message, platform + "-token", platform, "vi", traceparent),
                    new Push(newer, platform + "-newer", platform, "vi", traceparent),
                    new Push(aboutNoDeclaration, platform + "-none", platform, "vi", null))));
      }
    }

    for (String platform : platforms) {
      List<JsonObject> sent = sent(platform + "-token");
      assertThat(sent).hasSize(2);
      assertThat(collapseIdentity(sent.get(0)))
          .containsOnly(message.declarationId())
          .hasSize(platform.equals("web") ? 1 : 2);
      assertThat(sent.get(0).getJsonObject("data").getString("messageId"))
          .isEqualTo(message.id().toString());
      // the repeat: the same message but for the trace of its own send
      assertThat(withoutTraceparent(sent.get(1))).isEqualTo(withoutTraceparent(sent.get(0)));
      assertThat(sent.get(1).getJsonObject("data").getString("traceparent"))
          .isNotEqualTo(sent.get(0).getJsonObject("data").getString("traceparent"));
      // a newer status replaces the older on the screen
      assertThat(collapseIdentity(sent(platform + "-newer").get(0)))
          .isEqualTo(collapseIdentity(sent.get(0)));
      // a message about no declaration collapses with its own repeat only
      assertThat(collapseIdentity(sent(platform + "-none").get(0)))
          .containsOnly(aboutNoDeclaration.id().toString());
    }
    JsonObject web =
        sent("web-token").get(0).getJsonObject("webpush").getJsonObject("notification");
    assertThat(web.getBoolean("renotify")).isFalse();
  }

  /** The messages sent to a device token, in order. */
  private List<JsonObject> sent(String token) {
    return fcm.requests().stream()
        .filter(r -> r.token().equals(token))
        .map(FakeFcm.Request::message)
        .toList();
  }

  /** What a device collapses a message by, on the message's platform, as FCM reads it. */
  private static List<String> collapseIdentity(JsonObject message) {
    List<String> identity = new java.util.ArrayList<>();
    JsonObject android = message.getJsonObject("android");
    if (android != null) {
      identity.add(android.getJsonObject("notification").getString("tag"));
      identity.add(android.getString("collapse_key"));
    }
    JsonObject webpush = message.getJsonObject("webpush");
    if (webpush != null) {
      identity.add(webpush.getJsonObject("notification").getString("tag"));
    }
    JsonObject apns = message.getJsonObject("apns");
    if (apns != null) {
      identity.add(apns.getJsonObject("headers").getString("apns-collapse-id"));
      identity.add(apns.getJsonObject("payload").getJsonObject("aps").getString("thread-id"));
    }
    return identity;
  }

  private static JsonObject withoutTraceparent(JsonObject message) {
    JsonObject copy = message.copy();
    copy.getJsonObject("data").remove("traceparent");
    return copy;
  }

  @Test
  @DisplayName(
      "FCM errors map as documented: bad tokens are dropped, quota and outages are retried after Retry-After")
  void errorMapping() {
    fcm.answer(
        r ->
            switch (r.token()) {
              case "unregistered" -> FakeFcm.Reply.error(404, "NOT_FOUND", "UNREGISTERED", null);
              case "malformed" ->
                  FakeFcm.Reply.error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", null);
              case "unavailable" -> FakeFcm.Reply.error(503, "UNAVAILABLE", "UNAVAILABLE", "120");
              case "quota" ->
                  FakeFcm.Reply.error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "30");
              case "internal" -> FakeFcm.Reply.error(500, "INTERNAL", "INTERNAL", null);
              default -> FakeFcm.Reply.ok();
            });
    OutboxMessage message = OutboxDatabase.message("D-3", "declaration.submitted", "0312345678");
    List<String> tokens =
        List.of("fine", "unregistered", "malformed", "unavailable", "quota", "internal");

    List<PushOutcome> outcomes =
        OutboxDatabase.await(
            sender.send(
                tokens.stream().map(t -> new Push(message, t, "android", "vi", null)).toList()));

    assertThat(outcomes)
        .extracting(PushOutcome::kind)
        .containsExactly(
            PushOutcome.Kind.DELIVERED,
            PushOutcome.Kind.TOKEN_INVALID,
            PushOutcome.Kind.TOKEN_INVALID,
            PushOutcome.Kind.RETRY,
            PushOutcome.Kind.RETRY,
            PushOutcome.Kind.RETRY);
    assertThat(outcomes)
        .extracting(PushOutcome::retryAfter)
        .containsExactly(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Duration.ofSeconds(120)),
            Optional.of(Duration.ofSeconds(30)),
            Optional.empty());
    assertThat(outcomes.get(1).error()).startsWith("UNREGISTERED");
    assertThat(outcomes.get(4).error()).startsWith("QUOTA_EXCEEDED");
    assertThat(outcomes.get(5).error()).startsWith("INTERNAL");
    // A Retry-After beyond the SDK's own retry window: it hands the retry to us, one request each.
    assertThat(fcm.requests()).hasSize(tokens.size());
  }
}
