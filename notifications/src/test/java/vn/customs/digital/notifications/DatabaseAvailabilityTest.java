package vn.customs.digital.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import vn.customs.digital.testing.Await;

@DisplayName("Database availability")
class DatabaseAvailabilityTest {

  private static PgException pg(String sqlState) {
    return new PgException("from PostgreSQL", "ERROR", sqlState, null);
  }

  @Test
  @DisplayName("a database that refuses, drops, shuts down, times out or is full is an outage")
  void outages() {
    assertThat(DatabaseAvailability.isOutage(new ConnectException("Connection refused"))).isTrue();
    assertThat(DatabaseAvailability.isOutage(ClosedConnectionException.INSTANCE)).isTrue();
    assertThat(
            DatabaseAvailability.isOutage(
                new VertxException(
                    "Pending requests failed to be sent due to connection has been closed.",
                    new SocketException("Connection reset"))))
        .isTrue();
    assertThat(DatabaseAvailability.isOutage(new TimeoutException("no answer"))).isTrue();
    assertThat(DatabaseAvailability.isOutage(pg("57P01"))).as("admin shutdown").isTrue();
    assertThat(DatabaseAvailability.isOutage(pg("57014"))).as("statement timeout").isTrue();
    assertThat(DatabaseAvailability.isOutage(pg("08006"))).as("connection failure").isTrue();
    assertThat(DatabaseAvailability.isOutage(pg("53300"))).as("too many connections").isTrue();
  }

  @Test
  @DisplayName(
      "a query the database answered with an error, or a fault of the code, is not an outage")
  void notOutages() {
    assertThat(DatabaseAvailability.isOutage(pg("23505"))).as("unique violation").isFalse();
    assertThat(DatabaseAvailability.isOutage(pg("40001"))).as("serialization failure").isFalse();
    assertThat(DatabaseAvailability.isOutage(pg("42P01"))).as("undefined table").isFalse();
    assertThat(DatabaseAvailability.isOutage(new IllegalArgumentException("bad parameter")))
        .isFalse();
    assertThat(
            DatabaseAvailability.isOutage(
                new VertxException("The number of parameters (3) exceeds ...", true)))
        .isFalse();
    assertThat(DatabaseAvailability.isOutage(new IllegalStateException("wrapped", pg("23505"))))
        .isFalse();
  }

  @Test
  @DisplayName(
      "an outage is logged once when it starts and once when it ends, however many failures come between")
  void transitionsOnly() {
    AtomicLong now = new AtomicLong(1_000_000);
    DatabaseAvailability availability = new DatabaseAvailability(now::get);
    List<ILoggingEvent> logged =
        logged(
            () -> {
              availability.succeeded();
              for (int i = 0; i < 5; i++) {
                now.addAndGet(100);
                assertThat(availability.failed(new ConnectException("Connection refused")))
                    .isTrue();
              }
              assertThat(availability.failed(pg("23505"))).isFalse();
              now.addAndGet(100);
              availability.succeeded();
              availability.succeeded();
            });

    assertThat(logged)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "database unavailable: its operations fail until it is back",
            "database available again");
    assertThat(logged).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
    assertThat(logged.get(1).getKeyValuePairs())
        .extracting(kv -> kv.key + "=" + kv.value)
        .containsExactly("unavailableMs=500", "failedOperations=5");
  }

  @Test
  @DisplayName(
      "a failure just after the database came back (an operation from the outage) does not open a new outage; a later one does")
  void graceAfterRecovery() {
    AtomicLong now = new AtomicLong(1_000_000);
    DatabaseAvailability availability = new DatabaseAvailability(now::get);
    List<ILoggingEvent> logged =
        logged(
            () -> {
              availability.failed(ClosedConnectionException.INSTANCE);
              now.addAndGet(5_000);
              availability.succeeded();
              now.addAndGet(DatabaseAvailability.RECOVERY_GRACE_MS - 1);
              assertThat(availability.failed(new ConnectException("Connection refused"))).isTrue();
              now.addAndGet(1);
              availability.failed(new ConnectException("Connection refused"));
            });

    assertThat(logged)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "database unavailable: its operations fail until it is back",
            "database available again",
            "database unavailable: its operations fail until it is back");
  }

  @Test
  @DisplayName("one tracker serves a whole Vert.x instance")
  void onePerVertx() {
    Vertx vertx = Vertx.vertx();
    Vertx other = Vertx.vertx();
    try {
      assertThat(DatabaseAvailability.of(vertx))
          .isSameAs(DatabaseAvailability.of(vertx))
          .isNotSameAs(DatabaseAvailability.of(other));
    } finally {
      Await.result(vertx.close());
      Await.result(other.close());
    }
  }

  private static List<ILoggingEvent> logged(Runnable run) {
    Logger logger = (Logger) LoggerFactory.getLogger(DatabaseAvailability.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try {
      run.run();
    } finally {
      logger.detachAppender(events);
    }
    return events.list;
  }
}
