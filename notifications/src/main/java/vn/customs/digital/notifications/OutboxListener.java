package vn.customs.digital.notifications;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN dc_outbox on a connection taken from the pool and kept for as long as the listener
 * lives. When the connection drops it reconnects with a growing delay, then calls
 * {@code onReconnect} so that its owner can catch up on what it may have missed meanwhile.
 */
final class OutboxListener {

  static final String CHANNEL = "dc_outbox";
  private static final Logger log = LoggerFactory.getLogger(OutboxListener.class);
  private static final long MAX_RECONNECT_DELAY_MS = 10_000;

  private final Vertx vertx;
  private final Pool pool;
  private final Handler<String> onNotification;
  private final Runnable onReconnect;
  private PgConnection connection;
  private boolean closed;
  private long reconnectDelayMs = 100;

  OutboxListener(Vertx vertx, Pool pool, Handler<String> onNotification, Runnable onReconnect) {
    this.vertx = vertx;
    this.pool = pool;
    this.onNotification = onNotification;
    this.onReconnect = onReconnect;
  }

  Future<Void> start() {
    return connect();
  }

  private Future<Void> connect() {
    return pool.getConnection().compose(sql -> {
      PgConnection pg = PgConnection.cast(sql);
      pg.notificationHandler(n -> {
        if (CHANNEL.equals(n.getChannel())) {
          onNotification.handle(n.getPayload());
        }
      });
      pg.closeHandler(v -> {
        if (!closed && connection == pg) {
          connection = null;
          log.warn("LISTEN {} connection closed; reconnecting", CHANNEL);
          scheduleReconnect();
        }
      });
      return pg.query("LISTEN " + CHANNEL).execute()
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
        log.warn("LISTEN {} reconnect failed: {}", CHANNEL, e.getMessage());
        scheduleReconnect();
      });
    });
  }

  Future<Void> close() {
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
