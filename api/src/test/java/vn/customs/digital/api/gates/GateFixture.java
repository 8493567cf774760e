package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import vn.customs.digital.api.ApiConfig;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.declarations.ContainerNumbers;
import vn.customs.digital.api.payments.PaymentFixture;
import vn.customs.digital.testing.Await;

/**
 * What the gate tests do through the real api: register gates and devices, sign device tokens with
 * a key generated here, release declarations through the payment path, read the feed and verify its
 * entries with nothing but the published JWK set.
 */
public final class GateFixture {
  /**
   * A priority (AEO) enterprise: its dutiable imports are GREEN and await payment (see
   * PaymentFixture).
   */
  static final String TRADER = PaymentFixture.PRIORITY_ENTERPRISE;

  /** A broker the trader delegates to (once {@link #delegateToBroker} ran). */
  static final String BROKER = "0309999992";

  static final String AUDIENCE = ApiConfig.Auth.DEFAULT_AUDIENCE;
  private static final String GATE_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private GateFixture() {}

  /** A border gate no other test uses (VN + 3), so that each test reads a feed of its own. */
  static String newGateCode() {
    StringBuilder code = new StringBuilder("VN");
    for (int i = 0; i < 3; i++) {
      code.append(GATE_LETTERS.charAt(RANDOM.nextInt(GATE_LETTERS.length())));
    }
    return code.toString().equals("VNHPH") ? newGateCode() : code.toString();
  }

  /** A fresh ISO 6346 container number with a correct check digit. */
  static String newContainer() {
    String firstTen = "GTS" + "U" + String.format("%06d", RANDOM.nextInt(1_000_000));
    for (int digit = 0; digit <= 9; digit++) {
      if (ContainerNumbers.isValid(firstTen + digit)) {
        return firstTen + digit;
      }
    }
    throw new IllegalStateException("no check digit for " + firstTen);
  }

  static String officer() {
    return TestTokens.officer();
  }

  static HttpResponse<Buffer> post(Vertx vertx, String token, String uri, JsonObject body) {
    var req = TestApi.client(vertx).post(uri);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return Await.result(req.sendJsonObject(body));
  }

  static HttpResponse<Buffer> get(Vertx vertx, String token, String uri) {
    var req = TestApi.client(vertx).get(uri);
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    return Await.result(req.send());
  }

