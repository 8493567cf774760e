package vn.customs.digital.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

/**
 * The shaded jar as it ships ({@code java -jar target/digital-customs-api.jar}, run by failsafe
 * after {@code package}) against a fresh database of the test PostgreSQL, with Firebase
 * credentials, so that what the dependency diet left out of the jar would show here as a failure to
 * start or to push.
 *
 * <p>Google's side is played on loopback: the service account's {@code token_uri} points at a token
 * endpoint of this test, and the JVM's HTTPS proxy at a proxy of this test that records the tunnel
 * the SDK asks for and refuses it, so that nothing leaves the machine.
 */
@DisplayName("The packaged api jar")
class PackagedJarIT {
  private static final String TAX_CODE = "0101234567";
  private static final Path LOGS = Path.of("target", "packaged-jar-it");

  private static TestDatabase db;
  private static Process api;
  private static int port;
  private static long startedToReadyMillis;
  private static HttpServer tokenEndpoint;
  private static ServerSocket proxy;
  private static KeyPair serviceAccountKey;
  private static final List<String> tokenRequests = new CopyOnWriteArrayList<>();
  private static final List<String> tunnels = new CopyOnWriteArrayList<>();
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path jar = Path.of(System.getProperty("api.jar", "target/digital-customs-api.jar"));
    assertThat(jar).as("the shaded jar (built by mvn package)").isRegularFile();
    Files.createDirectories(LOGS);
    db = TestDatabase.create("dc_jar");
    startTokenEndpoint();
    startRefusingProxy();
    Path credentials = writeServiceAccount(Files.createTempDirectory("dc-jar-fcm"));

