package vn.customs.digital.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.support.LaneFixture;
import vn.customs.digital.edge.support.NotifySocket;
import vn.customs.digital.edge.support.NotifySocket.Message;
import vn.customs.digital.edge.systemd.SystemdNotify;
import vn.customs.digital.testing.Await;

/**
 * The agent under a service manager's eye: a real AF_UNIX datagram socket plays systemd's
 * NOTIFY_SOCKET, as {@code Type=notify} with {@code WatchdogSec} sets it up.
 */
class SystemdWatchdogTest {
  /** WATCHDOG_USEC: pings every 200 ms. */
  private static final Duration TIMEOUT = Duration.ofMillis(600);

  @TempDir Path dir;
  private LaneFixture lane;
  private NotifySocket systemd;

  @AfterEach
  void tearDown() throws Exception {
    if (lane != null) {
      lane.close();
    }
    if (systemd != null) {
      systemd.close();
    }
  }

  private static Map<String, String> env(String socket) {
    return Map.of(
        "NOTIFY_SOCKET",
        socket,
        "WATCHDOG_USEC",
        Long.toString(TIMEOUT.toNanos() / 1000),
        "WATCHDOG_PID",
        Long.toString(ProcessHandle.current().pid()));
  }

  @Test
  @DisplayName(
      "The agent says READY=1 once the lane is up, pings WATCHDOG=1 from its event loop, none while"
          + " the loop is blocked, and again once it turns")
  void pingsOnlyWhileTheLoopTurns() throws Exception {
    Path socket = dir.resolve("notify.sock");
    systemd = new NotifySocket(socket.toString());
    lane = new LaneFixture(Vertx.vertx(), dir, LaneFixture.Options.defaults());
    GateAgent agent = lane.startAgent(true, SystemdNotify.fromEnvironment(env(socket.toString())));

    Await.until(
        "READY=1 and three watchdog pings",
        Duration.ofSeconds(10),
        () -> systemd.received("WATCHDOG=1").size() >= 3);
    List<Message> first = systemd.received();
    assertThat(first.get(0).text()).startsWith("READY=1\n").contains("STATUS=gate VNHPH lane L1");

    // a hung decision loop: the lane's event loop blocked for five watchdog timeouts
    AtomicLong blockedFrom = new AtomicLong();
    AtomicLong blockedUntil = new AtomicLong();
    CountDownLatch unblocked = new CountDownLatch(1);
    agent
        .lane()
        .loop()
        .runOnContext(
            v -> {
              blockedFrom.set(System.nanoTime());
              try {
                Thread.sleep(TIMEOUT.multipliedBy(5).toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              blockedUntil.set(System.nanoTime());
              unblocked.countDown();
            });
    assertThat(unblocked.await(10, TimeUnit.SECONDS)).isTrue();

    // a ping handed to the socket just before the block may arrive a little after it began
    long quietFrom = blockedFrom.get() + TimeUnit.MILLISECONDS.toNanos(50);
    List<Message> duringBlock =
        systemd.received("WATCHDOG=1").stream()
            .filter(m -> m.receivedNanos() > quietFrom && m.receivedNanos() < blockedUntil.get())
            .toList();
    assertThat(duringBlock).as("pings while the loop was blocked").isEmpty();
    // systemd would have killed the agent: more than a whole timeout without a ping
    long lastBefore =
        systemd.received("WATCHDOG=1").stream()
            .mapToLong(Message::receivedNanos)
            .filter(t -> t <= quietFrom)
            .max()
            .orElseThrow();
    assertThat(blockedUntil.get() - lastBefore).isGreaterThan(TIMEOUT.toNanos());

    Await.until(
        "pings again once the loop turns",
        Duration.ofSeconds(5),
        () ->
            systemd.received("WATCHDOG=1").stream()
                    .filter(m -> m.receivedNanos() > blockedUntil.get())
                    .count()
                >= 2);

    lane.stopAgent();
    Await.until(
        "STOPPING=1 on shutdown",
        Duration.ofSeconds(5),
        () -> !systemd.received("STOPPING=1").isEmpty());
  }

  @Test
  @DisplayName(
      "An abstract-namespace NOTIFY_SOCKET (@name) is reached; WATCHDOG_PID of another process"
          + " turns the watchdog off; no NOTIFY_SOCKET, no notifier")
  void environment() throws Exception {
    String name = "dc-notify-" + UUID.randomUUID();
    systemd = new NotifySocket("\0" + name);
    try (SystemdNotify notify =
        SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name))) {
      notify.send("READY=1");
      Await.until(
          "datagram on the abstract socket",
          Duration.ofSeconds(5),
          () -> !systemd.received("READY=1").isEmpty());
      assertThat(notify.watchdog()).isEmpty();
    }
    try (SystemdNotify other =
        SystemdNotify.fromEnvironment(
            Map.of("NOTIFY_SOCKET", "@" + name, "WATCHDOG_USEC", "1000000", "WATCHDOG_PID", "1"))) {
      assertThat(other.enabled()).isTrue();
      assertThat(other.watchdog()).isEmpty();
    }
    try (SystemdNotify mine = SystemdNotify.fromEnvironment(env("@" + name))) {
      assertThat(mine.watchdog()).contains(TIMEOUT);
    }
    try (SystemdNotify none = SystemdNotify.fromEnvironment(Map.of())) {
      none.send("READY=1");
      assertThat(none.enabled()).isFalse();
    }
  }
}