  /** The trader delegates to {@link #BROKER} (again: no change). */
  static void delegateToBroker(Vertx vertx) {
    HttpResponse<Buffer> r =
        post(
            vertx,
            TestTokens.trader(TRADER),
            "/api/v1/enterprises/" + TRADER + "/delegations",
            new JsonObject().put("brokerTaxCode", BROKER));
    assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 201);
  }

  /** An officer registers the gate with one lane, at the reference office (03CC). */
  static String registerGate(Vertx vertx, String code) {
    return registerGate(vertx, code, TestTokens.REFERENCE_OFFICE);
  }

  /** The same, at a customs office of the caller's choice. */
  static String registerGate(Vertx vertx, String code, String office) {
    HttpResponse<Buffer> r =
        post(
            vertx,
            officer(),
            "/api/v1/gates",
            new JsonObject()
                .put("code", code)
                .put("officeCode", office)
                .put("lanes", new JsonArray().add("L1")));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return code;
  }

  static String registerGate(Vertx vertx) {
    return registerGate(vertx, newGateCode());
  }

  /** A device at a gate registered for it alone. */
  public static Device deviceAtNewGate(Vertx vertx) {
    return registerDevice(vertx, registerGate(vertx));
  }

  /** Pre-arrival information as a trader's app sends it, for the given plate. */
  static JsonObject arrival(String plate) {
    return new JsonObject()
        .put("plate", plate)
        .put("driver", "Nguyễn Văn A")
        .put("expectedArrival", "2026-11-24T08:00:00Z");
  }

  static HttpResponse<Buffer> declarePreArrival(
      Vertx vertx, String token, String declarationId, JsonObject body) {
    return post(vertx, token, "/api/v1/declarations/" + declarationId + "/pre-arrival", body);
  }

  /** The trader gives the pre-arrival information: 200. */
  static void preArrival(Vertx vertx, String declarationId, JsonObject body) {
    HttpResponse<Buffer> r =
        declarePreArrival(vertx, TestTokens.trader(TRADER), declarationId, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  static ECKey newKey() {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID("device-key-" + UUID.randomUUID()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An officer registers a device with a key pair generated here; the device keeps the private
   * half.
   */
  static Device registerDevice(Vertx vertx, String gate) {
    ECKey key = newKey();
    String id = "agent-" + UUID.randomUUID();
    HttpResponse<Buffer> r =
        post(
            vertx,
            officer(),
            "/api/v1/gates/" + gate + "/devices",
            new JsonObject()
                .put("id", id)
                .put("publicJwk", new JsonObject(key.toPublicJWK().toJSONObject())));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return new Device(id, gate, key);
  }

  /** A registered gate device: signs its own tokens as edge-agent's DeviceToken does. */
  public record Device(String id, String gate, ECKey key) {
    public String token() {
      return token(claims -> claims);
    }

    /** A token with the claims adjusted, e.g. for negative tests. */
    String token(UnaryOperator<JWTClaimsSet.Builder> change) {
      return sign(change.apply(claims()).build(), key, id);
    }

    JWTClaimsSet.Builder claims() {
      Instant now = Instant.now();
      return new JWTClaimsSet.Builder()
          .issuer(id)
          .subject(id)
          .audience(AUDIENCE)
          .issueTime(Date.from(now))
          .expirationTime(Date.from(now.plusSeconds(120)))
          .jwtID(UUID.randomUUID().toString());
    }

    HttpResponse<Buffer> clearances(Vertx vertx, String since) {
      return get(
          vertx,
          token(),
          "/api/v1/gates/" + gate + "/clearances" + (since == null ? "" : "?since=" + since));
    }

    /** The feed read as it must be: 200. */
    JsonObject feed(Vertx vertx, String since) {
      HttpResponse<Buffer> r = clearances(vertx, since);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
      return r.bodyAsJsonObject();
    }

    public HttpResponse<Buffer> send(Vertx vertx, JsonArray events) {
      return post(
          vertx,
          token(),
          "/api/v1/gates/" + gate + "/events",
          new JsonObject().put("events", events));
    }
  }

  static String sign(JWTClaimsSet claims, ECKey key, String kid) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid).type(JOSEObjectType.JWT).build(),
            claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /**
   * A GREEN import of the priority enterprise for this gate and these containers, awaiting payment.
   */
  static JsonObject awaitingPayment(Vertx vertx, String gate, String... containers) {
    return PaymentFixture.greenAwaitingPayment(
        vertx,
        new JsonObject()
            .put("borderGateCode", gate)
            .put("containers", new JsonArray(List.of(containers))));
  }

  /** Pays the declaration (the bank's IPN): RELEASED once the IPN is answered. */
  static void pay(Vertx vertx, JsonObject declaration) {
    JsonObject payment = PaymentFixture.openPayment(vertx, declaration.getString("id"));
    assertThat(
            PaymentFixture.sendIpn(vertx, PaymentFixture.successIpn(payment)).getString("RspCode"))
        .isEqualTo("00");
    assertThat(status(declaration.getString("id"))).isEqualTo("RELEASED");
  }

  static JsonObject released(Vertx vertx, String gate, String... containers) {
    JsonObject d = awaitingPayment(vertx, gate, containers);
    pay(vertx, d);
    return d;
  }

  /**
   * POST /declarations/{id}/{action} as the given caller: an officer's hold, hold/lift,
   * border-gate, cancellation.
   */
  static HttpResponse<Buffer> act(
      Vertx vertx, String token, JsonObject declaration, String action, JsonObject body) {
    return post(
        vertx, token, "/api/v1/declarations/" + declaration.getString("id") + "/" + action, body);
  }

  /** An officer's action that succeeds: the declaration as answered. */
  static JsonObject officerActs(
      Vertx vertx, JsonObject declaration, String action, JsonObject body) {
    HttpResponse<Buffer> r = act(vertx, officer(), declaration, action, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  static JsonObject because(String reason) {
    return new JsonObject().put("reason", reason);
  }

  /** The agent's passage of these containers of the declaration. */
  static JsonObject passage(JsonObject declaration, String... containers) {
    return event(
        "PASSAGE_CONFIRMED",
        new JsonObject()
            .put("containerNumbers", new JsonArray(List.of(containers)))
            .put("declarationNumbers", new JsonArray().add(declaration.getString("number"))));
  }

  /** The device reports the passage: stored. */
  static void passes(Vertx vertx, Device device, JsonObject declaration, String... containers) {
    HttpResponse<Buffer> r =
        device.send(vertx, new JsonArray().add(passage(declaration, containers)));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  static String status(String declarationId) {
    return one("select status from declarations where id = $1", UUID.fromString(declarationId))
        .getString(0);
  }

  /** Verifies a compact JWS knowing nothing but the JWK set the api publishes now; its payload. */
  static JsonObject verified(Vertx vertx, String jws) {
    assertThat(verifies(vertx, jws)).as("the entry verifies against the published keys").isTrue();
    try {
      return new JsonObject(JWSObject.parse(jws).getPayload().toString());
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  static boolean verifies(Vertx vertx, String jws) {
    HttpResponse<Buffer> r = get(vertx, null, "/api/v1/.well-known/jwks.json");
    assertThat(r.statusCode()).isEqualTo(200);
    try {
      JWKSet keys = JWKSet.parse(r.bodyAsString());
      JWSObject object = JWSObject.parse(jws);
      assertThat(object.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
      ECKey key = (ECKey) keys.getKeyByKeyId(object.getHeader().getKeyID());
      assertThat(key).as("the entry's kid is published").isNotNull();
      assertThat(key.isPrivate()).isFalse();
      return object.verify(new ECDSAVerifier(key.toECPublicKey()));
    } catch (ParseException | JOSEException e) {
      return false;
    }
  }

  /** The verified payloads of a feed answer's (or pushed frame's) entries. */
  static List<JsonObject> payloads(Vertx vertx, JsonObject answer) {
    List<JsonObject> out = new ArrayList<>();
    answer
        .getJsonArray("entries")
        .forEach(e -> out.add(verified(vertx, ((JsonObject) e).getString("jws"))));
    return out;
  }

  static Row one(String sql, Object... args) {
    return Await.result(TestApi.shared().pool().preparedQuery(sql).execute(Tuple.from(args)))
        .iterator()
        .next();
  }

  static long count(String sql, Object... args) {
    return one(sql, args).getLong(0);
  }

  static void sql(String sql, Object... args) {
    Await.result(TestApi.shared().pool().preparedQuery(sql).execute(Tuple.from(args)));
  }

  /** A gate event as the agent sends it. */
  public static JsonObject event(String type, JsonObject data) {
    return new JsonObject()
        .put("id", UUID.randomUUID().toString())
        .put("seq", RANDOM.nextInt(1_000_000))
        .put("type", type)
        .put("occurredAt", Instant.now().toString())
        .put("lane", "L1")
        .put("deviceId", "agent")
        .put("data", data);
  }

  static void assertProblem(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo(status);
  }

  /** A 401 for a device route: problem+json and a Bearer challenge. */
  static void assertUnauthorized(HttpResponse<Buffer> r) {
    assertProblem(r, 401);
    assertThat(r.getHeader("WWW-Authenticate")).as("WWW-Authenticate").startsWith("Bearer ");
  }

  /** A validation problem naming the field. */
  static void assertInvalid(HttpResponse<Buffer> r, int status, String pointer) {
    assertProblem(r, status);
    JsonArray errors = r.bodyAsJsonObject().getJsonArray("errors");
    assertThat(errors).as(r.bodyAsString()).isNotNull();
    assertThat(errors.stream().map(e -> ((JsonObject) e).getString("pointer")).toList())
        .as(r.bodyAsString())
        .contains(pointer);
  }
}
