package vn.customs.digital.api.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.testing.Await;

@DisplayName("Service key files (ops/keys service)")
class ServiceKeyFilesTest {

  @Test
  @DisplayName(
      "a new key is a private P-256 JWK readable by its owner only, and is never overwritten")
  void create(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys/current.jwk");
    ECKey key = ServiceKeyFiles.create(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    ECKey stored = (ECKey) JWK.parse(Files.readString(file));
    assertThat(stored.isPrivate()).isTrue();
    assertThat(stored.getCurve()).isEqualTo(Curve.P_256);
    assertThat(stored.getKeyID())
        .isEqualTo(key.getKeyID())
        .isEqualTo(key.computeThumbprint().toString());
    assertThatThrownBy(() -> ServiceKeyFiles.create(file))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(((ECKey) JWK.parse(Files.readString(file))).getKeyID()).isEqualTo(key.getKeyID());
  }

  @Test
  @DisplayName(
      "a rotation retires the current public key and installs a new one: the service publishes both and signs with the new")
  void rotate(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("current.jwk");
    Path retired = dir.resolve("retired.jwks");
    ECKey first = ServiceKeyFiles.create(file);
    ECKey second = ServiceKeyFiles.rotate(file, retired);
    assertThat(second.getKeyID()).isNotEqualTo(first.getKeyID());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    List<JWK> retiredKeys = JWKSet.parse(Files.readString(retired)).getKeys();
    assertThat(retiredKeys).extracting(JWK::getKeyID).containsExactly(first.getKeyID());
    assertThat(retiredKeys.get(0).isPrivate()).isFalse();

    Vertx vertx = Vertx.vertx();
    try {
      ServiceKeys keys = Await.result(ServiceKeys.load(vertx, file, retired, false));
      assertThat(keys.currentKeyId()).isEqualTo(second.getKeyID());
      JWKSet published = JWKSet.parse(keys.publicJwks().encode());
      assertThat(published.getKeys())
          .extracting(JWK::getKeyID)
          .containsExactlyInAnyOrder(first.getKeyID(), second.getKeyID());
      JWSObject signed = JWSObject.parse(keys.sign(new JsonObject().put("n", 1), "test"));
      assertThat(signed.verify(new ECDSAVerifier(second.toPublicJWK()))).isTrue();
    } finally {
      Await.result(vertx.close());
    }
  }
}
