package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.gates.GateFixture.assertProblem;
import static vn.customs.digital.api.gates.GateFixture.assertUnauthorized;
import static vn.customs.digital.api.gates.GateFixture.get;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;

@ExtendWith(VertxExtension.class)
@DisplayName("Gate devices authenticate with tokens they sign themselves")
class DeviceAuthenticationTest {
  private static GateFixture.Device device;
  private static GateFixture.Device otherGatesDevice;

  @BeforeAll
  static void devices() {
    TestApi.shared();
    Vertx vertx = TestApi.shared().vertx();
    device = GateFixture.deviceAtNewGate(vertx);
    otherGatesDevice = GateFixture.deviceAtNewGate(vertx);
  }

  private static HttpResponse<Buffer> clearances(Vertx vertx, String token) {
    return get(vertx, token, "/api/v1/gates/" + device.gate() + "/clearances");
  }

  @Test
  @DisplayName("a valid device token reads its own gate's feed (200)")
  void ownGate(Vertx vertx) {
    HttpResponse<Buffer> r = clearances(vertx, device.token());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getBoolean("snapshot")).isTrue();
  }

  @Test
  @DisplayName("a device of another gate is refused with 403 on every gate route")
  void otherGate(Vertx vertx) {
    String token = otherGatesDevice.token();
    assertProblem(clearances(vertx, token), 403);
    assertProblem(
        GateFixture.post(
            vertx,
            otherGatesDevice.token(),
            "/api/v1/gates/" + device.gate() + "/events",
            new io.vertx.core.json.JsonObject().put("events", new io.vertx.core.json.JsonArray())),
        403);
  }

  @Test
  @DisplayName("a token is good for one request: the same jti again is refused with 401")
  void replayedJti(Vertx vertx) {
    String token = device.token();
    assertThat(clearances(vertx, token).statusCode()).isEqualTo(200);
    assertUnauthorized(clearances(vertx, token));
    // A new token, freshly signed, that reuses a jti already seen is a replay as well.
    String jti = "jti-" + java.util.UUID.randomUUID();
    assertThat(clearances(vertx, device.token(c -> c.jwtID(jti))).statusCode()).isEqualTo(200);
    assertUnauthorized(clearances(vertx, device.token(c -> c.jwtID(jti))));
  }

  @Test
  @DisplayName(
      "a token without a bearer header, or a user's access token, is refused with 401 on a device route")
  void noDeviceToken(Vertx vertx) {
    assertUnauthorized(clearances(vertx, null));
    assertUnauthorized(clearances(vertx, TestTokens.officer()));
  }

  static Stream<Arguments> refusedTokens() {
    Function<GateFixture.Device, String> expired =
        d ->
            d.token(
                c ->
                    c.issueTime(Date.from(Instant.now().minusSeconds(200)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(10))));
    Function<GateFixture.Device, String> tooLong =
        d -> d.token(c -> c.expirationTime(Date.from(Instant.now().plusSeconds(301))));
    Function<GateFixture.Device, String> noExpiry = d -> d.token(c -> c.expirationTime(null));
    Function<GateFixture.Device, String> noJti = d -> d.token(c -> c.jwtID(null));
    Function<GateFixture.Device, String> futureIat =
        d ->
            d.token(
                c ->
                    c.issueTime(Date.from(Instant.now().plusSeconds(120)))
                        .expirationTime(Date.from(Instant.now().plusSeconds(240))));
    Function<GateFixture.Device, String> wrongAud = d -> d.token(c -> c.audience("another-api"));
    Function<GateFixture.Device, String> twoAud =
        d -> d.token(c -> c.audience(java.util.List.of(GateFixture.AUDIENCE, "x")));
    Function<GateFixture.Device, String> wrongIss = d -> d.token(c -> c.issuer("someone-else"));
    Function<GateFixture.Device, String> wrongSub = d -> d.token(c -> c.subject("someone-else"));
    Function<GateFixture.Device, String> unknownDevice =
        d ->
            GateFixture.sign(d.claims().issuer("ghost").subject("ghost").build(), d.key(), "ghost");
    Function<GateFixture.Device, String> otherKey =
        d -> GateFixture.sign(d.claims().build(), GateFixture.newKey(), d.id());
    Function<GateFixture.Device, String> hs256 =
        d -> {
          try {
            SignedJWT jwt =
                new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(d.id()).build(),
                    d.claims().build());
            jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef"));
            return jwt.serialize();
          } catch (JOSEException e) {
            throw new IllegalStateException(e);
          }
        };
    Function<GateFixture.Device, String> none =
        d -> {
          Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
          return b64.encodeToString(
                  ("{\"alg\":\"none\",\"kid\":\"" + d.id() + "\"}")
                      .getBytes(StandardCharsets.UTF_8))
              + "."
              + b64.encodeToString(d.claims().build().toString().getBytes(StandardCharsets.UTF_8))
              + ".";
        };
    Function<GateFixture.Device, String> strippedSignature =
        d -> {
          String t = d.token();
          return t.substring(0, t.lastIndexOf('.') + 1);
        };
    Function<GateFixture.Device, String> alteredClaims =
        d -> {
          String[] parts = d.token().split("\\.");
          String claims =
              new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                  .replace("\"exp\":", "\"exp\":1");
          return parts[0]
              + "."
              + Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
              + "."
              + parts[2];
        };
    Function<GateFixture.Device, String> kidOfAnotherDevice =
        d -> GateFixture.sign(d.claims().build(), d.key(), otherGatesDevice.id());
    return Stream.of(
        Arguments.of("expired", expired),
        Arguments.of("living longer than 5 minutes", tooLong),
        Arguments.of("without exp", noExpiry),
        Arguments.of("without jti", noJti),
        Arguments.of("issued in the future", futureIat),
        Arguments.of("for another audience", wrongAud),
        Arguments.of("for several audiences", twoAud),
        Arguments.of("issued by someone else", wrongIss),
        Arguments.of("about someone else", wrongSub),
        Arguments.of("of an unknown device", unknownDevice),
        Arguments.of("signed with another key", otherKey),
        Arguments.of("HS256 with a shared secret", hs256),
        Arguments.of("unsigned (alg none)", none),
        Arguments.of("with the signature stripped", strippedSignature),
        Arguments.of("with altered claims", alteredClaims),
        Arguments.of("naming another device's kid", kidOfAnotherDevice));
  }

  @ParameterizedTest(name = "a token {0} is refused with 401 and a Bearer challenge")
  @MethodSource("refusedTokens")
  void refused(String what, Function<GateFixture.Device, String> token, Vertx vertx) {
    HttpResponse<Buffer> r = clearances(vertx, token.apply(device));
    assertUnauthorized(r);
    assertThat(r.getHeader("WWW-Authenticate")).contains("invalid_token");
  }
}
