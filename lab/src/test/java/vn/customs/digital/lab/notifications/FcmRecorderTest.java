package vn.customs.digital.lab.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.notifications.FcmPushSender;
import vn.customs.digital.notifications.NotificationsConfig;
import vn.customs.digital.notifications.OutboxMessage;
import vn.customs.digital.notifications.Push;
import vn.customs.digital.notifications.PushOutcome;
import vn.customs.digital.notifications.PushSender;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
class FcmRecorderTest {

  @Test
  @DisplayName(
      "With FCM_ENDPOINT the real SDK signs a token request and sends each v1 message over HTTP to the recorder, which writes down its outbox id, token, collapse identity and content, the same for a repeat")
  void sdkSendsToTheRecorder(Vertx vertx, @TempDir Path dir) throws Exception {
    Path record = dir.resolve("pushes");
    FcmRecorder recorder = FcmRecorder.start(vertx, 0, "dc-lab", record);
    Path credentials = recorder.writeCredentials(dir.resolve("service-account.json"));
    NotificationsConfig config =
        NotificationsConfig.fromEnv(
            Map.of(
                "FCM_CREDENTIALS", credentials.toString(),
                "FCM_PROJECT_ID", "dc-lab",
                "FCM_ENDPOINT", recorder.origin()));
    PushSender sender = Await.result(FcmPushSender.create(vertx, config, Clock.systemUTC()));
    try {
      UUID first = UUID.randomUUID();
      UUID second = UUID.randomUUID();
      List<PushOutcome> outcomes =
          Await.result(
              sender.send(
                  List.of(
                      new Push(message(first), "android-token-1", "android", "vi", null),
                      new Push(message(second), "ios-token-2", "ios", "en", null))));

      assertThat(outcomes).containsExactly(PushOutcome.delivered(), PushOutcome.delivered());
      // the first again, as a node that died before marking it sent leaves it to another
      assertThat(
              Await.result(
                  sender.send(
                      List.of(
                          new Push(
                              message(first),
                              "android-token-1",
                              "android",
                              "vi",
                              "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")))))
          .containsExactly(PushOutcome.delivered());
      List<String[]> lines =
          Files.readAllLines(record).stream().map(line -> line.split(" ")).toList();
      assertThat(lines)
          .map(f -> f[0] + " " + f[1] + " " + f[3])
          .containsExactlyInAnyOrder(
              first
                  + " android-token-1 android.tag=D-"
                  + first
                  + ",android.collapse_key=D-"
                  + first,
              second + " ios-token-2 apns-collapse-id=D-" + second,
              first
                  + " android-token-1 android.tag=D-"
                  + first
                  + ",android.collapse_key=D-"
                  + first);
      // the repeat is the same content to the device (its own traceparent aside)
      assertThat(lines.stream().filter(f -> f[0].equals(first.toString())).map(f -> f[4]))
          .hasSize(2)
          .allMatch(digest -> digest.matches("[0-9a-f]{16}"))
          .containsOnly(
              lines.stream()
                  .filter(f -> f[0].equals(first.toString()))
                  .findFirst()
                  .orElseThrow()[4]);
      assertThat(recorder.sends()).isEqualTo(3);
      assertThat(recorder.distinctMessages()).isEqualTo(2);
    } finally {
      Await.result(sender.close());
      Await.result(recorder.stop());
    }
  }

  @Test
  @DisplayName(
      "The recorder answers a send without its access token 401 UNAUTHENTICATED, as FCM does, and records nothing")
  void refusesWithoutToken(Vertx vertx, @TempDir Path dir) throws Exception {
    Path record = dir.resolve("pushes");
    FcmRecorder recorder = FcmRecorder.start(vertx, 0, "dc-lab", record);
    try {
      // status and body read on the event loop as the response arrives
      Map.Entry<Integer, JsonObject> answer =
          Await.result(
              vertx
                  .createHttpClient()
                  .request(
                      HttpMethod.POST,
                      recorder.port(),
                      "127.0.0.1",
                      "/v1/projects/dc-lab/messages:send")
                  .compose(
                      r ->
                          r.send(
                                  new JsonObject()
                                      .put(
                                          "message",
                                          new JsonObject()
                                              .put("token", "t")
                                              .put(
                                                  "data",
                                                  new JsonObject()
                                                      .put(
                                                          "messageId",
                                                          UUID.randomUUID().toString())))
                                      .encode())
                              .compose(
                                  (HttpClientResponse response) ->
                                      response
                                          .body()
                                          .map(
                                              body ->
                                                  Map.entry(
                                                      response.statusCode(),
                                                      body.toJsonObject())))));
      assertThat(answer.getKey()).isEqualTo(401);
      assertThat(answer.getValue().getJsonObject("error").getString("status"))
          .isEqualTo("UNAUTHENTICATED");
      assertThat(Files.readAllLines(record)).isEmpty();
    } finally {
      Await.result(recorder.stop());
    }
  }

  private static OutboxMessage message(UUID id) {
    return new OutboxMessage(
        id,
        "D-" + id,
        "105012345678",
        "declaration.channel-assigned",
        "ACCEPTED",
        "GREEN",
        List.of("0101234567"),
        List.of(),
        false,
        new JsonObject());
  }
}
