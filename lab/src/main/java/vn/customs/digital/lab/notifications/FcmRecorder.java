package vn.customs.digital.lab.notifications;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Google's side of a push, on loopback, for drills with several api processes ({@code ops/cluster
 * drill push}): the OAuth token endpoint of a service account and FCM's HTTP v1 send endpoint
 * ({@code POST /v1/projects/{project}/messages:send}), answering as FCM does. The api reaches it
 * with {@code FCM_ENDPOINT} (development only: the Firebase Admin SDK builds every request as for
 * FCM, only its transport sends them here) and {@code FCM_CREDENTIALS} naming the service-account
 * file this recorder writes, whose {@code token_uri} is this recorder.
 *
 * <p>Each message accepted is written, before it is answered, as one line {@code MESSAGE_ID TOKEN
 * MS COLLAPSE CONTENT} of the record file: the outbox id ({@code data.messageId}), the device
 * token, the epoch milliseconds of its arrival, what the device collapses it by (see {@link
 * #collapseIdentity}; {@code -} when nothing) and a digest of the message as the device gets it but
 * for its {@code data.traceparent} (which differs on every send): two lines with the same pair,
 * collapse identity and content are one entry on the device's screen. A send without the access
 * token this recorder issued is refused 401, a body that is no FCM message 400.
 *
 * <p>{@code vn.customs.digital.lab.notifications.FcmRecorder --port N --record FILE --credentials
 * FILE [--project ID]}
 */
public final class FcmRecorder {
  private static final String ACCESS_TOKEN = "lab-fcm-recorder-" + UUID.randomUUID();

  private final String project;
  private final BufferedWriter record;
  private final WorkerExecutor writer;
  private final AtomicLong sends = new AtomicLong();
  private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
  private HttpServer server;

  private FcmRecorder(Vertx vertx, String project, BufferedWriter record) {
    this.project = project;
    this.record = record;
    // one thread: record lines are written whole, one after the other
    this.writer = vertx.createSharedWorkerExecutor("fcm-recorder-" + UUID.randomUUID(), 1);
  }

  /** Starts a recorder on 127.0.0.1:port (0: any free port), appending to {@code recordFile}. */
  public static FcmRecorder start(Vertx vertx, int port, String project, Path recordFile)
      throws IOException {
    FcmRecorder recorder =
        new FcmRecorder(
            vertx,
            project,
            Files.newBufferedWriter(
                recordFile,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
    Router router = Router.router(vertx);
    router.post("/token").handler(recorder::token);
    router
        .post("/v1/projects/:project/messages:send")
        .handler(BodyHandler.create().setBodyLimit(64 * 1024))
        .handler(recorder::send);
    recorder.server =
        vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1").await();
    return recorder;
  }

  public String origin() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public int port() {
    return server.actualPort();
  }

  /** Messages accepted so far. */
  public long sends() {
    return sends.get();
  }

  /** Distinct message ids among them. */
  public int distinctMessages() {
    return seen.size();
  }

  /**
   * Writes a service-account file whose token endpoint is this recorder (a fresh RSA key: the SDK
   * signs its token request with it, as with Google's).
   */
  public Path writeCredentials(Path file) throws IOException {
    String pem;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                  .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    JsonObject account =
        new JsonObject()
            .put("type", "service_account")
            .put("project_id", project)
            .put("private_key_id", "lab-fcm-recorder")
            .put("private_key", pem)
            .put("client_email", "pushes@" + project + ".iam.gserviceaccount.com")
            .put("client_id", "1")
            .put("token_uri", origin() + "/token");
    Files.writeString(file, account.encodePrettily());
    return file;
  }

  public Future<Void> stop() {
    return server.close().compose(v -> writer.close());
  }

  private void token(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "application/json")
        .end(
            new JsonObject()
                .put("access_token", ACCESS_TOKEN)
                .put("expires_in", 3600)
                .put("token_type", "Bearer")
                .encode());
  }

  private void send(RoutingContext ctx) {
    if (!("Bearer " + ACCESS_TOKEN).equals(ctx.request().getHeader("Authorization"))) {
      error(ctx, 401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "no valid access token");
      return;
    }
    if (!project.equals(ctx.pathParam("project"))) {
      error(ctx, 403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "another project");
      return;
    }
    String messageId;
    String token;
    String collapse;
    String content;
    try {
      JsonObject message = ctx.body().asJsonObject().getJsonObject("message");
      messageId = message.getJsonObject("data").getString("messageId");
      token = message.getString("token");
      collapse = collapseIdentity(message);
      content = contentDigest(message);
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      messageId = null;
      token = null;
      collapse = null;
      content = null;
    }
    if (messageId == null
        || token == null
        || !messageId.matches("[0-9a-f-]{36}")
        || !token.matches("[!-~]{1,4096}")) {
      error(ctx, 400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "not an FCM message with data");
      return;
    }
    String line =
        messageId + " " + token + " " + System.currentTimeMillis() + " " + collapse + " " + content;
    String id = messageId;
    writer
        .executeBlocking(
            () -> {
              try {
                record.write(line);
                record.newLine();
                record.flush();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return null;
            })
        .onSuccess(
            v -> {
              sends.incrementAndGet();
              seen.put(id, Boolean.TRUE);
              ctx.response()
                  .putHeader("Content-Type", "application/json; charset=UTF-8")
                  .end(
                      new JsonObject()
                          .put("name", "projects/" + project + "/messages/" + UUID.randomUUID())
                          .encode());
            })
        .onFailure(e -> error(ctx, 500, "INTERNAL", "INTERNAL", "record not written"));
  }

  /**
   * What the device collapses a message by, as FCM hands it on: Android's notification tag and
   * collapse_key, the web's notification tag, APNs' apns-collapse-id (each {@code name=value},
   * URL-encoded, joined by commas, in that order), or {@code -} when it has none of them.
   */
  static String collapseIdentity(JsonObject message) {
    List<String> parts = new ArrayList<>();
    JsonObject android = message.getJsonObject("android");
    if (android != null) {
      JsonObject notification = android.getJsonObject("notification");
      part(parts, "android.tag", notification == null ? null : notification.getString("tag"));
      part(parts, "android.collapse_key", android.getString("collapse_key"));
    }
    JsonObject webpush = message.getJsonObject("webpush");
    if (webpush != null) {
      JsonObject notification = webpush.getJsonObject("notification");
      part(parts, "webpush.tag", notification == null ? null : notification.getString("tag"));
    }
    JsonObject apns = message.getJsonObject("apns");
    if (apns != null) {
      JsonObject headers = apns.getJsonObject("headers");
      part(
          parts,
          "apns-collapse-id",
          headers == null ? null : headers.getString("apns-collapse-id"));
    }
    return parts.isEmpty() ? "-" : String.join(",", parts);
  }

  private static void part(List<String> parts, String name, String value) {
    if (value != null) {
      parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  /**
   * The first 16 hex digits of the SHA-256 of the message as received, less its token (recorded
   * apart) and its {@code data.traceparent}, its objects' keys sorted (the SDK does not keep the
   * order of the data's keys from one send to the next).
   */
  static String contentDigest(JsonObject message) {
    JsonObject content = message.copy();
    content.remove("token");
    content.getJsonObject("data").remove("traceparent");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(sorted(content)).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JSON value with the keys of its objects in order, at every depth. */
  private static Object sorted(Object value) {
    if (value instanceof JsonObject object) {
      TreeMap<String, Object> keys = new TreeMap<>();
      object.forEach(e -> keys.put(e.getKey(), sorted(e.getValue())));
      return new JsonObject(new LinkedHashMap<>(keys));
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.forEach(v -> copy.add(sorted(v)));
      return copy;
    }
    return value;
  }

  /** An error as FCM v1 sends it: a google.rpc.Status with an FcmError detail. */
  private static void error(
      RoutingContext ctx, int status, String rpcStatus, String fcmCode, String message) {
    JsonObject detail =
        new JsonObject()
            .put("@type", "type.googleapis.com/google.firebase.fcm.v1.FcmError")
            .put("errorCode", fcmCode);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=UTF-8")
        .end(
            new JsonObject()
                .put(
                    "error",
                    new JsonObject()
                        .put("code", status)
                        .put("message", message)
                        .put("status", rpcStatus)
                        .put("details", new JsonArray().add(detail)))
                .encode());
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    String project = "dc-drill";
    Path recordFile = null;
    Path credentials = null;
    if (args.length % 2 != 0) {
      usage("options take one value each");
    }
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(value);
        case "--project" -> project = value;
        case "--record" -> recordFile = Path.of(value);
        case "--credentials" -> credentials = Path.of(value);
        default -> usage("unknown argument " + args[i]);
      }
    }
    if (recordFile == null || credentials == null) {
      usage("--record and --credentials are required");
    }
    Vertx vertx = Vertx.vertx();
    FcmRecorder recorder = start(vertx, port, project, recordFile);
    recorder.writeCredentials(credentials);
    System.out.println(
        "FCM recorder listening: " + recorder.origin() + " (project " + project + ")");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  recorder.stop().onComplete(ar -> stopped.countDown());
                  try {
                    stopped.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    stopped.await();
  }

  private static void usage(String problem) {
    System.err.println(
        problem + "\nusage: FcmRecorder --port N --record FILE --credentials FILE [--project ID]");
    System.exit(2);
  }
}
