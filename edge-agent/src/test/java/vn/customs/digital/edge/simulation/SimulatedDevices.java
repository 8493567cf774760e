package vn.customs.digital.edge.simulation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import vn.customs.digital.edge.coap.CoapSetup;
import vn.customs.digital.edge.config.GateConfig;

/**
 * The lane's devices, simulated: a camera and an e-seal reader as one CoAP server (UDP, or DTLS
 * with a pre-shared key): {@code /recognition} (the camera's last read) and {@code /seals} (every
 * seal's state), both observable. {@link #restart()} behaves like a device reboot: same port,
 * observers forgotten. The agent's tests drive it; the lab's device simulator scripts it.
 */
public final class SimulatedDevices {
  private final String host;
  private final Optional<GateConfig.Psk> psk;
  private int port;
  private CoapServer server;
  private final Map<String, JsonObject> sealStates = new LinkedHashMap<>();
  private volatile String lastRead = "{}";
  private Recognition recognition;
  private Seals seals;

  public SimulatedDevices(String host, int port, Optional<GateConfig.Psk> psk) {
    this.host = host;
    this.port = port;
    this.psk = psk;
  }

  public synchronized SimulatedDevices start() {
    CoapEndpoint endpoint =
        psk.isPresent()
            ? dtlsServer(new InetSocketAddress(host, port), psk.get())
            : CoapSetup.udp(new InetSocketAddress(host, port));
    server = new CoapServer(CoapSetup.configuration());
    server.addEndpoint(endpoint);
    // fresh resources: a rebooted device remembers its state, not its observers
    recognition = new Recognition();
    seals = new Seals();
    server.add(recognition, seals);
    server.start();
    port = endpoint.getAddress().getPort();
    return this;
  }

  /**
   * A DTLS server endpoint accepting the given pre-shared key, as a device configured for coaps
   * serves.
   */
  private static CoapEndpoint dtlsServer(InetSocketAddress address, GateConfig.Psk psk) {
    Configuration config = CoapSetup.configuration();
    config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
    AdvancedMultiPskStore store = new AdvancedMultiPskStore();
    store.setKey(psk.identity(), psk.secret());
    DtlsConnectorConfig dtls =
        DtlsConnectorConfig.builder(config).setAddress(address).setAdvancedPskStore(store).build();
    return new CoapEndpoint.Builder()
        .setConfiguration(config)
        .setConnector(new DTLSConnector(dtls))
        .build();
  }

  /**
   * Like a power cycle: the devices come back on the same port knowing no observers, keeping their
   * state.
   */
  public synchronized void restart() {
    server.destroy();
    start();
  }

  public synchronized void stop() {
    if (server != null) {
      server.destroy();
      server = null;
    }
  }

  public int port() {
    return port;
  }

  public String uri(String resource) {
    return (psk.isPresent() ? "coaps" : "coap") + "://" + host + ":" + port + "/" + resource;
  }

  /** A vehicle stops at the camera; returns the read id. */
  public synchronized String arrive(
      String plate, List<String> containers, double confidence, String imageRef) {
    String readId = UUID.randomUUID().toString();
    recognition.publish(
        new JsonObject()
            .put("readId", readId)
            .put("plate", plate)
            .put("containerNumbers", new JsonArray(containers))
            .put("confidence", confidence)
            .put("imageRef", imageRef == null ? "sim/" + readId + ".jpg" : imageRef)
            .put("at", Instant.now().toString())
            .encode());
    return readId;
  }

  public synchronized void seal(String sealId, String state, String containerNumber) {
    seals.report(sealId, state, containerNumber);
  }

  public synchronized int recognitionObservers() {
    return recognition.getObserverCount();
  }

  public synchronized int sealObservers() {
    return seals.getObserverCount();
  }

  private final class Recognition extends CoapResource {
    Recognition() {
      super("recognition");
      setObservable(true);
      // each read matters: non-confirmable notifications are not coalesced while one is in flight
      setObserveType(CoAP.Type.NON);
      getAttributes().setObservable();
      getAttributes().setTitle("Lane camera: plate and container recognition");
      getAttributes().addContentType(MediaTypeRegistry.APPLICATION_JSON);
    }

    void publish(String json) {
      lastRead = json;
      changed();
    }

    @Override
    public void handleGET(CoapExchange exchange) {
      exchange.respond(CoAP.ResponseCode.CONTENT, lastRead, MediaTypeRegistry.APPLICATION_JSON);
    }
  }

  private final class Seals extends CoapResource {
    Seals() {
      super("seals");
      setObservable(true);
      setObserveType(CoAP.Type.CON);
      getAttributes().setObservable();
      getAttributes().setTitle("E-seal reader: seal states");
      getAttributes().addContentType(MediaTypeRegistry.APPLICATION_JSON);
    }

    void report(String sealId, String state, String containerNumber) {
      synchronized (sealStates) {
        sealStates.put(
            sealId,
            new JsonObject()
                .put("sealId", sealId)
                .put("state", state)
                .put("containerNumber", containerNumber)
                .put("at", Instant.now().toString()));
      }
      changed();
    }

    @Override
    public void handleGET(CoapExchange exchange) {
      String body;
      synchronized (sealStates) {
        body =
            new JsonObject().put("seals", new JsonArray(List.copyOf(sealStates.values()))).encode();
      }
      exchange.respond(CoAP.ResponseCode.CONTENT, body, MediaTypeRegistry.APPLICATION_JSON);
    }
  }
}