    Map<String, String> env = TestApi.baseEnv(db);
    port = Integer.parseInt(env.get("HTTP_PORT"));
    env.put("FCM_CREDENTIALS", credentials.toString());
    env.put("FCM_PROJECT_ID", "dc-jar-test");
    env.put("SHUTDOWN_GRACE_SECONDS", "5");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-Dhttps.proxyHost=127.0.0.1",
                    "-Dhttps.proxyPort=" + proxy.getLocalPort(),
                    "-jar",
                    jar.toString()))
            .redirectErrorStream(true)
            .redirectOutput(LOGS.resolve("api.log").toFile());
    builder.environment().putAll(env);
    long started = System.nanoTime();
    api = builder.start();
    Await.until(
        "/health/ready answers 200 (log: " + LOGS.resolve("api.log") + ")",
        Duration.ofSeconds(90),
        () -> api.isAlive() && get("/health/ready", "*/*").statusCode() == 200);
    startedToReadyMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.println(
        "packaged api jar: process start -> /health/ready 200 in "
            + startedToReadyMillis
            + " ms (fresh database, migrations included)");
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null && api.isAlive()) {
      api.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (tokenEndpoint != null) {
      tokenEndpoint.stop(0);
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  @DisplayName("starts against a fresh database and reports ready")
  void startsAndIsReady() throws Exception {
    HttpResponse<String> ready = get("/health/ready", "application/json");

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("\"UP\"");
    assertThat(get("/api/v1/procedures/HQ-001", "application/json").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "pushes through the Firebase SDK it carries: signed token request, then a tunnel to FCM")
  void pushesThroughTheSdk() throws Exception {
    UUID message = UUID.randomUUID();
    try (Connection c = db.connect()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into push_tokens (token, subject, tenant_tax_code, platform, lang) values (?, ?, ?, 'android', 'vi')")) {
        s.setString(1, "jar-it-device-token");
        s.setString(2, "jar-it-trader");
        s.setString(3, TAX_CODE);
        s.executeUpdate();
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into outbox (id, declaration_id, event_type, payload, recipients) values (?, 'D-JAR-1', "
                  + "'declaration.channel-assigned', '{\"declarationNumber\": \"105000000001\", \"status\": \"ACCEPTED\", "
                  + "\"channel\": \"green\", \"data\": {}}'::jsonb, ?)")) {
        s.setObject(1, message);
        s.setArray(2, c.createArrayOf("text", new String[] {TAX_CODE}));
        s.executeUpdate();
      }
    }

    Await.until(
        "the SDK asked for an access token and a tunnel to FCM",
        Duration.ofSeconds(30),
        () -> !tokenRequests.isEmpty() && !tunnels.isEmpty());
    Await.until(
        "the refused send is recorded on the message for a retry",
        Duration.ofSeconds(60),
        () -> lastError(message) != null);

    Map<String, String> form = form(tokenRequests.get(0));
    assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
    SignedJWT assertion = SignedJWT.parse(form.get("assertion"));
    assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) serviceAccountKey.getPublic())))
        .isTrue();
    assertThat(assertion.getJWTClaimsSet().getStringClaim("scope"))
        .contains("https://www.googleapis.com/auth/cloud-platform");
    assertThat(tunnels).allMatch("CONNECT fcm.googleapis.com:443 HTTP/1.1"::equals);
    assertThat(lastError(message)).doesNotContain("NoClassDefFoundError", "ClassNotFoundException");
  }

  @Test
  @DisplayName("answers a scraper that prefers Prometheus protobuf with the text format")
  void metricsInTextForAProtobufScraper() throws Exception {
    HttpResponse<String> metrics =
        get(
            "/metrics",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1");

    assertThat(metrics.statusCode()).isEqualTo(200);
    // No protobuf in the jar: the scraper gets its next choice, OpenMetrics (or plain text).
    assertThat(metrics.headers().firstValue("content-type").orElse(""))
        .matches("(application/openmetrics-text|text/plain);.*");
    assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");
  }

  @Test
  @DisplayName("stops on SIGTERM within its shutdown grace")
  void stopsOnSigterm() throws Exception {
    // an instance of its own: the shared one serves the other tests, whatever their order
    Map<String, String> env = TestApi.baseEnv(db);
    env.put("SHUTDOWN_GRACE_SECONDS", "5");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-jar",
                    System.getProperty("api.jar", "target/digital-customs-api.jar")))
            .redirectErrorStream(true)
            .redirectOutput(LOGS.resolve("api-sigterm.log").toFile());
    builder.environment().putAll(env);
    Process second = builder.start();
    int secondPort = Integer.parseInt(env.get("HTTP_PORT"));
    try {
      Await.until(
          "the second instance is ready",
          Duration.ofSeconds(90),
          () -> second.isAlive() && get(secondPort, "/health/ready", "*/*").statusCode() == 200);

      second.destroy();

      assertThat(second.waitFor(20, TimeUnit.SECONDS)).as("exited within 20 s of SIGTERM").isTrue();
    } finally {
      second.destroyForcibly();
    }
  }

  private static HttpResponse<String> get(String path, String accept)
      throws IOException, InterruptedException {
    return get(port, path, accept);
  }

  private static HttpResponse<String> get(int port, String path, String accept)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", accept)
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String lastError(UUID message) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement s = c.prepareStatement("select last_error from outbox where id = ?")) {
      s.setObject(1, message);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  /**
   * Google's OAuth token endpoint as a service account sees it: a signed JWT in, an access token
   * out.
   */
  private static void startTokenEndpoint() throws IOException {
    tokenEndpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    tokenEndpoint.createContext(
        "/token",
        exchange -> {
          tokenRequests.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body =
              new JsonObject()
                  .put("access_token", "jar-it-access-token")
                  .put("expires_in", 3600)
                  .put("token_type", "Bearer")
                  .encode()
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    tokenEndpoint.start();
  }

  /** An HTTPS proxy that writes down each tunnel asked of it and refuses it. */
  private static void startRefusingProxy() throws IOException {
    proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(
            () -> {
              while (!proxy.isClosed()) {
                try (Socket client = proxy.accept()) {
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(
                              client.getInputStream(), StandardCharsets.US_ASCII));
                  tunnels.add(in.readLine());
                  client
                      .getOutputStream()
                      .write(
                          "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                              .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                  // closed at the end of the test, or a client that went away
                }
              }
            });
  }

  private static Path writeServiceAccount(Path dir) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    serviceAccountKey = generator.generateKeyPair();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(serviceAccountKey.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    JsonObject account =
        new JsonObject()
            .put("type", "service_account")
            .put("project_id", "dc-jar-test")
            .put("private_key_id", "jar-it-key")
            .put("private_key", pem)
            .put("client_email", "push@dc-jar-test.iam.gserviceaccount.com")
            .put("client_id", "1")
            .put(
                "token_uri", "http://127.0.0.1:" + tokenEndpoint.getAddress().getPort() + "/token");
    return Files.writeString(dir.resolve("service-account.json"), account.encode());
  }

  private static Map<String, String> form(String body) {
    List<String[]> pairs = new ArrayList<>();
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      pairs.add(
          new String[] {
            URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""
          });
    }
    return pairs.stream().collect(Collectors.toMap(p -> p[0], p -> p[1]));
  }
}
