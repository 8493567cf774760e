package vn.customs.digital.edge.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Real EC P-256 keys for tests: the device's (written as PEM PKCS#8) and the service's (JWK with a
 * kid).
 */
public final class TestKeys {
  private TestKeys() {}

  public static ECKey generate(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path writePkcs8Pem(ECKey key, Path file) throws IOException {
    try {
      byte[] der = key.toECPrivateKey().getEncoded();
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
              + "\n-----END PRIVATE KEY-----\n";
      Files.writeString(file, pem);
      return file;
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
