package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.customs.digital.api.ApiConfig;

@DisplayName("Sign-in configuration")
class AuthConfigTest {

  @Test
  @DisplayName(
      "by default no issuer is configured, the dev issuer is off, and the documented defaults apply")
  void defaults() {
    ApiConfig.Auth auth = ApiConfig.fromEnv(Map.of()).auth();
    assertThat(auth.issuer()).isNull();
    assertThat(auth.devIssuer()).isFalse();
    assertThat(auth.audience()).isEqualTo("digital-customs-api");
    assertThat(auth.jwksRefresh()).isEqualTo(Duration.ofSeconds(300));
    assertThat(auth.jwksMinRefresh()).isEqualTo(Duration.ofSeconds(30));
    assertThat(auth.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(auth.taxCodeClaim()).isEqualTo("tax_code");
    assertThat(auth.officesClaim()).isEqualTo("offices");
  }

  @Test
  @DisplayName(
      "the dev issuer, when on and nothing else is set, is the issuer and its keys come from its file")
  void devIssuer() {
    ApiConfig.Auth auth = ApiConfig.fromEnv(Map.of("AUTH_DEV_ISSUER", "true")).auth();
    assertThat(auth.issuer()).isEqualTo("urn:digital-customs:dev-issuer");
    assertThat(auth.keysFromDevFile()).isTrue();
    assertThat(auth.devKeyFile().toString()).isEqualTo(".data/dev-issuer/key.jwk");
  }

  @Test
  @DisplayName(
      "the dev issuer is refused with a production profile, as is production without an issuer")
  void production() {
    assertThatThrownBy(
            () -> ApiConfig.fromEnv(Map.of("AUTH_DEV_ISSUER", "true", "APP_PROFILE", "production")))
        .isInstanceOf(ApiConfig.InvalidConfig.class)
        .hasMessageContaining("AUTH_DEV_ISSUER=true is refused with APP_PROFILE=production");
    assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("APP_PROFILE", "production")))
        .hasMessageContaining("AUTH_ISSUER");
  }

  @Test
  @DisplayName("every bad sign-in setting is named in one error")
  void badValues() {
    assertThatThrownBy(
            () ->
                ApiConfig.fromEnv(
                    Map.of(
                        "AUTH_JWKS_URL", "http://keys.example.com/jwks",
                        "AUTH_CLOCK_SKEW_SECONDS", "301",
                        "AUTH_TAX_CODE_CLAIM", "tax code",
                        "AUTH_OFFICES_CLAIM", "customs offices")))
        .isInstanceOf(ApiConfig.InvalidConfig.class)
        .hasMessageContaining("AUTH_JWKS_URL is set but AUTH_ISSUER is not")
        .hasMessageContaining("AUTH_JWKS_URL=http://keys.example.com/jwks must be an https URL")
        .hasMessageContaining("AUTH_CLOCK_SKEW_SECONDS=301 is out of range 0..300")
        .hasMessageContaining("AUTH_TAX_CODE_CLAIM=tax code is not a claim name")
        .hasMessageContaining("AUTH_OFFICES_CLAIM=customs offices is not a claim name");
  }

  @Test
  @DisplayName(
      "an https issuer without a JWKS URL is accepted for discovery; plain http only on loopback")
  void discovery() {
    assertThat(
            ApiConfig.fromEnv(Map.of("AUTH_ISSUER", "https://id.customs.gov.vn/realms/dc"))
                .auth()
                .jwksUrl())
        .isNull();
    assertThat(ApiConfig.fromEnv(Map.of("AUTH_ISSUER", "http://127.0.0.1:8443")).auth().issuer())
        .isEqualTo("http://127.0.0.1:8443");
    assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("AUTH_ISSUER", "http://id.example.com")))
        .hasMessageContaining("must be an https URL");
  }
}
