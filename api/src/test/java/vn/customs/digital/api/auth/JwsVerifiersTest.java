package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import org.junit.jupiter.api.Test;

/**
 * Kept verifiers check ES256 signatures made by the JDK's provider (Nimbus' signer) with Bouncy
 * Castle, refuse what they must, and are kept per public key, never shared between two keys.
 */
class JwsVerifiersTest {
  private static final String DECLARATION =
      "{\"type\":\"IMPORT\",\"declarantTaxCode\":\"0101234567\"}";

  @Test
  void verifiesWhatTheKeySignedAndNothingElse() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("phone-1").generate();
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID("phone-1").generate();
    JWSObject signed = signed(key, DECLARATION);

    assertThat(signed.verify(JwsVerifiers.forKey(key.toPublicJWK()))).isTrue();
    assertThat(signed.verify(JwsVerifiers.forKey(other.toPublicJWK())))
        .as("same kid, another key")
        .isFalse();
    JWSObject tampered =
        new JWSObject(
            signed.getHeader().toBase64URL(),
            Base64URL.encode(DECLARATION.replace("IMPORT", "EXPORT")),
            signed.getSignature());
    assertThat(tampered.verify(JwsVerifiers.forKey(key.toPublicJWK())))
        .as("payload changed")
        .isFalse();
  }

  @Test
  void refusesTheZeroSignature() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    JWSObject signed = signed(key, DECLARATION);
    JWSObject zero =
        new JWSObject(
            signed.getHeader().toBase64URL(),
            signed.getPayload().toBase64URL(),
            Base64URL.encode(new byte[64]));
    assertThat(zero.verify(JwsVerifiers.forKey(key.toPublicJWK())))
        .as("r = s = 0 (CVE-2022-21449)")
        .isFalse();
  }

  @Test
  void keepsOneVerifierPerPublicKey() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("phone-2").generate();
    JWK sameKeyParsedAgain = JWK.parse(key.toPublicJWK().toJSONString());
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID("phone-2").generate();

    assertThat(JwsVerifiers.forKey(sameKeyParsedAgain))
        .isSameAs(JwsVerifiers.forKey(key.toPublicJWK()));
    assertThat(JwsVerifiers.forKey(other.toPublicJWK()))
        .isNotSameAs(JwsVerifiers.forKey(key.toPublicJWK()));
  }

  @Test
  void verifiesRs256WithAnRsaKey() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    JWSObject jws =
        new JWSObject(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build(),
            new Payload(DECLARATION));
    jws.sign(new RSASSASigner(key));
    assertThat(JWSObject.parse(jws.serialize()).verify(JwsVerifiers.forKey(key.toPublicJWK())))
        .isTrue();
  }

  @Test
  void refusesOtherCurvesAndAlgorithmsTheKeyCannotDo() throws Exception {
    ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
    assertThatThrownBy(() -> JwsVerifiers.forKey(p384.toPublicJWK()))
        .isInstanceOf(JOSEException.class)
        .hasMessageContaining("P-256");

    RSAKey rsa = new RSAKeyGenerator(2048).generate();
    JWSObject es256 = signed(new ECKeyGenerator(Curve.P_256).generate(), DECLARATION);
    assertThatThrownBy(() -> es256.verify(JwsVerifiers.forKey(rsa.toPublicJWK())))
        .isInstanceOf(JOSEException.class);
  }

  private static JWSObject signed(ECKey key, String payload) throws JOSEException, ParseException {
    JWSObject jws =
        new JWSObject(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
            new Payload(payload));
    jws.sign(new ECDSASigner(key));
    return JWSObject.parse(jws.serialize());
  }
}
