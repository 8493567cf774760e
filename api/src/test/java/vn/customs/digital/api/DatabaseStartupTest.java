package vn.customs.digital.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.platform.Database;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TcpProxy;
import vn.customs.digital.testing.TestDatabase;

/**
 * The api started while its PostgreSQL does not accept connections yet (a TCP proxy in between that
 * refuses them, then lets them through): it waits up to {@code PG_STARTUP_WAIT_SECONDS}.
 */
@DisplayName("Starting before the database accepts connections")
class DatabaseStartupTest {
  private static TestDatabase db;
  private TcpProxy proxy;
  private ListAppender<ILoggingEvent> log;

  @BeforeAll
  static void database() {
    // Dropped when the JVM exits.
    db = TestDatabase.create("dc_startup");
  }

  @BeforeEach
  void linkDown() {
    proxy = TcpProxy.to(db.host, db.port);
    proxy.cut();
    log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(Database.class)).addAppender(log);
  }

  @AfterEach
  void close() {
    ((Logger) LoggerFactory.getLogger(Database.class)).detachAppender(log);
    proxy.close();
  }

  private Map<String, String> env(int waitSeconds) {
    Map<String, String> env = TestApi.baseEnv(db);
    env.put("PGHOST", proxy.host());
    env.put("PGPORT", String.valueOf(proxy.port()));
    env.put("PG_CONNECT_TIMEOUT_MS", "1000");
    env.put("PG_STARTUP_WAIT_SECONDS", String.valueOf(waitSeconds));
    return env;
  }

  private static CompletableFuture<Main.Running> startInBackground(Map<String, String> env) {
    // Main.start runs its steps on the calling thread.
    return CompletableFuture.supplyAsync(() -> Await.result(Main.start(env)));
  }

  @Test
  @DisplayName("waits while connections are refused, then starts and is ready once they go through")
  void waitsThenStarts() throws Exception {
    CompletableFuture<Main.Running> started = startInBackground(env(60));

    Thread.sleep(Duration.ofSeconds(3).toMillis());
    assertThat(started).as("still waiting for PostgreSQL").isNotDone();
    assertThat(messages()).anyMatch(m -> m.contains("does not accept connections yet"));

    proxy.heal();
    Main.Running api = started.get(60, TimeUnit.SECONDS);
    Vertx vertx = Vertx.vertx();
    try {
      int status =
          Await.result(WebClient.create(vertx).get(api.port(), "127.0.0.1", "/health/ready").send())
              .statusCode();
      assertThat(status).isEqualTo(200);
      assertThat(messages()).anyMatch(m -> m.startsWith("PostgreSQL accepts connections"));
    } finally {
      Await.result(vertx.close());
      Await.result(api.close());
    }
  }

  @Test
  @DisplayName("gives up after PG_STARTUP_WAIT_SECONDS with the connection's failure")
  void givesUp() {
    long begun = System.nanoTime();
    CompletableFuture<Main.Running> started = startInBackground(env(2));

    assertThat(started)
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(java.net.ConnectException.class);
    Duration took = Duration.ofNanos(System.nanoTime() - begun);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(messages()).anyMatch(m -> m.contains("does not accept connections yet"));
  }

  @Test
  @DisplayName("with PG_STARTUP_WAIT_SECONDS=0 fails at the first refusal")
  void noWait() {
    CompletableFuture<Main.Running> started = startInBackground(env(0));

    assertThat(started)
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableThat()
        .satisfies(e -> assertThat(sqlState(e)).startsWith("08"));
    assertThat(messages()).noneMatch(m -> m.contains("does not accept connections yet"));
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql.getSQLState();
      }
    }
    return "none in " + e;
  }

  private java.util.List<String> messages() {
    return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }
}
