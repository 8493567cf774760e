package vn.customs.digital.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on a loopback port in front of a real server (PostgreSQL in the api's outage tests),
 * with the faults a network or a database host really shows:
 *
 * <ul>
 *   <li>{@link #cut()}: the server is gone. Open connections are closed and the listening socket
 *       too, so new connections are refused by the kernel (ECONNREFUSED), as for a stopped server;
 *   <li>{@link #stall()}: a network partition. Connections stay open and new ones are accepted, but
 *       no byte goes either way; what was sent meanwhile is held, and delivered once healed, as TCP
 *       would;
 *   <li>{@link #heal()}: back to forwarding, on the same port.
 * </ul>
 *
 * Plain sockets on virtual threads, two per connection, so any module's tests can use it without
 * Vert.x.
 */
public final class TcpProxy implements AutoCloseable {

  private enum Mode {
    FORWARDING,
    STALLED,
    CUT,
    CLOSED
  }

  private final InetSocketAddress target;
  private final int port;
  // A lock rather than synchronized: a virtual thread waiting in Object.wait pins its carrier on
  // JDK 21.
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition modeChanged = lock.newCondition();
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private Mode mode = Mode.FORWARDING;
  private ServerSocket server;

  private TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.server = listen(0);
    this.port = server.getLocalPort();
    acceptLoop(server);
  }

  /** A proxy on a free loopback port forwarding to {@code host:port}. */
  public static TcpProxy to(String host, int port) {
    try {
      return new TcpProxy(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new IllegalStateException("tcp proxy: cannot listen on loopback: " + e.getMessage(), e);
    }
  }

  /** The loopback port clients connect to; the same across cut and heal. */
  public int port() {
    return port;
  }

  public String host() {
    return InetAddress.getLoopbackAddress().getHostAddress();
  }

  /** Connections accepted so far (all modes). */
  public long accepted() {
    return accepted.get();
  }

  /** Connections currently open through the proxy. */
  public int open() {
    return links.size();
  }

  /**
   * Closes every connection and stops listening: new connections are refused until {@link #heal()}.
   */
  public void cut() {
    lock.lock();
    try {
      requireOpen();
      mode = Mode.CUT;
      closeQuietly(server);
      server = null;
      modeChanged.signalAll();
    } finally {
      lock.unlock();
    }
    links.forEach(Link::close);
  }

  /**
   * Keeps connections open (and accepts new ones) but forwards nothing, either way, until {@link
   * #heal()}.
   */
  public void stall() {
    lock.lock();
    try {
      requireOpen();
      if (mode == Mode.CUT) {
        server = listenAgain();
      }
      mode = Mode.STALLED;
    } finally {
      lock.unlock();
    }
  }

  /** Forwards again: held bytes go first; after a cut, listens on the same port again. */
  public void heal() {
    lock.lock();
    try {
      requireOpen();
      if (mode == Mode.CUT) {
        server = listenAgain();
      }
      mode = Mode.FORWARDING;
      modeChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      mode = Mode.CLOSED;
      closeQuietly(server);
      server = null;
      modeChanged.signalAll();
    } finally {
      lock.unlock();
    }
    links.forEach(Link::close);
  }

  private void requireOpen() {
    if (mode == Mode.CLOSED) {
      throw new IllegalStateException("tcp proxy is closed");
    }
  }

  private ServerSocket listenAgain() {
    try {
      ServerSocket s = listen(port);
      acceptLoop(s);
      return s;
    } catch (IOException e) {
      throw new IllegalStateException(
          "tcp proxy: cannot listen on port " + port + " again: " + e.getMessage(), e);
    }
  }

  private static ServerSocket listen(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    // The port of a cut proxy is taken again at once, though connections it closed may linger in
    // TIME_WAIT.
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return s;
  }

  private void acceptLoop(ServerSocket listening) {
    Thread.ofVirtual()
        .name("tcp-proxy-accept-" + port)
        .start(
            () -> {
              while (true) {
                Socket client;
                try {
                  client = listening.accept();
                } catch (IOException closed) {
                  return;
                }
                accepted.incrementAndGet();
                if (refusing()) {
                  closeQuietly(client);
                  continue;
                }
                Socket upstream = new Socket();
                try {
                  upstream.connect(target, 5_000);
                } catch (IOException e) {
                  closeQuietly(client);
                  closeQuietly(upstream);
                  continue;
                }
                Link link = new Link(client, upstream);
                links.add(link);
                link.start();
              }
            });
  }

  private boolean refusing() {
    lock.lock();
    try {
      return mode == Mode.CUT || mode == Mode.CLOSED;
    } finally {
      lock.unlock();
    }
  }

  /** Blocks while stalled; false once the bytes must not go (cut or closed). */
  private boolean awaitForwarding() throws InterruptedException {
    lock.lock();
    try {
      while (mode == Mode.STALLED) {
        modeChanged.await();
      }
      return mode == Mode.FORWARDING;
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // closing is all that is wanted
    }
  }

  /** One proxied connection: a pump per direction; either side's end (or a fault) closes both. */
  private final class Link {
    private final Socket client;
    private final Socket upstream;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start() {
      Thread.ofVirtual().name("tcp-proxy-up-" + port).start(() -> pump(client, upstream));
      Thread.ofVirtual().name("tcp-proxy-down-" + port).start(() -> pump(upstream, client));
    }

    private void pump(Socket from, Socket to) {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          if (!awaitForwarding()) {
            break;
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (SocketException | InterruptedException closed) {
        // the other pump, cut() or close() closed the sockets
      } catch (IOException e) {
        // a reset by either side ends the link like a close
      } finally {
        close();
      }
    }

    void close() {
      links.remove(this);
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }
}
