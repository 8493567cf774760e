package vn.customs.digital.notifications;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN on one PostgreSQL channel on a connection taken from the pool and kept for as long as the
 * listener lives; each NOTIFY's payload goes to {@code onNotification}. When the connection drops it
 * reconnects with a growing delay (100 ms, doubling up to 10 s), then calls {@code onReconnect} so that
 * its owner can catch up on what it may have missed meanwhile. {@link #close()} stops it for good: no
 * reconnect attempt afterwards, and the connection is UNLISTENed before it goes back to the pool.
 */
public final class PgListener {

  private static final Logger log = LoggerFactory.getLogger(PgListener.class);
  private static final long MAX_RECONNECT_DELAY_MS = 10_000;

  private final Vertx vertx;
  private final Pool pool;
  private final String channel;
  private final Handler<String> onNotification;
  private final Runnable onReconnect;
  private PgConnection connection;
  private boolean closed;
  private long reconnectDelayMs = 100;

  /** @param channel a PostgreSQL identifier, used as is in {@code LISTEN channel} */
  public PgListener(Vertx vertx, Pool pool, String channel, Handler<String> onNotification, Runnable onReconnect) {
    this.vertx = vertx;
    this.pool = pool;
    this.channel = channel;
    this.onNotification = onNotification;
    this.onReconnect = onReconnect;
  }

  /** Completes once LISTEN is in effect; fails (without retrying) when the first attempt does. */
  public Future<Void> start() {
    return connect();
  }

  private Future<Void> connect() {
    return pool.getConnection().compose(sql -> {
      PgConnection pg = PgConnection.cast(sql);
      pg.notificationHandler(n -> {
        if (channel.equals(n.getChannel())) {
          onNotification.handle(n.getPayload());
        }
      });
      pg.closeHandler(v -> {
        if (!closed && connection == pg) {
          connection = null;
          log.warn("LISTEN {} connection closed; reconnecting", channel);
          scheduleReconnect();
        }
      });
      return pg.query("LISTEN " + channel).execute()
          .onFailure(e -> pg.close())
          .map(rows -> {
            if (closed) {
              release(pg);
            } else {
              connection = pg;
              reconnectDelayMs = 100;
            }
            return (Void) null;
          });
    });
  }

  private void scheduleReconnect() {
    long delay = reconnectDelayMs;
    reconnectDelayMs = Math.min(MAX_RECONNECT_DELAY_MS, reconnectDelayMs * 2);
    vertx.setTimer(delay, id -> {
      if (closed) {
        return;
      }
      connect().onSuccess(v -> onReconnect.run()).onFailure(e -> {
        log.warn("LISTEN {} reconnect failed: {}", channel, e.getMessage());
        scheduleReconnect();
      });
    });
  }

  /** Stops listening for good: no reconnect attempt afterwards. */
  public Future<Void> close() {
    closed = true;
    PgConnection pg = connection;
    connection = null;
    return pg == null ? Future.succeededFuture() : release(pg);
  }

  /** UNLISTEN before the connection goes back to the pool, where it would keep receiving. */
  private static Future<Void> release(PgConnection pg) {
    return pg.query("UNLISTEN *").execute().transform(ar -> pg.close());
  }
}
