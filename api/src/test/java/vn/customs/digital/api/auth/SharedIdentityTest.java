package vn.customs.digital.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.auth.TestIssuer.ecKey;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.MutableClock;
import vn.customs.digital.testing.TestDatabase;

/**
 * The whole api as Main starts it, on two event loops, trusting an issuer whose JWKS the test
 * controls. Every request goes on a connection of its own, and the api hands accepted connections
 * to its event loops in turn, so each batch of requests is answered by both event loops.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("One sign-in for the whole process, whatever connection a request comes on")
class SharedIdentityTest {
  private static final String TAX = "0311111111";
  private static final String PROTECTED = "/api/v1/enterprises/" + TAX + "/delegations";
  private static final int CONNECTIONS = 6;
  private static TestDatabase db;

  private final MutableClock clock =
      MutableClock.stoppedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private Main.Running api;

  @BeforeAll
  static void database() {
    // Its own database: this api's clock runs ahead of the other tests' api.
    db = TestDatabase.create("dc_identity");
  }

  @AfterEach
  void stop() {
    if (api != null) {
      Await.result(api.close());
    }
  }

  private void start(TestIssuer issuer) {
    Map<String, String> env = new HashMap<>(TestApi.baseEnv(db));
    env.putAll(issuer.jwksEnv());
    env.put("EVENT_LOOPS", "2");
    env.put("AUTH_DEV_ISSUER", "false");
    env.remove("AUTH_DEV_KEY_FILE");
    // The keys are refreshed by the tokens of these tests only, never by the schedule.
    env.put("AUTH_JWKS_REFRESH_SECONDS", "86400");
    env.put("AUTH_JWKS_MIN_REFRESH_SECONDS", "30");
    api = Await.result(Main.start(env, clock));
  }

  private String traderToken(TestIssuer issuer, JWK key) throws JOSEException {
    return issuer.token(key, clock.instant(), Map.of("roles", List.of("trader"), "tax_code", TAX));
  }

  /** The answers to {@code token} on {@code n} connections opened one after the other. */
  private List<HttpResponse<Buffer>> onConnections(Vertx vertx, String token, int n) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false));
    try {
      List<HttpResponse<Buffer>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        answers.add(
            Await.result(
                client
                    .get(api.port(), "127.0.0.1", PROTECTED)
                    .putHeader("Authorization", "Bearer " + token)
                    .send()));
      }
      return answers;
    } finally {
      client.close();
    }
  }

  private static List<Integer> statuses(List<HttpResponse<Buffer>> answers) {
    return answers.stream().map(HttpResponse::statusCode).toList();
  }

  private static List<String> details(List<HttpResponse<Buffer>> answers) {
    return answers.stream().map(r -> r.bodyAsJsonObject().getString("detail")).toList();
  }

  @Test
  @DisplayName(
      "the issuer's keys are fetched once at start, and a token is signature-checked once whichever connection carries it")
  void oneKeySetOneTokenCache(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    start(issuer);
    assertThat(issuer.jwksRequests.get()).isEqualTo(1);

    assertThat(statuses(onConnections(vertx, traderToken(issuer, a), CONNECTIONS)))
        .isEqualTo(Collections.nCopies(CONNECTIONS, 200));
    assertThat(api.identity().tokenSignatureChecks()).isEqualTo(1);
  }

  @Test
  @DisplayName("once one refresh finds a key withdrawn, its tokens are refused on every connection")
  void withdrawnKeyRefusedEverywhere(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    ECKey b = ecKey("b");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    start(issuer);
    String token = traderToken(issuer, a);
    assertThat(statuses(onConnections(vertx, token, CONNECTIONS)))
        .isEqualTo(Collections.nCopies(CONNECTIONS, 200));

    issuer.keys.set(new JWKSet(b)); // "a" withdrawn
    clock.advance(Duration.ofSeconds(31)); // past the refresh rate limit
    assertThat(statuses(onConnections(vertx, traderToken(issuer, b), 1)))
        .as("the token with the new kid refreshes the keys")
        .containsExactly(200);

    List<HttpResponse<Buffer>> after = onConnections(vertx, token, CONNECTIONS);
    assertThat(statuses(after)).isEqualTo(Collections.nCopies(CONNECTIONS, 401));
    assertThat(details(after)).containsOnly("the token is signed with an unknown key 'a'");
    assertThat(issuer.jwksRequests.get()).as("one fetch at start, one refresh").isEqualTo(2);
  }

  @Test
  @DisplayName("once one refresh finds a new key, its tokens are accepted on every connection")
  void newKeyAcceptedEverywhere(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    ECKey b = ecKey("b");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    start(issuer);

    issuer.keys.set(new JWKSet(List.of(a, b)));
    clock.advance(Duration.ofSeconds(31)); // past the refresh rate limit
    List<HttpResponse<Buffer>> answers = onConnections(vertx, traderToken(issuer, b), CONNECTIONS);
    assertThat(statuses(answers)).isEqualTo(Collections.nCopies(CONNECTIONS, 200));
    assertThat(issuer.jwksRequests.get()).as("one refresh, for the first of them").isEqualTo(2);
  }

  @Test
  @DisplayName(
      "expiry is judged by the clock Main was started with: past exp and skew, the token is refused on every connection")
  void injectedClock(Vertx vertx) throws Exception {
    ECKey a = ecKey("a");
    TestIssuer issuer = new TestIssuer().start(vertx);
    issuer.keys.set(new JWKSet(a));
    start(issuer);
    String token = traderToken(issuer, a);
    assertThat(statuses(onConnections(vertx, token, CONNECTIONS)))
        .isEqualTo(Collections.nCopies(CONNECTIONS, 200));

    clock.advance(
        Duration.ofSeconds(900 + 61)); // past exp and the default 60 s skew, on this clock only
    List<HttpResponse<Buffer>> after = onConnections(vertx, token, CONNECTIONS);
    assertThat(statuses(after)).isEqualTo(Collections.nCopies(CONNECTIONS, 401));
    assertThat(details(after)).allSatisfy(d -> assertThat(d).startsWith("the token expired at"));
  }
}
