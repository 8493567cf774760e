package vn.customs.digital.notifications;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.IncomingHttpResponse;
import com.google.firebase.messaging.AndroidConfig;
import com.google.firebase.messaging.AndroidNotification;
import com.google.firebase.messaging.ApnsConfig;
import com.google.firebase.messaging.Aps;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.Message;
import com.google.firebase.messaging.MessagingErrorCode;
import com.google.firebase.messaging.Notification;
import com.google.firebase.messaging.SendResponse;
import com.google.firebase.messaging.WebpushConfig;
import com.google.firebase.messaging.WebpushNotification;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Pushes through Firebase Cloud Messaging with the Firebase Admin SDK. The SDK's calls block, so
 * they run on Vert.x worker threads; {@code sendEach} takes at most 500 messages per call.
 */
public final class FcmPushSender implements PushSender {

  static final String FCM_ORIGIN = "https://fcm.googleapis.com";
  private static final Set<String> RESERVED_DATA_KEYS =
      Set.of("from", "notification", "message_type");
  private static final List<String> CORE_DATA_KEYS =
      List.of(
          "messageId",
          "eventType",
          "declarationId",
          "declarationNumber",
          "status",
          "channel",
          "traceparent");

  private final Vertx vertx;
  private final FirebaseApp app;
  private final FirebaseMessaging messaging;
  private final Clock clock;

  /** Uses an already initialised Firebase app (tests pass one with their own HTTP transport). */
  public FcmPushSender(Vertx vertx, FirebaseApp app, Clock clock) {
    this.vertx = vertx;
    this.app = app;
    this.messaging = FirebaseMessaging.getInstance(app);
    this.clock = clock;
  }

  /**
   * The sender for this configuration: FCM when FCM_CREDENTIALS is set, otherwise {@link
   * PushSender#unconfigured()} (the worker then warns once and keeps messages).
   */
  public static Future<PushSender> create(Vertx vertx, NotificationsConfig config, Clock clock) {
    if (!config.pushConfigured()) {
      return Future.succeededFuture(PushSender.unconfigured());
    }
    return vertx.executeBlocking(
        () -> {
          GoogleCredentials credentials;
          try (InputStream in = Files.newInputStream(config.fcmCredentials().orElseThrow())) {
            credentials = GoogleCredentials.fromStream(in);
          }
          FirebaseOptions.Builder options =
              FirebaseOptions.builder()
                  .setCredentials(credentials)
                  .setProjectId(config.fcmProjectId().orElseThrow())
                  // Bounded, so that a hung connection cannot hold a batch past its lease.
                  .setConnectTimeout(10_000)
                  .setReadTimeout(20_000)
                  .setWriteTimeout(20_000);
          config.fcmEndpoint().ifPresent(origin -> options.setHttpTransport(redirected(origin)));
          FirebaseApp app =
              FirebaseApp.initializeApp(
                  options.build(), "digital-customs-notifications-" + UUID.randomUUID());
          return new FcmPushSender(vertx, app, clock);
        });
  }

  /**
   * FCM_ENDPOINT (never in production): the SDK builds and sends its requests as ever, over the
   * JDK's HTTP client, but a request to {@value #FCM_ORIGIN} goes to {@code origin} instead (the
   * lab's FCM recorder, which several api processes share in the cluster drills). Nothing else is
   * changed.
   */
  static HttpTransport redirected(URI origin) {
    String target = origin.toString();
    return new NetHttpTransport.Builder()
        .setConnectionFactory(
            url -> {
              String requested = url.toString();
              URL actual =
                  requested.startsWith(FCM_ORIGIN + "/")
                      ? URI.create(target + requested.substring(FCM_ORIGIN.length())).toURL()
                      : url;
              return (HttpURLConnection) actual.openConnection(Proxy.NO_PROXY);
            })
        .build();
  }

  @Override
  public Future<List<PushOutcome>> send(List<Push> pushes) {
    List<List<Push>> chunks = new ArrayList<>();
    for (int from = 0; from < pushes.size(); from += NotificationsConfig.FCM_MAX_BATCH) {
      chunks.add(
          pushes.subList(from, Math.min(pushes.size(), from + NotificationsConfig.FCM_MAX_BATCH)));
    }
    Future<List<PushOutcome>> all = Future.succeededFuture(new ArrayList<>());
    for (List<Push> chunk : chunks) {
      all =
          all.compose(
              outcomes ->
                  sendChunk(chunk)
                      .map(
                          chunkOutcomes -> {
                            outcomes.addAll(chunkOutcomes);
                            return outcomes;
                          }));
    }
    return all;
  }

  private Future<List<PushOutcome>> sendChunk(List<Push> chunk) {
    List<Message> messages = chunk.stream().map(FcmPushSender::toMessage).toList();
    return vertx.<List<PushOutcome>>executeBlocking(
        () -> {
          List<PushOutcome> outcomes = new ArrayList<>(chunk.size());
          try {
            BatchResponse batch = messaging.sendEach(messages);
            for (SendResponse response : batch.getResponses()) {
              outcomes.add(
                  response.isSuccessful()
                      ? PushOutcome.delivered()
                      : outcomeOf(response.getException(), clock));
            }
          } catch (FirebaseMessagingException e) {
            PushOutcome outcome = outcomeOf(e, clock);
            // A failure of the whole call says nothing about the tokens: never drop them for it.
            PushOutcome forAll =
                outcome.kind() == PushOutcome.Kind.TOKEN_INVALID
                    ? PushOutcome.retry(Optional.empty(), outcome.error())
                    : outcome;
            chunk.forEach(p -> outcomes.add(forAll));
          }
          return outcomes;
        },
        false);
  }

