package vn.customs.digital.lab.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network between the gate agent and the api, as a TCP relay on loopback that a test can cut
 * (every open connection dropped, new ones closed as soon as they are accepted) and restore. HTTP
 * requests and the push WebSocket both go through it, as they would through a real uplink.
 */
final class ApiLink {
  private final Vertx vertx;
  private final int apiPort;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private NetServer server;
  private NetClient client;
  private volatile boolean cut;

  ApiLink(Vertx vertx, int apiPort) {
    this.vertx = vertx;
    this.apiPort = apiPort;
  }

  Future<ApiLink> start() {
    client = vertx.createNetClient();
    server = vertx.createNetServer().connectHandler(this::relay);
    return server.listen(0, "127.0.0.1").map(s -> this);
  }

  private void relay(NetSocket agentSide) {
    if (cut) {
      agentSide.close();
      return;
    }
    agentSide.pause();
    sockets.add(agentSide);
    agentSide.closeHandler(v -> sockets.remove(agentSide));
    client
        .connect(apiPort, "127.0.0.1")
        .onComplete(
            ar -> {
              if (ar.failed() || cut) {
                agentSide.close();
                if (ar.succeeded()) {
                  ar.result().close();
                }
                return;
              }
              NetSocket apiSide = ar.result();
              sockets.add(apiSide);
              apiSide.closeHandler(
                  v -> {
                    sockets.remove(apiSide);
                    agentSide.close();
                  });
              agentSide.closeHandler(
                  v -> {
                    sockets.remove(agentSide);
                    apiSide.close();
                  });
              agentSide.pipeTo(apiSide);
              apiSide.pipeTo(agentSide);
            });
  }

  /** The api's address as the agent is told it. */
  String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The link goes down: whatever is in flight is lost, nothing new gets through. */
  void cut() {
    cut = true;
    sockets.forEach(NetSocket::close);
  }

  void restore() {
    cut = false;
  }

  Future<Void> close() {
    cut();
    return server.close().compose(v -> client.close());
  }
}
