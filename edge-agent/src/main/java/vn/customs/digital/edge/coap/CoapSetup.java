package vn.customs.digital.edge.coap;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import vn.customs.digital.edge.config.GateConfig;

/**
 * The agent's Californium plumbing: configuration without a properties file, endpoints (UDP,
 * DTLS-PSK clients).
 */
public final class CoapSetup {
  static {
    CoapConfig.register();
    UdpConfig.register();
    DtlsConfig.register();
  }

  private CoapSetup() {}

  public static Configuration configuration() {
    return Configuration.createStandardWithoutFile();
  }

  /** A plain UDP endpoint bound to {@code address} (port 0 = ephemeral). */
  public static CoapEndpoint udp(InetSocketAddress address) {
    return new CoapEndpoint.Builder()
        .setConfiguration(configuration())
        .setInetSocketAddress(address)
        .build();
  }

  /** A DTLS client endpoint authenticating with a pre-shared key. */
  public static CoapEndpoint dtlsClient(GateConfig.Psk psk) {
    Configuration config = configuration();
    config.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
    DtlsConnectorConfig dtls =
        DtlsConnectorConfig.builder(config)
            .setAddress(new InetSocketAddress(0))
            .setAdvancedPskStore(new AdvancedSinglePskStore(psk.identity(), psk.secret()))
            .build();
    return new CoapEndpoint.Builder()
        .setConfiguration(config)
        .setConnector(new DTLSConnector(dtls))
        .build();
  }

  public static CoapEndpoint clientFor(GateConfig.CoapDevice device) {
    Optional<GateConfig.Psk> psk = device.psk();
    return psk.isPresent() ? dtlsClient(psk.get()) : udp(new InetSocketAddress(0));
  }
}
