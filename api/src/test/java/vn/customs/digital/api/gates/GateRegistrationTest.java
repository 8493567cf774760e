package vn.customs.digital.api.gates;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.gates.GateFixture.assertInvalid;
import static vn.customs.digital.api.gates.GateFixture.assertProblem;
import static vn.customs.digital.api.gates.GateFixture.count;
import static vn.customs.digital.api.gates.GateFixture.newKey;
import static vn.customs.digital.api.gates.GateFixture.officer;
import static vn.customs.digital.api.gates.GateFixture.post;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Officers register gates and their devices")
class GateRegistrationTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  private static JsonObject gate(String code) {
    return new JsonObject()
        .put("code", code)
        .put("name", "Cảng Hải Phòng")
        .put("officeCode", "03CC")
        .put("lanes", new JsonArray().add("L1").add("L2").add("L1"));
  }

  private static JsonObject device(String id, JsonObject jwk) {
    return new JsonObject().put("id", id).put("publicJwk", jwk);
  }

  private static JsonObject publicJwk() {
    return new JsonObject(newKey().toPublicJWK().toJSONObject());
  }

  private static long gates(String code) {
    return count("select count(*) from gates where code = $1", code);
  }

  private static long devices(String id) {
    return count("select count(*) from gate_devices where id = $1", id);
  }

  @Test
  @DisplayName(
      "an officer registers a gate (201, Location, lanes without repeats) and a device with its public key (201)")
  void registers(Vertx vertx) {
    String code = GateFixture.newGateCode();
    HttpResponse<Buffer> g = post(vertx, officer(), "/api/v1/gates", gate(code));
    assertThat(g.statusCode()).as(g.bodyAsString()).isEqualTo(201);
    assertThat(g.getHeader("Location")).isEqualTo("/api/v1/gates/" + code);
    assertThat(g.bodyAsJsonObject().getJsonArray("lanes")).containsExactly("L1", "L2");
    assertThat(
            GateFixture.one("select office_code, created_by from gates where code = $1", code)
                .getString(0))
        .isEqualTo("03CC");
    // its channel counters exist from now on, at zero until its first declaration
    String metrics = Await.result(TestApi.client(vertx).get("/metrics").send()).bodyAsString();
    for (String channel : new String[] {"GREEN", "YELLOW", "RED"}) {
      assertThat(metrics)
          .contains(
              "customs_channel_decisions_total{channel=\""
                  + channel
                  + "\",gate=\""
                  + code
                  + "\",office=\"03CC\"} 0.0");
    }

    String id = "agent-" + UUID.randomUUID();
    JsonObject jwk = publicJwk();
    HttpResponse<Buffer> d =
        post(vertx, officer(), "/api/v1/gates/" + code + "/devices", device(id, jwk));
    assertThat(d.statusCode()).as(d.bodyAsString()).isEqualTo(201);
    assertThat(d.getHeader("Location")).isEqualTo("/api/v1/gates/" + code + "/devices/" + id);
    JsonObject stored =
        GateFixture.one("select gate_code, public_jwk from gate_devices where id = $1", id)
            .getJsonObject(1);
    assertThat(stored.getString("x")).isEqualTo(jwk.getString("x"));
    assertThat(stored.containsKey("d")).isFalse();
  }

  @Test
  @DisplayName(
      "a gate code or device id registered twice is refused with 409, and the first registration stays")
  void duplicates(Vertx vertx) {
    String code = GateFixture.registerGate(vertx);
    HttpResponse<Buffer> again =
        post(vertx, officer(), "/api/v1/gates", gate(code).put("officeCode", "01B1"));
    assertProblem(again, 409);
    assertThat(GateFixture.one("select office_code from gates where code = $1", code).getString(0))
        .isEqualTo("03CC");

    GateFixture.Device first = GateFixture.registerDevice(vertx, code);
    String other = GateFixture.registerGate(vertx);
    HttpResponse<Buffer> dup =
        post(
            vertx,
            officer(),
            "/api/v1/gates/" + other + "/devices",
            device(first.id(), publicJwk()));
    assertProblem(dup, 409);
    assertThat(
            GateFixture.one("select gate_code from gate_devices where id = $1", first.id())
                .getString(0))
        .isEqualTo(code);
  }

  @Test
  @DisplayName(
      "traders, brokers and callers without a token cannot register gates or devices (403 / 401), and nothing is written")
  void officersOnly(Vertx vertx) {
    String code = GateFixture.newGateCode();
    assertProblem(
        post(vertx, TestTokens.trader(GateFixture.TRADER), "/api/v1/gates", gate(code)), 403);
    assertProblem(post(vertx, TestTokens.broker("0309999991"), "/api/v1/gates", gate(code)), 403);
    assertProblem(post(vertx, null, "/api/v1/gates", gate(code)), 401);
    assertThat(gates(code)).isZero();

    String registered = GateFixture.registerGate(vertx);
    String id = "agent-" + UUID.randomUUID();
    assertProblem(
        post(
            vertx,
            TestTokens.trader(GateFixture.TRADER),
            "/api/v1/gates/" + registered + "/devices",
            device(id, publicJwk())),
        403);
    assertProblem(
        post(vertx, null, "/api/v1/gates/" + registered + "/devices", device(id, publicJwk())),
        401);
    assertThat(devices(id)).isZero();
  }

  @Test
  @DisplayName("a malformed gate is refused as a problem naming the field, and nothing is written")
  void invalidGate(Vertx vertx) {
    String code = GateFixture.newGateCode();
    assertInvalid(post(vertx, officer(), "/api/v1/gates", gate(code.toLowerCase())), 422, "/code");
    assertInvalid(
        post(vertx, officer(), "/api/v1/gates", gate(code).put("officeCode", "03 CC")),
        422,
        "/officeCode");
    assertInvalid(
        post(
            vertx,
            officer(),
            "/api/v1/gates",
            gate(code).put("lanes", new JsonArray().add("lane one"))),
        422,
        "/lanes");
    assertInvalid(
        post(vertx, officer(), "/api/v1/gates", gate(code).put("lanes", new JsonArray().add(7))),
        400,
        "/lanes/0");
    assertInvalid(
        post(vertx, officer(), "/api/v1/gates", gate(code).put("lanes", new JsonArray())),
        400,
        "/lanes");
    JsonObject noCode = gate(code);
    noCode.remove("code");
    assertProblem(post(vertx, officer(), "/api/v1/gates", noCode), 400);
    assertThat(gates(code)).isZero();
    assertThat(gates(code.toLowerCase())).isZero();
  }

  @Test
  @DisplayName(
      "a device key must be an EC P-256 public key: a private key, P-384, RSA or a secret key is refused (422), nothing stored")
  void devicePublicKeyOnly(Vertx vertx) throws JOSEException {
    String code = GateFixture.registerGate(vertx);
    String uri = "/api/v1/gates/" + code + "/devices";
    String id = "agent-" + UUID.randomUUID();
    assertInvalid(
        post(vertx, officer(), uri, device(id, new JsonObject(newKey().toJSONObject()))),
        422,
        "/publicJwk");
    assertInvalid(
        post(
            vertx,
            officer(),
            uri,
            device(
                id,
                new JsonObject(
                    new ECKeyGenerator(Curve.P_384).generate().toPublicJWK().toJSONObject()))),
        422,
        "/publicJwk");
    assertInvalid(
        post(
            vertx,
            officer(),
            uri,
            device(
                id,
                new JsonObject(new RSAKeyGenerator(2048).generate().toPublicJWK().toJSONObject()))),
        422,
        "/publicJwk");
    assertInvalid(
        post(
            vertx,
            officer(),
            uri,
            device(
                id, new JsonObject(new OctetSequenceKeyGenerator(256).generate().toJSONObject()))),
        422,
        "/publicJwk");
    JsonObject offCurve = publicJwk();
    offCurve.put("y", publicJwk().getString("y"));
    assertInvalid(post(vertx, officer(), uri, device(id, offCurve)), 422, "/publicJwk");
    assertInvalid(
        post(vertx, officer(), uri, device("no spaces allowed", publicJwk())), 422, "/id");
    assertThat(devices(id)).isZero();
  }

  @Test
  @DisplayName("a device for a gate that is not registered is refused with 404")
  void deviceOfUnknownGate(Vertx vertx) {
    String id = "agent-" + UUID.randomUUID();
    assertProblem(
        post(
            vertx,
            officer(),
            "/api/v1/gates/" + GateFixture.newGateCode() + "/devices",
            device(id, publicJwk())),
        404);
    assertThat(devices(id)).isZero();
  }
}
