package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.customs.digital.api.TestApi;

@ExtendWith(VertxExtension.class)
@DisplayName("Development tokens (ops/token)")
class DevTokensTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private record Run(int status, List<String> out, String err) {
    String lastLine() {
      return out.get(out.size() - 1);
    }
  }

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        DevTokens.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC());
    return new Run(
        status,
        out.toString(StandardCharsets.UTF_8).lines().toList(),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName(
      "prints a token as its last line that the api accepts for the trader's own enterprise")
  void acceptedByApi(Vertx vertx) throws Exception {
    Run r =
        run(
            Map.of("AUTH_DEV_KEY_FILE", TestApi.DEV_KEY_FILE.toString()),
            "--role",
            "trader",
            "--tax-code",
            "0600000001",
            "--sub",
            "nguyen.van.a",
            "--ttl",
            "30m");
    assertThat(r.status()).isZero();
    SignedJWT jwt = SignedJWT.parse(r.lastLine());
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("nguyen.van.a");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("tax_code")).isEqualTo("0600000001");
    assertThat(
            DelegationTest.call(
                    vertx,
                    HttpMethod.GET,
                    "/api/v1/enterprises/0600000001/delegations",
                    r.lastLine(),
                    null)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("an officer token carries no tax code and is accepted as an officer")
  void officer(Vertx vertx) throws Exception {
    Run r = run(Map.of("AUTH_DEV_KEY_FILE", TestApi.DEV_KEY_FILE.toString()), "--role", "officer");
    assertThat(r.status()).isZero();
    assertThat(SignedJWT.parse(r.lastLine()).getJWTClaimsSet().getClaim("tax_code")).isNull();
    // accepted (not 401) but not allowed on a trader route (403)
    assertThat(
            DelegationTest.call(
                    vertx,
                    HttpMethod.GET,
                    "/api/v1/enterprises/0600000001/delegations",
                    r.lastLine(),
                    null)
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  @DisplayName(
      "--office, repeated, makes an officer token for those offices, whose queue the api lists")
  void officerOfOffices(Vertx vertx) throws Exception {
    Run r =
        run(
            Map.of("AUTH_DEV_KEY_FILE", TestApi.DEV_KEY_FILE.toString()),
            "--role",
            "officer",
            "--office",
            "03CC",
            "--office",
            "01B1",
            "--sub",
            "officer-offices");
    assertThat(r.status()).isZero();
    assertThat(SignedJWT.parse(r.lastLine()).getJWTClaimsSet().getStringListClaim("offices"))
        .containsExactly("03CC", "01B1");
    var queue =
        DelegationTest.call(
            vertx, HttpMethod.GET, "/api/v1/officer/queue?channel=yellow", r.lastLine(), null);
    assertThat(queue.statusCode()).as(queue.bodyAsString()).isEqualTo(200);
    assertThat(queue.bodyAsJsonObject().getJsonArray("offices").getList())
        .containsExactly("01B1", "03CC");
  }

  @Test
  @DisplayName("creates a missing key file readable by its owner only, and reuses it afterwards")
  void createsKeyFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("nested/key.jwk");
    Run first = run(Map.of("AUTH_DEV_KEY_FILE", file.toString()), "--role", "broker");
    Run second = run(Map.of("AUTH_DEV_KEY_FILE", file.toString()), "--role", "broker");
    assertThat(first.status()).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(SignedJWT.parse(first.lastLine()).getHeader().getKeyID())
        .isEqualTo(SignedJWT.parse(second.lastLine()).getHeader().getKeyID());
    assertThat(SignedJWT.parse(first.lastLine()).getJWTClaimsSet().getStringClaim("tax_code"))
        .isEqualTo(DevTokens.DEFAULT_BROKER_TAX_CODE);
  }

  @Test
  @DisplayName("bad arguments exit with status 2 and the usage, printing no token")
  void badArguments(@TempDir Path dir) {
    Map<String, String> env = Map.of("AUTH_DEV_KEY_FILE", dir.resolve("k.jwk").toString());
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--role", "admin"},
            new String[] {"--role", "trader", "--tax-code", "123"},
            new String[] {"--role", "trader", "--ttl", "30d"},
            new String[] {"--role", "officer", "--tax-code", "0101234567"},
            new String[] {"--role"},
            new String[] {"--role", "officer", "--office", "3C"},
            new String[] {"--role", "trader", "--office", "03CC"})) {
      Run r = run(env, args);
      assertThat(r.status()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).contains("usage: ops/token");
    }
  }
}
