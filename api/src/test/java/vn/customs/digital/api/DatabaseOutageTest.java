package vn.customs.digital.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.notifications.DatabaseAvailability;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TcpProxy;
import vn.customs.digital.testing.TestDatabase;

/**
 * The api with a TCP proxy between it and PostgreSQL, which cuts the database away (connections
 * closed, new ones refused) or stalls it (connections open, nothing forwarded: a network
 * partition), then heals.
 */
@DisplayName("When the database goes away")
class DatabaseOutageTest {
  private static final String TAX_CODE = "0101234567";

  /**
   * The longest a request may take during an outage with this api's bounds (pool wait 1 s, then
   * silence 2 s: the statement timeout of 1 s plus the grace), with room for a slow shared machine.
   * Beyond it the api hangs.
   */
  private static final Duration BOUND = Duration.ofSeconds(6);

  private static TestDatabase db;
  private static TcpProxy proxy;
  private static Main.Running api;
  private static Vertx vertx;
  private static WebClient client;

  enum Fault {
    REFUSED("refuses connections") {
      @Override
      void apply(TcpProxy proxy) {
        proxy.cut();
      }
    },
    STALLED("stalls (a network partition)") {
      @Override
      void apply(TcpProxy proxy) {
        proxy.stall();
      }
    };

    private final String text;

    Fault(String text) {
      this.text = text;
    }

    abstract void apply(TcpProxy proxy);

    @Override
    public String toString() {
      return text;
    }
  }

