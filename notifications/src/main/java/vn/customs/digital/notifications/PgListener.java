package vn.customs.digital.notifications;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN on one PostgreSQL channel on a connection taken from the pool and kept for as long as the
 * listener lives; each NOTIFY's payload goes to {@code onNotification}. When the connection drops
 * it reconnects with a growing delay (100 ms, doubling up to 10 s), then calls {@code onReconnect}
 * so that its owner can catch up on what it may have missed meanwhile. {@link #close()} stops it
 * for good: no reconnect attempt afterwards, and the connection is UNLISTENed before it goes back
 * to the pool.
 *
 * <p>A LISTEN connection only receives when someone NOTIFYs, so a stalled network would leave it
 * waiting for ever; every {@link #KEEPALIVE} it runs a trivial query, which keeps a healthy
 * connection talking and lets the pool's silence timeout (the api's {@code PG_STATEMENT_TIMEOUT_MS}
 * plus a second) close a stalled one, which then reconnects. A lost connection and its return are
 * logged once each, not every attempt in between.
 */
public final class PgListener {

  private static final Logger log = LoggerFactory.getLogger(PgListener.class);
  private static final long MAX_RECONNECT_DELAY_MS = 10_000;

  /**
   * How often an idle LISTEN connection proves it is alive; a pool's silence timeout must be well
   * above it.
   */
  public static final Duration KEEPALIVE = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final Pool pool;
  private final String channel;
  private final Handler<String> onNotification;
  private final Runnable onReconnect;
  private final DatabaseAvailability availability;
  private PgConnection connection;
  private boolean closed;
  private long reconnectDelayMs = 100;
  private int failedAttempts;
  private long keepAliveTimer = -1;
  private boolean keepAliveInFlight;

  /**
   * @param channel a PostgreSQL identifier, used as is in {@code LISTEN channel}
   */
  public PgListener(
      Vertx vertx,
      Pool pool,
      String channel,
      Handler<String> onNotification,
      Runnable onReconnect) {
    this.vertx = vertx;
    this.pool = pool;
    this.channel = channel;
    this.onNotification = onNotification;
    this.onReconnect = onReconnect;
    this.availability = DatabaseAvailability.of(vertx);
  }

  /** Completes once LISTEN is in effect; fails (without retrying) when the first attempt does. */
  public Future<Void> start() {
    return connect().onSuccess(v -> scheduleKeepAlive());
  }

  private Future<Void> connect() {
    return pool.getConnection()
        .compose(
            sql -> {
              PgConnection pg = PgConnection.cast(sql);
              pg.notificationHandler(
                  n -> {
                    if (channel.equals(n.getChannel())) {
                      onNotification.handle(n.getPayload());
                    }
                  });
              // Without a handler the sql client prints a connection's I/O errors (a reset) to
              // stderr; the close follows.
              pg.exceptionHandler(
                  e -> log.debug("LISTEN {} connection error: {}", channel, e.toString()));
              pg.closeHandler(
                  v -> {
                    if (!closed && connection == pg) {
                      connection = null;
                      log.warn("LISTEN {} connection lost; reconnecting until it is back", channel);
                      scheduleReconnect();
                    }
                  });
              return pg.query("LISTEN " + channel)
                  .execute()
                  .onFailure(e -> pg.close())
                  .map(
                      rows -> {
                        if (closed) {
                          release(pg);
                        } else {
                          connection = pg;
                          reconnectDelayMs = 100;
                          availability.succeeded();
                        }
                        return (Void) null;
                      });
            });
  }

  private void scheduleReconnect() {
    long delay = reconnectDelayMs;
    reconnectDelayMs = Math.min(MAX_RECONNECT_DELAY_MS, reconnectDelayMs * 2);
    vertx.setTimer(
        delay,
        id -> {
          if (closed) {
            return;
          }
          connect()
              .onSuccess(
                  v -> {
                    if (failedAttempts > 0) {
                      log.info(
                          "LISTEN {} listening again after {} failed attempts",
                          channel,
                          failedAttempts);
                      failedAttempts = 0;
                    }
                    onReconnect.run();
                  })
              .onFailure(
                  e -> {
                    // An outage is logged once by the availability tracker; another failure once
                    // per run of them.
                    if (!availability.failed(e) && failedAttempts == 0) {
                      log.warn(
                          "LISTEN {} reconnect failed, retrying with backoff: {}",
                          channel,
                          e.toString());
                    }
                    failedAttempts++;
                    scheduleReconnect();
                  });
        });
  }

  private void scheduleKeepAlive() {
    keepAliveTimer =
        vertx.setPeriodic(
            KEEPALIVE.toMillis(),
            id -> {
              PgConnection pg = connection;
              if (pg != null && !closed && !keepAliveInFlight) {
                keepAliveInFlight = true;
                // A failure closes the connection (or the silence timeout does), and the close
                // handler reconnects.
                pg.query("select 1")
                    .execute()
                    .onSuccess(rows -> availability.succeeded())
                    .onFailure(availability::failed)
                    .onComplete(ar -> keepAliveInFlight = false);
              }
            });
  }

  /** Stops listening for good: no reconnect attempt afterwards. */
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(keepAliveTimer);
    PgConnection pg = connection;
    connection = null;
    return pg == null ? Future.succeededFuture() : release(pg);
  }

  /** UNLISTEN before the connection goes back to the pool, where it would keep receiving. */
  private static Future<Void> release(PgConnection pg) {
    return pg.query("UNLISTEN *").execute().transform(ar -> pg.close());
  }
}
