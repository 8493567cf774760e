package vn.customs.digital.api.gates;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import vn.customs.digital.notifications.PgListener;

/**
 * LISTEN dc_gate_feed (NOTIFY'd at commit by the trigger {@code gate_feed_notify}, see the package
 * documentation) on one connection per process, and tell this process's feed sockets on the local
 * event bus which gate's feed grew. Every api instance listens, so an agent connected to any
 * instance hears of a release committed by any other. After a lost connection it reconnects with a
 * growing delay ({@link PgListener}) and announces {@link #ALL_GATES}, so sockets catch up on what
 * they may have missed.
 */
public final class GateFeedListener extends VerticleBase {
  /** Local event-bus address; the body is a gate code or {@link #ALL_GATES}. */
  public static final String ADDRESS = "dc.gates.feed";

  static final String ALL_GATES = "*";
  private static final String CHANNEL = "dc_gate_feed";

  private final Pool pool;
  private PgListener listener;

  public GateFeedListener(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<?> start() {
    listener =
        new PgListener(
            vertx,
            pool,
            CHANNEL,
            gate -> vertx.eventBus().publish(ADDRESS, gate),
            () -> vertx.eventBus().publish(ADDRESS, ALL_GATES));
    return listener.start();
  }

  @Override
  public Future<?> stop() {
    return listener == null ? Future.succeededFuture() : listener.close();
  }
}
