package vn.customs.digital.edge.coap;

import java.net.InetSocketAddress;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;

/**
 * The agent's own CoAP server: {@code /lane} is what the lane display shows ("GO", "HOLD
 * NOT_RELEASED MSCU...: container not released", "READY"), observable so a display gets each change
 * at once.
 */
public final class LaneDisplayServer {
  private final CoapServer server;
  private final CoapEndpoint endpoint;
  private final LaneResource lane = new LaneResource();

  public LaneDisplayServer(String host, int port) {
    this.endpoint = CoapSetup.udp(new InetSocketAddress(host, port));
    this.server = new CoapServer(CoapSetup.configuration());
    server.addEndpoint(endpoint);
    server.add(lane);
  }

  public void start() {
    server.start();
  }

  public int port() {
    return endpoint.getAddress().getPort();
  }

  public void show(String text) {
    lane.show(text);
  }

  public String current() {
    return lane.text;
  }

  public void stop() {
    server.destroy();
  }

  private static final class LaneResource extends CoapResource {
    private volatile String text = "READY";

    LaneResource() {
      super("lane");
      setObservable(true);
      setObserveType(CoAP.Type.CON);
      getAttributes().setTitle("Lane display");
      getAttributes().addContentType(MediaTypeRegistry.TEXT_PLAIN);
      getAttributes().setObservable();
    }

    void show(String newText) {
      if (!newText.equals(text)) {
        text = newText;
        changed();
      }
    }

    @Override
    public void handleGET(CoapExchange exchange) {
      exchange.respond(CoAP.ResponseCode.CONTENT, text, MediaTypeRegistry.TEXT_PLAIN);
    }
  }
}
