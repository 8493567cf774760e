package vn.customs.digital.api.gates;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTEN dc_gate_feed (NOTIFY'd at commit by the gate_feed trigger, see V9) on one connection per process,
 * and tell this process's feed sockets on the local event bus which gate's feed grew. Every api instance
 * listens, so an agent connected to any instance hears of a release committed by any other. After a lost
 * connection it reconnects with a growing delay and announces {@link #ALL_GATES}, so sockets catch up on
 * what they may have missed.
 */
public final class GateFeedListener extends VerticleBase {
  /** Local event-bus address; the body is a gate code or {@link #ALL_GATES}. */
  public static final String ADDRESS = "dc.gates.feed";
  static final String ALL_GATES = "*";
  private static final String CHANNEL = "dc_gate_feed";
  private static final long MAX_RECONNECT_DELAY_MS = 10_000;
  private static final Logger log = LoggerFactory.getLogger(GateFeedListener.class);

  private final Pool pool;
  private PgConnection connection;
  private boolean stopped;
  private long reconnectDelayMs = 100;

  public GateFeedListener(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    return listen();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    PgConnection c = connection;
    connection = null;
    return c == null ? Future.succeededFuture() : c.close();
  }

  private Future<Void> listen() {
    return pool.getConnection().compose(sql -> {
      PgConnection pg = PgConnection.cast(sql);
      pg.notificationHandler(n -> {
        if (CHANNEL.equals(n.getChannel())) {
          vertx.eventBus().publish(ADDRESS, n.getPayload());
        }
      });
      pg.closeHandler(v -> {
        if (!stopped && connection == pg) {
          connection = null;
          log.warn("LISTEN {} connection closed; reconnecting", CHANNEL);
          reconnectLater();
        }
      });
      return pg.query("LISTEN " + CHANNEL).execute()
          .onFailure(e -> pg.close())
          .map(rows -> {
            connection = pg;
            reconnectDelayMs = 100;
            return null;
          });
    });
  }

  private void reconnectLater() {
    vertx.setTimer(reconnectDelayMs, t -> {
      if (stopped) {
        return;
      }
      listen().onSuccess(v -> vertx.eventBus().publish(ADDRESS, ALL_GATES)).onFailure(e -> {
        reconnectDelayMs = Math.min(reconnectDelayMs * 2, MAX_RECONNECT_DELAY_MS);
        log.warn("LISTEN {} failed: {}; retrying in {} ms", CHANNEL, e.getMessage(), reconnectDelayMs);
        reconnectLater();
      });
    });
  }
}
