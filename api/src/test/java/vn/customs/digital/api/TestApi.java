package vn.customs.digital.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

/**
 * The api as it runs in production (same Main.start, same migrations), once per test JVM, against a
 * fresh database of this test run, on a free loopback port.
 */
public final class TestApi {
  private static Main.Running running;
  private static ApiConfig config;

  /**
   * The development issuer's key of this test JVM; tokens signed with it are accepted by the api.
   */
  public static final Path DEV_KEY_FILE = devKeyFile();

  /** The service key of the test apis (receipts, clearances, audit checkpoints). */
  public static final Path SERVICE_KEY_FILE = DEV_KEY_FILE.resolveSibling("service.jwk");

  /** The api's HTTP_MAX_BODY_BYTES in tests: larger bodies are answered 413. */
  public static final int MAX_BODY_BYTES = 65_536;

  /** The api's DOCUMENT_MAX_BYTES in tests: larger uploads are answered 413. */
  public static final int MAX_DOCUMENT_BYTES = 262_144;

  /**
   * A free port reserved for the sandbox bank that the lab's payment journeys start in this JVM.
   */
  public static final int SANDBOX_BANK_PORT = freePort();

  /** The permit agency the test apis trust (PERMIT_AGENCIES_FILE), issuer of import licences. */
  public static final String PERMIT_AGENCY = "DAV";

  /** That agency's signing key (its public half is in the test apis' PERMIT_AGENCIES_FILE). */
  public static final ECKey PERMIT_AGENCY_KEY = agencyKey();

  /**
   * A second agency (plant protection: quarantine certificates), to read as a stranger to DAV's.
   */
  public static final String OTHER_PERMIT_AGENCY = "PPD";

  public static final ECKey OTHER_PERMIT_AGENCY_KEY = agencyKey("ppd");

  private static final Path PERMIT_AGENCIES_FILE = agenciesFile();

  /** The one web origin allowed to call the test api from a browser. */
  public static final String CORS_ORIGIN = "https://app.example.test";

  /** The one-time passage commands' lifetime here: not the default, so a test sees it applied. */
  public static final int PASSAGE_COMMAND_TTL_SECONDS = 120;

  private TestApi() {}

  public static synchronized Main.Running shared() {
    if (running == null) {
      TestDatabase db = TestDatabase.shared();
      Map<String, String> env = new HashMap<>(baseEnv(db));
      config = ApiConfig.fromEnv(env);
      running = Await.result(Main.start(env));
    }
    return running;
  }

  public static Map<String, String> baseEnv(TestDatabase db) {
    Map<String, String> env = new HashMap<>();
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", String.valueOf(freePort()));
    env.put("EVENT_LOOPS", "1");
    env.put("HTTP_MAX_BODY_BYTES", String.valueOf(MAX_BODY_BYTES));
    env.put("DOCUMENT_MAX_BYTES", String.valueOf(MAX_DOCUMENT_BYTES));
    env.put("ACCESS_LOG", "false");
    env.put("PGHOST", db.host);
    env.put("PGPORT", String.valueOf(db.port));
    env.put("PGUSER", db.user);
    env.put("PGPASSWORD", db.password);
    env.put("PGDATABASE", db.database);
    env.put("PG_POOL_SIZE", "4");
    // A shared build box under load (parallel builds, load average 15-20) can take seconds to
    // open a connection: tests wait longer than production's 2 s before a 503
    // (DatabaseOutageTest sets its own).
    env.put("PG_CONNECT_TIMEOUT_MS", "10000");
    env.put("PG_POOL_WAIT_TIMEOUT_MS", "10000");
    // A web app on another origin (see http.CorsTest).
    env.put("CORS_ALLOWED_ORIGINS", CORS_ORIGIN);
    // Sign-in: the development issuer with a key file of this test run (see auth.TestTokens).
    env.put("AUTH_DEV_ISSUER", "true");
    env.put("AUTH_DEV_KEY_FILE", DEV_KEY_FILE.toString());
    env.put("SERVICE_KEY_FILE", SERVICE_KEY_FILE.toString());
    env.put("PERMIT_AGENCIES_FILE", PERMIT_AGENCIES_FILE.toString());
    env.put("PASSAGE_COMMAND_TTL_SECONDS", String.valueOf(PASSAGE_COMMAND_TTL_SECONDS));
    // Payments: the lab's sandbox bank listens on SANDBOX_BANK_PORT (see the lab's
    // payments.SandboxPayments).
    env.put("VNPAY_TMN_CODE", "DCTEST01");
    env.put("VNPAY_HASH_SECRET", "TESTSECRETFORVNPAYHMACSHA512KEYS");
    env.put("VNPAY_PAY_URL", "http://127.0.0.1:" + SANDBOX_BANK_PORT + "/paymentv2/vpcpay.html");
    env.put("VNPAY_RETURN_URL", "http://127.0.0.1/app/payments/return");
    return env;
  }

