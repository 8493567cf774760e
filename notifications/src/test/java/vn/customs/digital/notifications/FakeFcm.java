package vn.customs.digital.notifications;

import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpRequest;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The FCM HTTP v1 endpoint as seen by the real Firebase Admin SDK: only the SDK's HTTP transport is
 * replaced. Records every request and answers it with the reply chosen for its token.
 */
public final class FakeFcm extends MockHttpTransport {

  static final String PROJECT = "dc-test";
  static final String SEND_URL =
      "https://fcm.googleapis.com/v1/projects/" + PROJECT + "/messages:send";

  public record Request(String method, String url, String authorization, JsonObject body) {
    JsonObject message() {
      return body.getJsonObject("message");
    }

    String token() {
      return message().getString("token");
    }

    public String messageId() {
      return message().getJsonObject("data").getString("messageId");
    }
  }

  public record Reply(int status, String body, Map<String, String> headers) {
    public static Reply ok() {
      return new Reply(
          200,
          new JsonObject()
              .put("name", "projects/" + PROJECT + "/messages/" + UUID.randomUUID())
              .encode(),
          Map.of());
    }

    /** An error body as FCM v1 sends it: a google.rpc.Status with an FcmError detail. */
    static Reply error(int status, String rpcStatus, String fcmErrorCode, String retryAfter) {
      JsonObject body =
          new JsonObject()
              .put(
                  "error",
                  new JsonObject()
                      .put("code", status)
                      .put("message", fcmErrorCode + " from the fake FCM")
                      .put("status", rpcStatus)
                      .put(
                          "details",
                          List.of(
                              new JsonObject()
                                  .put(
                                      "@type",
                                      "type.googleapis.com/google.firebase.fcm.v1.FcmError")
                                  .put("errorCode", fcmErrorCode))));
      return new Reply(
          status, body.encode(), retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter));
    }
  }

  private final List<Request> requests = new ArrayList<>();
  private volatile Function<Request, Reply> replies = r -> Reply.ok();

  public void answer(Function<Request, Reply> replies) {
    this.replies = replies;
  }

  List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  List<String> messageIds() {
    return requests().stream().map(Request::messageId).toList();
  }

  /** A Firebase app of its own (unique name) that talks to this fake with a fixed access token. */
  public FirebaseApp app() {
    GoogleCredentials credentials =
        GoogleCredentials.create(
            new AccessToken(
                "test-access-token", Date.from(Instant.now().plus(Duration.ofHours(1)))));
    FirebaseOptions options =
        FirebaseOptions.builder()
            .setCredentials(credentials)
            .setProjectId(PROJECT)
            .setHttpTransport(this)
            .build();
    return FirebaseApp.initializeApp(options, "fake-fcm-" + UUID.randomUUID());
  }

  @Override
  public LowLevelHttpRequest buildRequest(String method, String url) {
    return new MockLowLevelHttpRequest(url) {
      @Override
      public LowLevelHttpResponse execute() throws IOException {
        Request request =
            new Request(
                method,
                url,
                getFirstHeaderValue("Authorization"),
                new JsonObject(getContentAsString()));
        synchronized (requests) {
          requests.add(request);
        }
        Reply reply = replies.apply(request);
        MockLowLevelHttpResponse response =
            new MockLowLevelHttpResponse()
                .setStatusCode(reply.status())
                .setContentType("application/json; charset=UTF-8")
                .setContent(reply.body());
        reply.headers().forEach(response::addHeader);
        return response;
      }
    };
  }
}
