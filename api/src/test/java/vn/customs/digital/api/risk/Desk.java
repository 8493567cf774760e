package vn.customs.digital.api.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.PhoneKeys;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.ReferenceDeclaration;

/**
 * What the officer and risk tests do through the real api: submit signed declarations, call as a
 * role, read the database.
 */
final class Desk {
  static final String HANOI = "0101234567";
  static final String DEFAULT_RULESET_ID = "vn-customs-default";
  static final String DEFAULT_RULESET_VERSION = "2026.1";

  private Desk() {}

  static String officer() {
    return TestTokens.officer();
  }

  /** The subject of an access token. */
  static String subject(String token) {
    try {
      return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getSubject();
    } catch (java.text.ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  static String riskManager() {
    return TestTokens.token(Role.RISK_MANAGER, null, "risk-manager-1");
  }

  /**
   * Submits the reference declaration (optionally changed) for a trader, signed with a freshly
   * registered key.
   */
  static JsonObject submit(Vertx vertx, String taxCode, JsonObject changes) {
    String token = TestTokens.trader(taxCode);
    ECKey key = PhoneKeys.shared(vertx, taxCode);
    JsonObject document =
        reference()
            .put("declarantTaxCode", taxCode)
            .mergeIn(changes == null ? new JsonObject() : changes);
    String jws = PhoneKeys.sign(key, document.encode());
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .post("/api/v1/declarations")
                .bearerTokenAuthentication(token)
                .putHeader("Content-Type", "application/jose")
                .sendBuffer(Buffer.buffer(jws)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject();
  }

  /**
   * The decision record of the reference declaration with its first line's value (USD) and origin
   * changed.
   */
  static JsonObject decided(Vertx vertx, double smartphonesUsd, String origin) {
    JsonArray items = reference().getJsonArray("items").copy();
    items.getJsonObject(0).put("value", smartphonesUsd).put("origin", origin);
    JsonObject d = submit(vertx, HANOI, new JsonObject().put("items", items));
    var r = get(vertx, officer(), "/api/v1/declarations/" + d.getString("id") + "/decision");
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static JsonObject submit(Vertx vertx) {
    return submit(vertx, HANOI, null);
  }

  /**
   * A submitted declaration in the given channel: as the risk core chose it, or rerouted there by
   * an officer.
   */
  static JsonObject submitIn(Vertx vertx, String channel) {
    return submitIn(vertx, channel, TestTokens.REFERENCE_OFFICE);
  }

  /** The same, declared at another customs office. */
  static JsonObject submitIn(Vertx vertx, String channel, String office) {
    JsonObject d = submit(vertx, HANOI, new JsonObject().put("customsOfficeCode", office));
    if (channel.equals(d.getString("channel"))) {
      return d;
    }
    HttpResponse<Buffer> r =
        post(
            vertx,
            // an officer acts on declarations of their own offices only
            TestTokens.officer("officer-setup-" + office, office),
            "/api/v1/declarations/" + d.getString("id") + "/reroute",
            new JsonObject()
                .put("channel", channel)
                .put("reason", "test setup: route to " + channel));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static HttpResponse<Buffer> get(Vertx vertx, String token, String uri) {
    var req = TestApi.client(vertx).get(uri);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return Await.result(req.send());
  }

  static HttpResponse<Buffer> post(Vertx vertx, String token, String uri, JsonObject body) {
    return Await.result(
        TestApi.client(vertx).post(uri).bearerTokenAuthentication(token).sendJsonObject(body));
  }

  static HttpResponse<Buffer> postYaml(Vertx vertx, String token, String yaml) {
    return Await.result(
        TestApi.client(vertx)
            .post("/api/v1/risk/rulesets")
            .bearerTokenAuthentication(token)
            .putHeader("Content-Type", "application/yaml")
            .sendBuffer(Buffer.buffer(yaml)));
  }

  static long count(String sql, Object... args) {
    return Await.result(TestApi.shared().pool().preparedQuery(sql).execute(Tuple.from(args)))
        .iterator()
        .next()
        .getLong(0);
  }

  static void sql(String sql, Object... args) {
    Await.result(TestApi.shared().pool().preparedQuery(sql).execute(Tuple.from(args)));
  }

  static JsonObject reference() {
    return new JsonObject(ReferenceDeclaration.payload());
  }
}
