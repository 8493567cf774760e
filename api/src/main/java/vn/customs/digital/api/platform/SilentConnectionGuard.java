package vn.customs.digital.api.platform;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateEvent;
import io.vertx.core.Completable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.impl.SocketConnectionBase;
import io.vertx.sqlclient.internal.SqlConnectionBase;
import io.vertx.sqlclient.spi.ConnectionFactory;

/**
 * The PostgreSQL driver with one change: a connection that has received nothing for the transport's
 * read-idle timeout is closed at once, its queries failing, rather than politely.
 *
 * <p>Vert.x reacts to a read-idle timeout by closing the channel through its pipeline, where the pg
 * client's encoder turns the close into a Terminate message and a half-close that waits for the
 * server to hang up. A server that does not answer (a stalled network, a frozen host) never does:
 * the connection would stay in the pool with its queries pending for as long as TCP keeps it, and
 * nothing else bounds them. This driver puts a handler right after the idle-state handler that
 * closes the channel from there, below the encoder.
 *
 * <p>It reaches the connection's channel through the sql client's internal classes ({@code
 * SqlConnectionBase}, {@code SocketConnectionBase}): a Vert.x upgrade must keep {@code
 * DatabaseOutageTest} green. It guards established connections; one still starting up when the
 * network stalls is not in use, and is bounded for the request that waits for it by the pool's wait
 * timeout.
 */
final class SilentConnectionGuard extends PgDriver {
  private static final String IDLE_HANDLER = "idle";
  private static final String NAME = "dc-close-on-silence";

  @Override
  public ConnectionFactory<PgConnectOptions> createConnectionFactory(
      Vertx vertx, NetClientOptions transportOptions) {
    ConnectionFactory<PgConnectOptions> connections =
        super.createConnectionFactory(vertx, transportOptions);
    return new ConnectionFactory<>() {
      @Override
      public Future<SqlConnection> connect(Context context, PgConnectOptions options) {
        return connections
            .connect(context, options)
            .compose(
                connection ->
                    guarded(connection)
                        ? Future.succeededFuture(connection)
                        : connection
                            .close()
                            .transform(
                                closed ->
                                    Future.failedFuture(
                                        new IllegalStateException(
                                            "the pg client's connections no longer have the shape SilentConnectionGuard expects"
                                                + " (an idle-state handler on a socket connection): check it against this Vert.x version"))));
      }

      @Override
      public void close(Completable<Void> completion) {
        connections.close(completion);
      }
    };
  }

  /**
   * Whether the connection is guarded now; false when its internals are not what this class knows.
   */
  private static boolean guarded(SqlConnection connection) {
    if (connection instanceof SqlConnectionBase<?> base
        && base.unwrap() instanceof SocketConnectionBase socket) {
      ChannelPipeline pipeline = socket.socket().channelHandlerContext().pipeline();
      if (pipeline.get(IDLE_HANDLER) != null) {
        pipeline.addAfter(IDLE_HANDLER, NAME, CloseOnSilence.INSTANCE);
        return true;
      }
    }
    return false;
  }

  @ChannelHandler.Sharable
  private static final class CloseOnSilence extends ChannelInboundHandlerAdapter {
    static final CloseOnSilence INSTANCE = new CloseOnSilence();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
      if (event instanceof IdleStateEvent) {
        // From this handler's context the close skips the handlers after it, the pg encoder among
        // them.
        ctx.close();
      } else {
        ctx.fireUserEventTriggered(event);
      }
    }
  }
}