  @BeforeAll
  static void start() {
    db = TestDatabase.create("dc_outage");
    proxy = TcpProxy.to(db.host, db.port);
    Map<String, String> env = TestApi.baseEnv(db);
    env.put("PGHOST", proxy.host());
    env.put("PGPORT", String.valueOf(proxy.port()));
    env.put("PG_CONNECT_TIMEOUT_MS", "1000");
    env.put("PG_POOL_WAIT_TIMEOUT_MS", "1000");
    env.put("PG_STATEMENT_TIMEOUT_MS", "1000");
    api = Await.result(Main.start(env));
    vertx = Vertx.vertx();
    client =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.port()));
  }

  @AfterEach
  void heal() {
    proxy.heal();
    awaitStatus(() -> client.get("/health/ready"), 200);
  }

  @AfterAll
  static void stop() {
    client.close();
    Await.result(vertx.close());
    Await.result(api.close());
    proxy.close();
  }

  @ParameterizedTest(
      name =
          "public and authenticated requests that need it answer a 503 problem with Retry-After, promptly, when PostgreSQL {0}")
  @EnumSource(Fault.class)
  void requestsAnswer503(Fault fault) {
    fault.apply(proxy);

    assertUnavailable(timed(client.get("/api/v1/procedures/HQ-00" + (fault.ordinal() + 1))));
    assertUnavailable(
        timed(client.get(keysPath()).bearerTokenAuthentication(TestTokens.trader(TAX_CODE))));
  }

  @ParameterizedTest(
      name = "readiness is 503 while PostgreSQL {0}, and 200 again by itself once it is back")
  @EnumSource(Fault.class)
  void readiness(Fault fault) {
    assertThat(timed(client.get("/health/ready")).statusCode()).isEqualTo(200);
    fault.apply(proxy);

    HttpResponse<Buffer> during = timed(client.get("/health/ready"));
    assertThat(during.statusCode()).as(during.bodyAsString()).isEqualTo(503);
    assertThat(during.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");

    proxy.heal();
    awaitStatus(() -> client.get("/health/ready"), 200);
    awaitStatus(
        () -> client.get(keysPath()).bearerTokenAuthentication(TestTokens.trader(TAX_CODE)), 200);
  }

  @ParameterizedTest(
      name =
          "a change sent while PostgreSQL {0} gets a 503 and writes nothing; sent again once it is back, it is made")
  @EnumSource(Fault.class)
  void changeDuringOutage(Fault fault) {
    JsonObject body =
        new JsonObject().put("jwk", new JsonObject(newKey().toPublicJWK().toJSONObject()));
    String kid = body.getJsonObject("jwk").getString("kid");
    fault.apply(proxy);

    assertUnavailable(
        timed(
            client.post(keysPath()).bearerTokenAuthentication(TestTokens.trader(TAX_CODE)), body));

    proxy.heal();
    awaitStatus(() -> client.get("/health/ready"), 200);
    assertThat(kids()).doesNotContain(kid);
    HttpResponse<Buffer> again =
        timed(client.post(keysPath()).bearerTokenAuthentication(TestTokens.trader(TAX_CODE)), body);
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(201);
    assertThat(kids()).containsOnlyOnce(kid);
  }

  @ParameterizedTest(
      name =
          "an outage where PostgreSQL {0} is logged once when it starts and once when it ends, without a stack trace")
  @EnumSource(Fault.class)
  void loggedOnce(Fault fault) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    root.addAppender(events);
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    // The sql client prints some connection errors with printStackTrace when no handler takes them.
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      fault.apply(proxy);
      // Requests keep failing (each a 503) until the outage is logged: failures in the first second
      // after the
      // previous test's recovery are taken for stragglers of that outage.
      awaitLogged(
          events,
          "database unavailable",
          () ->
              assertUnavailable(
                  timed(
                      client
                          .get(keysPath())
                          .bearerTokenAuthentication(TestTokens.trader(TAX_CODE)))));
      for (int i = 0; i < 3; i++) {
        assertUnavailable(
            timed(client.get(keysPath()).bearerTokenAuthentication(TestTokens.trader(TAX_CODE))));
        // (a search would be answered from the procedure index in memory; a procedure's page is
        // read from the database, and one that does not exist is never cached)
        assertUnavailable(timed(client.get("/api/v1/procedures/OUTAGE-" + i)));
      }
      proxy.heal();
      awaitStatus(
          () -> client.get(keysPath()).bearerTokenAuthentication(TestTokens.trader(TAX_CODE)), 200);
      awaitLogged(events, "database available again", DatabaseOutageTest::pause);
    } finally {
      System.setErr(stderr);
      root.detachAppender(events);
    }

    List<ILoggingEvent> outage =
        events.list.stream()
            .filter(e -> e.getLoggerName().equals(DatabaseAvailability.class.getName()))
            .toList();
    assertThat(outage).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.WARN);
    assertThat(outage.get(0).getFormattedMessage()).startsWith("database unavailable");
    assertThat(outage.get(1).getFormattedMessage()).startsWith("database available again");
    assertThat(events.list)
        .filteredOn(e -> e.getThrowableProxy() != null)
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEmpty();
    assertThat(events.list)
        .filteredOn(e -> e.getLevel() == Level.ERROR)
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEmpty();
    assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
  }

  @Test
  @DisplayName(
      "connections that PostgreSQL terminates, as a restart does, are replaced without restarting the api; no request gets a 500")
  void terminatedConnections() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        inFlight.add(
            client
                .get(keysPath())
                .bearerTokenAuthentication(TestTokens.trader(TAX_CODE))
                .timeout(BOUND.toMillis())
                .send());
      }
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        // 57P01 "terminating connection due to administrator command" on every connection of the
        // api
        s.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()");
      }
      for (Future<HttpResponse<Buffer>> r : inFlight) {
        statuses.add(Await.result(r).statusCode());
      }
    }

    assertThat(statuses).allMatch(status -> status == 200 || status == 503, "200 or 503");
    awaitStatus(
        () -> client.get(keysPath()).bearerTokenAuthentication(TestTokens.trader(TAX_CODE)), 200);
    awaitStatus(() -> client.get("/health/ready"), 200);
  }

  private static String keysPath() {
    return "/api/v1/enterprises/" + TAX_CODE + "/keys";
  }

  private static List<String> kids() {
    HttpResponse<Buffer> list =
        timed(client.get(keysPath()).bearerTokenAuthentication(TestTokens.trader(TAX_CODE)));
    assertThat(list.statusCode()).as(list.bodyAsString()).isEqualTo(200);
    return list.bodyAsJsonObject().getJsonArray("items").stream()
        .map(k -> ((JsonObject) k).getString("kid"))
        .toList();
  }

  private static ECKey newKey() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID("outage-" + UUID.randomUUID()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertUnavailable(HttpResponse<Buffer> r) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(503);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(r.getHeader("Retry-After")).matches("[1-9][0-9]*");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("type"))
        .isEqualTo("urn:digital-customs:problem:service-unavailable");
    assertThat(problem.getInteger("status")).isEqualTo(503);
    assertThat(problem.encode()).doesNotContain("Exception");
  }

  /** Sends and requires an answer within {@link #BOUND}: a request that outlasts it has hung. */
  private static HttpResponse<Buffer> timed(HttpRequest<Buffer> request) {
    return timed(request, null);
  }

  private static HttpResponse<Buffer> timed(HttpRequest<Buffer> request, JsonObject body) {
    long start = System.nanoTime();
    // The client's own timeout only keeps a hung api from hanging the test run.
    request.timeout(BOUND.toMillis() * 3);
    HttpResponse<Buffer> r =
        Await.result((body == null ? request.send() : request.sendJsonObject(body)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took)
        .as("answered %s after %d ms", r.statusCode(), took.toMillis())
        .isLessThan(BOUND);
    return r;
  }

  /** Polls until the request answers {@code status}, for at most twice {@link #BOUND}. */
  private static void awaitStatus(Supplier<HttpRequest<Buffer>> request, int status) {
    Await.until(
        "the answer " + status,
        BOUND.multipliedBy(2),
        () -> timed(request.get()).statusCode(),
        answered -> answered == status);
  }

  /**
   * Runs {@code meanwhile} until something starting with {@code prefix} is logged, for at most
   * twice {@link #BOUND}.
   */
  private static void awaitLogged(
      ListAppender<ILoggingEvent> events, String prefix, Runnable meanwhile) {
    Await.until(
        "something logged starting with '" + prefix + "'",
        BOUND.multipliedBy(2),
        () -> {
          List<ILoggingEvent> logged;
          synchronized (events) { // appenders append under their own lock
            logged = List.copyOf(events.list);
          }
          if (logged.stream().anyMatch(e -> e.getFormattedMessage().startsWith(prefix))) {
            return true;
          }
          meanwhile.run();
          return false;
        });
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
