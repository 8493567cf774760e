package vn.customs.digital.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import vn.customs.digital.api.platform.BoundedCache;

/**
 * Signature verifiers for registered public keys (enterprise signing keys, gate devices), made once
 * per key and kept. ES256 goes through Bouncy Castle's P-256: the multiples of the key's point that
 * a verification precomputes stay with the kept key, so a verification costs about 0.12 ms, where
 * the JDK's provider takes about 0.8 ms on CPUs without AVX-512 (docs/benchmarks.md). RS256 goes
 * through the JDK. The provider is handed to each verifier, never installed in the JVM: nothing
 * else changes.
 *
 * <p>Keys are kept by their RFC 7638 thumbprint, which covers exactly the public key material, so a
 * kept verifier can only ever check signatures for the very key it was made from. Whether a key may
 * still be used (revocation) is decided by its caller on every request, not here.
 */
public final class JwsVerifiers {
  static final int CACHE_SIZE = 10_000;
  private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
  private static final BoundedCache<String, JWSVerifier> KEPT = new BoundedCache<>(CACHE_SIZE);

  private JwsVerifiers() {}

  /** A verifier for this EC P-256 or RSA public key; a {@link JOSEException} for any other key. */
  public static JWSVerifier forKey(JWK key) throws JOSEException {
    String id = key.getKeyType() + ":" + key.computeThumbprint();
    JWSVerifier kept = KEPT.get(id);
    if (kept == null) {
      kept = made(key);
      KEPT.put(id, kept);
    }
    return kept;
  }

  private static JWSVerifier made(JWK key) throws JOSEException {
    if (key instanceof ECKey ec) {
      if (!Curve.P_256.equals(ec.getCurve())) {
        throw new JOSEException("only EC keys on P-256 are accepted, not " + ec.getCurve());
      }
      try {
        ECPublicKey point =
            (ECPublicKey)
                KeyFactory.getInstance("EC", BOUNCY_CASTLE)
                    .generatePublic(new X509EncodedKeySpec(ec.toECPublicKey().getEncoded()));
        ECDSAVerifier verifier = new ECDSAVerifier(point);
        verifier.getJCAContext().setProvider(BOUNCY_CASTLE);
        return verifier;
      } catch (GeneralSecurityException e) {
        throw new JOSEException("the EC key cannot be loaded: " + e.getMessage(), e);
      }
    }
    if (key instanceof RSAKey rsa) {
      return new RSASSAVerifier(rsa);
    }
    throw new JOSEException(
        "a " + key.getKeyType() + " key cannot verify ES256 or RS256 signatures");
  }
}
