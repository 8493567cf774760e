package vn.customs.digital.notifications;

import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this process can reach its PostgreSQL, as its queries find out: which failures mean the
 * database is away ({@link #isOutage}: refused, timed out, connection lost, shutting down, too
 * busy, as opposed to a failure of the query itself), and one WARN line when it goes away and one
 * when it is back, however many requests and background tasks fail in between, instead of a line
 * (or a stack trace) per failure.
 *
 * <p>One per Vert.x instance ({@link #of}), shared by every verticle, so that the api's event loops
 * and its background workers report into the same state and a transition is logged once.
 */
public final class DatabaseAvailability implements Shareable {

  private static final Logger log = LoggerFactory.getLogger(DatabaseAvailability.class);
  private static final String MAP = "dc.database";
  private static final String KEY = "availability";

  /**
   * The sql client's own failures that mean "no connection": they carry no type of their own, only
   * these texts.
   */
  private static final String POOL_WAIT_TIMEOUT = "Timeout waiting for connection";

  private static final String ACQUIRE_TIMEOUT = "Timeout";
  private static final String CONNECTION_CLOSED =
      "Pending requests failed to be sent due to connection has been closed.";
  private static final String CONNECTION_NOT_ACTIVE = "Connection is not active now";

  /**
   * After the database is back, operations that were under way during the outage may still fail for
   * a moment (a wait for a connection that times out just then): such failures do not open a new
   * outage.
   */
  static final long RECOVERY_GRACE_MS = 1_000;

  private final LongSupplier clock;

  /** Since when the database is away (epoch ms), 0 while it is available. */
  private final AtomicLong unavailableSince = new AtomicLong();

  /** When the database was last found back (epoch ms). */
  private final AtomicLong availableAgainAt = new AtomicLong(Long.MIN_VALUE / 2);

  private final AtomicInteger failures = new AtomicInteger();

  DatabaseAvailability(LongSupplier clock) {
    this.clock = clock;
  }

  /** The tracker of this Vert.x instance. */
  public static DatabaseAvailability of(Vertx vertx) {
    LocalMap<String, DatabaseAvailability> map = vertx.sharedData().getLocalMap(MAP);
    DatabaseAvailability existing = map.get(KEY);
    if (existing != null) {
      return existing;
    }
    DatabaseAvailability created = new DatabaseAvailability(System::currentTimeMillis);
    DatabaseAvailability raced = map.putIfAbsent(KEY, created);
    return raced != null ? raced : created;
  }

  /**
   * True when the failure says the database cannot be reached or did not answer in time, rather
   * than that it refused the query: the caller can only retry later. Looks through causes (the sql
   * client wraps an I/O error in the failure of the commands it could not send).
   */
  public static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof SocketException
          || t instanceof ClosedConnectionException
          // a bound put on a database operation's future (the readiness probe's)
          || t instanceof TimeoutException) {
        return true;
      }
      if (t instanceof PgException pg && pg.getSqlState() != null) {
        String state = pg.getSqlState();
        // 08: connection exception; 57: operator intervention (shutdown, statement timeout, cannot
        // connect now);
        // 53: insufficient resources (too many connections, out of memory, disk full).
        return state.startsWith("08") || state.startsWith("57") || state.startsWith("53");
      }
      String message = t.getMessage();
      if (message != null
          && t instanceof VertxException
          && (message.equals(POOL_WAIT_TIMEOUT)
              || message.equals(CONNECTION_CLOSED)
              || message.startsWith(CONNECTION_NOT_ACTIVE))) {
        return true;
      }
      if (t instanceof NoStackTraceThrowable && ACQUIRE_TIMEOUT.equals(message)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reports a failed database operation. Returns whether it was an outage, which this tracker has
   * then dealt with (logged if it is the first since the database was last available, and not just
   * after it came back); any other failure is the caller's to report as before.
   */
  public boolean failed(Throwable failure) {
    if (!isOutage(failure)) {
      return false;
    }
    long now = clock.getAsLong();
    if (now - availableAgainAt.get() < RECOVERY_GRACE_MS) {
      return true;
    }
    failures.incrementAndGet();
    if (unavailableSince.compareAndSet(0, now)) {
      log.atWarn()
          .addKeyValue("cause", describe(failure))
          .log("database unavailable: its operations fail until it is back");
    }
    return true;
  }

  /** Reports a database operation that succeeded: the database is available (again). */
  public void succeeded() {
    long since = unavailableSince.get();
    if (since != 0 && unavailableSince.compareAndSet(since, 0)) {
      long now = clock.getAsLong();
      availableAgainAt.set(now);
      log.atWarn()
          .addKeyValue("unavailableMs", now - since)
          .addKeyValue("failedOperations", failures.getAndSet(0))
          .log("database available again");
    }
  }

  private static String describe(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t && !(t instanceof PgException)) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
