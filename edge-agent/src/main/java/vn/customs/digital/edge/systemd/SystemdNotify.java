package vn.customs.digital.edge.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service manager's notification protocol ({@code sd_notify(3)}), without libsystemd: one
 * datagram per message to the AF_UNIX socket named by {@code NOTIFY_SOCKET} ({@code /path}, or
 * {@code @name} in the abstract namespace). The JDK's channels have UNIX-domain stream sockets
 * only, so the datagram socket is Netty's epoll transport (its native library, for Linux x86_64 and
 * aarch64, is in the jar). {@code WATCHDOG_USEC} (and {@code WATCHDOG_PID}, when it names another
 * process, to turn the watchdog off for this one) say whether and how often systemd expects {@code
 * WATCHDOG=1}.
 *
 * <p>Without {@code NOTIFY_SOCKET} (not started by systemd, or {@code Type=simple}) every call is a
 * no-op. A socket that cannot be opened is logged once and the notifier turns itself off: systemd
 * then sees no readiness ({@code Type=notify} fails the start) and no pings (the watchdog restarts
 * the agent), which is the closed side of both.
 */
public final class SystemdNotify implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);

  private final String socket;
  private final Duration watchdog;
  private EventLoopGroup group;
  private Channel channel;
  private boolean failed;

  private SystemdNotify(String socket, Duration watchdog) {
    this.socket = socket;
    this.watchdog = watchdog;
  }

  /** The notifier the environment asks for ({@code System.getenv()} in production). */
  public static SystemdNotify fromEnvironment(Map<String, String> env) {
    String socket = env.get("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) {
      return new SystemdNotify(null, null);
    }
    if (!socket.startsWith("/") && !socket.startsWith("@")) {
      // vsock: and other address families of newer systemd versions are not spoken here
      log.atWarn()
          .addKeyValue("NOTIFY_SOCKET", socket)
          .log("systemd notification socket not an AF_UNIX path; not notifying");
      return new SystemdNotify(null, null);
    }
    return new SystemdNotify(socket, watchdogInterval(env));
  }

  /** The watchdog timeout {@code WATCHDOG_USEC} gives this process, if any. */
  static Duration watchdogInterval(Map<String, String> env) {
    String usec = env.get("WATCHDOG_USEC");
    if (usec == null) {
      return null;
    }
    String pid = env.get("WATCHDOG_PID");
    if (pid != null && !pid.equals(Long.toString(ProcessHandle.current().pid()))) {
      return null;
    }
    try {
      long micros = Long.parseLong(usec.trim());
      return micros > 0 ? Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(micros)) : null;
    } catch (NumberFormatException e) {
      log.atWarn().addKeyValue("WATCHDOG_USEC", usec).log("not a number; watchdog off");
      return null;
    }
  }

  /** Whether systemd listens (NOTIFY_SOCKET was given and usable). */
  public synchronized boolean enabled() {
    return socket != null && !failed;
  }

  /** The watchdog timeout systemd set for this process, when it set one. */
  public Optional<Duration> watchdog() {
    return socket == null ? Optional.empty() : Optional.ofNullable(watchdog);
  }

  /**
   * Sends one notification ({@code READY=1}, {@code WATCHDOG=1}, {@code STATUS=...}, lines
   * separated by a newline). Never blocks: the datagram is handed to the notifier's own I/O thread.
   */
  public synchronized void send(String message) {
    if (!enabled() || (channel == null && !open())) {
      return;
    }
    String address = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
    channel
        .writeAndFlush(
            new DomainDatagramPacket(
                Unpooled.copiedBuffer(message, StandardCharsets.UTF_8),
                new DomainSocketAddress(address)))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                log.atWarn()
                    .addKeyValue("socket", socket)
                    .setCause(f.cause())
                    .log("systemd notification not delivered");
              }
            });
  }

  private boolean open() {
    if (!Epoll.isAvailable()) {
      log.atError()
          .setCause(Epoll.unavailabilityCause())
          .log(
              "NOTIFY_SOCKET is set but this platform has no epoll transport for a UNIX datagram"
                  + " socket; systemd gets no readiness or watchdog pings");
      closeQuietly();
      return false;
    }
    group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("systemd-notify", true), EpollIoHandler.newFactory());
    try {
      channel =
          new Bootstrap()
              .group(group)
              .channel(EpollDomainDatagramChannel.class)
              .option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
              .handler(new ChannelInboundHandlerAdapter())
              .register()
              .syncUninterruptibly()
              .channel();
      return true;
    } catch (RuntimeException e) {
      log.atError().setCause(e).log("cannot open a UNIX datagram socket for systemd");
      closeQuietly();
      return false;
    }
  }

  private void closeQuietly() {
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
    group = null;
    channel = null;
    // a socket that cannot be opened is not tried again
    failed = true;
  }

  @Override
  public synchronized void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    channel = null;
    group = null;
  }
}
