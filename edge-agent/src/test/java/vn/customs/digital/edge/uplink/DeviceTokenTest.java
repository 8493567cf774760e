package vn.customs.digital.edge.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.edge.support.TestKeys;

class DeviceTokenTest {
  @TempDir Path dir;

  @Test
  @DisplayName(
      "A device token is ES256 by the device key, kid = iss = sub = device id, aud = api, short-lived")
  void tokenCarriesTheContractClaims() throws Exception {
    ECKey key = TestKeys.generate("vnhph-l1-agent");
    DeviceToken tokens =
        new DeviceToken(
            "vnhph-l1-agent",
            "digital-customs-api",
            DeviceToken.readPrivateKey(TestKeys.writePkcs8Pem(key, dir.resolve("k.pem"))),
            Clock.systemUTC());

    SignedJWT jwt = SignedJWT.parse(tokens.next());

    assertThat(jwt.verify(new ECDSAVerifier(key.toPublicJWK()))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo("vnhph-l1-agent");
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("vnhph-l1-agent");
    assertThat(claims.getSubject()).isEqualTo("vnhph-l1-agent");
    assertThat(claims.getAudience()).containsExactly("digital-customs-api");
    Duration lifetime =
        Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
    assertThat(lifetime).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(300));
  }

  @Test
  @DisplayName("Every token has its own jti, since the api refuses a replayed one")
  void everyTokenHasAFreshJti() throws Exception {
    ECKey key = TestKeys.generate("d1");
    Path jwk = Files.writeString(dir.resolve("key.jwk"), key.toJSONString());
    DeviceToken tokens =
        new DeviceToken("d1", "api", DeviceToken.readPrivateKey(jwk), Clock.systemUTC());

    String first = SignedJWT.parse(tokens.next()).getJWTClaimsSet().getJWTID();
    String second = SignedJWT.parse(tokens.next()).getJWTClaimsSet().getJWTID();

    assertThat(first).isNotBlank().isNotEqualTo(second);
  }
}