  /** The first column of the first row of a query on the shared api's database, as a long. */
  public static long count(String sql, Object... args) {
    return Await.result(
            shared().pool().preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.from(args)))
        .iterator()
        .next()
        .getLong(0);
  }

  /** Runs a statement on the shared api's database. */
  public static void sql(String sql, Object... args) {
    Await.result(shared().pool().preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.from(args)));
  }

  public static int port() {
    return shared().port();
  }

  /**
   * Opens GET /api/v1/me/events for one user (from {@code lastEventId} when not null) and answers
   * everything the stream received so far, growing as events arrive; fails unless the answer is a
   * 200 event stream.
   */
  public static StringBuffer liveStream(
      io.vertx.core.http.HttpClient client, String token, String lastEventId) {
    StringBuffer received = new StringBuffer();
    io.vertx.core.http.HttpClientResponse response =
        Await.result(
            client
                .request(
                    io.vertx.core.http.HttpMethod.GET, port(), "127.0.0.1", "/api/v1/me/events")
                .compose(
                    req -> {
                      req.putHeader("Authorization", "Bearer " + token)
                          .putHeader("Accept", "text/event-stream");
                      if (lastEventId != null) {
                        req.putHeader("Last-Event-ID", lastEventId);
                      }
                      // read from the head on, on the event loop (set later, chunks could pass)
                      return req.send()
                          .onSuccess(r -> r.handler(chunk -> received.append(chunk.toString())));
                    }));
    if (response.statusCode() != 200
        || !String.valueOf(response.getHeader("Content-Type")).startsWith("text/event-stream")) {
      throw new AssertionError(
          "live stream answered "
              + response.statusCode()
              + " "
              + response.getHeader("Content-Type"));
    }
    return received;
  }

  /** What an ops/ script printed (stdout and stderr together) and its exit code. */
  public record OpsResult(int exit, String output) {}

  /**
   * Runs ops/{@code script} with {@code args} against {@code db} (the PG* variables), with {@code
   * settings} in its environment and {@code unset} taken out of it, for at most {@code timeout}.
   */
  public static OpsResult ops(
      TestDatabase db,
      String script,
      List<String> args,
      Map<String, String> settings,
      List<String> unset,
      Duration timeout)
      throws IOException, InterruptedException {
    Path path = Path.of(System.getProperty("user.dir")).resolve("../ops/" + script).normalize();
    List<String> command = new ArrayList<>(List.of("bash", path.toString()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    unset.forEach(pb.environment()::remove);
    pb.environment().putAll(settings);
    pb.environment().put("PGHOST", db.host);
    pb.environment().put("PGPORT", String.valueOf(db.port));
    pb.environment().put("PGUSER", db.user);
    pb.environment().put("PGPASSWORD", db.password);
    pb.environment().put("PGDATABASE", db.database);
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ops/" + script + " did not finish within " + timeout);
    }
    return new OpsResult(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  public static WebClient client(Vertx vertx) {
    return WebClient.create(
        vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port()));
  }

  private static ECKey agencyKey() {
    return agencyKey("dav");
  }

  private static ECKey agencyKey(String agency) {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID(agency + "-test-" + UUID.randomUUID())
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The agencies file: the drug administration issues import licences with its one key, the plant
   * protection department quarantine certificates with its own.
   */
  private static Path agenciesFile() {
    try {
      Path file = DEV_KEY_FILE.resolveSibling("permit-agencies.json");
      Files.writeString(
          file,
          new JsonObject()
              .put(
                  "agencies",
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("code", PERMIT_AGENCY)
                              .put("name", "Drug Administration of Vietnam")
                              .put("kinds", new JsonArray().add("IMPORT_LICENCE"))
                              .put(
                                  "keys",
                                  new JsonArray()
                                      .add(
                                          new JsonObject(
                                              PERMIT_AGENCY_KEY.toPublicJWK().toJSONString()))))
                      .add(
                          new JsonObject()
                              .put("code", OTHER_PERMIT_AGENCY)
                              .put("name", "Plant Protection Department")
                              .put("kinds", new JsonArray().add("QUARANTINE_CERTIFICATE"))
                              .put(
                                  "keys",
                                  new JsonArray()
                                      .add(
                                          new JsonObject(
                                              OTHER_PERMIT_AGENCY_KEY
                                                  .toPublicJWK()
                                                  .toJSONString())))))
              .encodePrettily());
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path devKeyFile() {
    try {
      return Files.createTempDirectory("dc-dev-issuer").resolve("key.jwk");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
