package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.problems.ProblemException;
import vn.customs.digital.testing.Await;

/**
 * Tokens shaped as Keycloak (and most OpenID Connect issuers) shape them, read without custom
 * mappers.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Claims where real issuers put them")
class IssuerClaimsTest {

  private static Identity keycloakShaped(Vertx vertx) {
    TestTokens.key(); // the dev issuer's key file of this test run
    ApiConfig.Auth auth =
        ApiConfig.fromEnv(
                Map.of(
                    "AUTH_DEV_ISSUER", "true",
                    "AUTH_DEV_KEY_FILE", TestApi.DEV_KEY_FILE.toString(),
                    "AUTH_ROLES_CLAIM", "realm_access.roles",
                    "AUTH_ROLE_MAP", "customs-trader=trader, customs-officer=officer",
                    "AUTH_TAX_CODE_CLAIM", "attributes.tax_code",
                    "AUTH_OFFICES_CLAIM", "attributes.offices"))
            .auth();
    return Await.result(Identity.start(vertx, auth, Clock.systemUTC()));
  }

  private static JWTClaimsSet.Builder token(String subject) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ApiConfig.Auth.DEV_ISSUER)
        .audience(ApiConfig.Auth.DEFAULT_AUDIENCE)
        .subject(subject)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(300)));
  }

  @Test
  @DisplayName(
      "a trader's realm role and tax-code attribute, among the issuer's own roles, make a trader of that enterprise")
  void trader(Vertx vertx) {
    Identity identity = keycloakShaped(vertx);
    String jwt =
        TestTokens.sign(
            token("kc-trader")
                .claim(
                    "realm_access",
                    Map.of(
                        "roles",
                        List.of(
                            "offline_access",
                            "uma_authorization",
                            "default-roles-customs",
                            "customs-trader")))
                .claim("attributes", Map.of("tax_code", "0101234567"))
                .build());
    Caller caller = Await.result(identity.authenticator().verify(jwt));
    assertThat(caller.role()).isEqualTo(Role.TRADER);
    assertThat(caller.taxCode()).isEqualTo("0101234567");
  }

  @Test
  @DisplayName("an officer's realm role and nested offices make an officer of those offices")
  void officer(Vertx vertx) {
    Identity identity = keycloakShaped(vertx);
    String jwt =
        TestTokens.sign(
            token("kc-officer")
                .claim(
                    "realm_access", Map.of("roles", List.of("customs-officer", "offline_access")))
                .claim("attributes", Map.of("offices", List.of("03CC", "01B1")))
                .build());
    Caller caller = Await.result(identity.authenticator().verify(jwt));
    assertThat(caller.role()).isEqualTo(Role.OFFICER);
    assertThat(caller.offices()).containsExactlyInAnyOrder("03CC", "01B1");
  }

  @Test
  @DisplayName(
      "with the roles claim configured, a top-level roles claim is not read, and two api roles are refused")
  void onlyTheConfiguredClaim(Vertx vertx) {
    Identity identity = keycloakShaped(vertx);
    String topLevel =
        TestTokens.sign(
            token("kc-top")
                .claim("roles", List.of("trader"))
                .claim("attributes", Map.of("tax_code", "0101234567"))
                .build());
    assertThatThrownBy(() -> Await.result(identity.authenticator().verify(topLevel)))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("exactly one role");
    String two =
        TestTokens.sign(
            token("kc-two")
                .claim(
                    "realm_access", Map.of("roles", List.of("customs-trader", "customs-officer")))
                .claim("attributes", Map.of("tax_code", "0101234567"))
                .build());
    assertThatThrownBy(() -> Await.result(identity.authenticator().verify(two)))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("exactly one role");
  }

  @Test
  @DisplayName("a role map entry that names no api role is a configuration problem")
  void badMap() {
    assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("AUTH_ROLE_MAP", "customs-admin=admin")))
        .isInstanceOf(ApiConfig.InvalidConfig.class)
        .hasMessageContaining("AUTH_ROLE_MAP");
  }
}