  @Override
  public Future<Void> close() {
    return vertx.executeBlocking(
        () -> {
          app.delete();
          return null;
        });
  }

  /**
   * The FCM HTTP v1 message for one push: data for the app, localised text, collapse and priority.
   *
   * <p>Every platform gets the same collapse identity, the declaration's id (the message's own id
   * for a message about no declaration): Android's notification {@code tag} and {@code
   * collapse_key}, the web's notification {@code tag} (with {@code renotify} false), APNs' {@code
   * apns-collapse-id} and {@code thread-id}. The device replaces the notification it shows under
   * that identity instead of adding one: a message pushed again (the worker sends at least once,
   * see notifications/README.md) or a newer status of the same declaration is one entry on the
   * screen. A repeat is the same message to the byte but for its {@code traceparent}; its {@code
   * messageId} (the outbox id) lets an app drop it altogether.
   */
  static Message toMessage(Push push) {
    OutboxMessage m = push.message();
    PushText text = PushText.of(m, push.lang());
    boolean high = m.pushedWithHighPriority();
    String collapseKey =
        collapseKey(m.declarationId() != null ? m.declarationId() : m.id().toString());
    Message.Builder builder =
        Message.builder()
            .setToken(push.token())
            .setNotification(
                Notification.builder().setTitle(text.title()).setBody(text.body()).build())
            .putAllData(data(m, push.traceparent()));
    switch (push.platform()) {
      case "android" ->
          builder.setAndroidConfig(
              AndroidConfig.builder()
                  .setCollapseKey(collapseKey)
                  .setPriority(high ? AndroidConfig.Priority.HIGH : AndroidConfig.Priority.NORMAL)
                  // collapse_key collapses only what FCM still holds; the tag replaces what the
                  // drawer shows
                  .setNotification(AndroidNotification.builder().setTag(collapseKey).build())
                  .build());
      case "ios" ->
          builder.setApnsConfig(
              ApnsConfig.builder()
                  .putHeader("apns-collapse-id", collapseKey)
                  .putHeader("apns-priority", high ? "10" : "5")
                  .setAps(Aps.builder().setThreadId(collapseKey).build())
                  .build());
      default ->
          builder.setWebpushConfig(
              WebpushConfig.builder()
                  .putHeader("Urgency", high ? "high" : "normal")
                  // web push has no collapse key: the notification's tag replaces, silently
                  .setNotification(
                      WebpushNotification.builder().setTag(collapseKey).setRenotify(false).build())
                  .build());
    }
    return builder.build();
  }

  /**
   * The message's data for the app: its own fields, then the core ones (which its own cannot
   * replace), and the W3C {@code traceparent} of the push when it is traced.
   */
  private static Map<String, String> data(OutboxMessage m, String traceparent) {
    Map<String, String> data = new LinkedHashMap<>();
    m.data()
        .forEach(
            entry -> {
              String key = entry.getKey();
              Object value = entry.getValue();
              if (value != null
                  && !CORE_DATA_KEYS.contains(key)
                  && !RESERVED_DATA_KEYS.contains(key)
                  && !key.startsWith("google")
                  && !key.startsWith("gcm")) {
                data.put(
                    key, value instanceof String s ? s : io.vertx.core.json.Json.encode(value));
              }
            });
    data.put("messageId", m.id().toString());
    data.put("eventType", m.eventType());
    putIfPresent(data, "declarationId", m.declarationId());
    putIfPresent(data, "declarationNumber", m.declarationNumber());
    putIfPresent(data, "status", m.status());
    putIfPresent(data, "channel", m.channel());
    putIfPresent(data, "traceparent", traceparent);
    return data;
  }

  private static void putIfPresent(Map<String, String> data, String key, String value) {
    if (value != null) {
      data.put(key, value);
    }
  }

  /** APNs allows 64 bytes of collapse id; longer keys are replaced by a digest of themselves. */
  private static String collapseKey(String key) {
    if (key.getBytes(StandardCharsets.UTF_8).length <= 64) {
      return key;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Maps an FCM error as FCM documents it: UNREGISTERED, INVALID_ARGUMENT (our payloads are fixed
   * templates, so it means a malformed token) and SENDER_ID_MISMATCH mean the token is of no use;
   * QUOTA_EXCEEDED, UNAVAILABLE, INTERNAL and anything unknown are retried, no sooner than the
   * Retry-After the service sent.
   */
  static PushOutcome outcomeOf(FirebaseMessagingException e, Clock clock) {
    MessagingErrorCode code = e.getMessagingErrorCode();
    String error = (code != null ? code.name() : e.getErrorCode().name()) + ": " + e.getMessage();
    if (code == MessagingErrorCode.UNREGISTERED
        || code == MessagingErrorCode.INVALID_ARGUMENT
        || code == MessagingErrorCode.SENDER_ID_MISMATCH) {
      return PushOutcome.tokenInvalid(error);
    }
    return PushOutcome.retry(retryAfter(e.getHttpResponse(), clock), error);
  }

  static Optional<Duration> retryAfter(IncomingHttpResponse response, Clock clock) {
    if (response == null) {
      return Optional.empty();
    }
    Object header = null;
    for (Map.Entry<String, Object> h : response.getHeaders().entrySet()) {
      if ("retry-after".equalsIgnoreCase(h.getKey())) {
        header = h.getValue();
      }
    }
    if (header instanceof List<?> values) {
      header = values.isEmpty() ? null : values.get(0);
    }
    if (header == null) {
      return Optional.empty();
    }
    String value = header.toString().trim();
    try {
      long seconds = Long.parseLong(value);
      return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until =
            Duration.between(
                clock.instant(),
                ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return Optional.of(until.isNegative() ? Duration.ZERO : until);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
