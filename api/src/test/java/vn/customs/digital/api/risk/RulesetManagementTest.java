package vn.customs.digital.api.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.customs.digital.api.risk.Desk.count;
import static vn.customs.digital.api.risk.Desk.get;
import static vn.customs.digital.api.risk.Desk.post;
import static vn.customs.digital.api.risk.Desk.postYaml;
import static vn.customs.digital.api.risk.Desk.riskManager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Rulesets managed by the risk manager")
class RulesetManagementTest {

  @BeforeAll
  static void api() {
    TestApi.shared();
  }

  /** Every declaration RED: nothing scores, and the random draw always selects. */
  static String allRed(String version) {
    return """
        id: test-all-red
        version: "%s"
        validFrom: 2026-01-01
        thresholds: {yellow: 40, red: 70}
        random: {redRate: 1.0, yellowRate: 0.0, priorityEnterpriseFactor: 1.0}
        priorityEnterpriseGreen: false
        indicators:
          - {id: by-road, type: TRANSPORT_MODE, weight: 1, transportModes: [ROAD]}
        interventions: []
        """
        .formatted(version);
  }

  /** Every declaration GREEN: nothing reaches the thresholds and nothing is drawn. */
  static String allGreen(String version) {
    return """
        id: test-all-green
        version: "%s"
        validFrom: 2026-01-01
        thresholds: {yellow: 900, red: 1000}
        random: {redRate: 0.0, yellowRate: 0.0, priorityEnterpriseFactor: 0.0}
        priorityEnterpriseGreen: true
        indicators:
          - {id: by-road, type: TRANSPORT_MODE, weight: 1, transportModes: [ROAD]}
        interventions: []
        """
        .formatted(version);
  }

  private static String version() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void activate(Vertx vertx, String id, String version) {
    var r =
        post(
            vertx,
            riskManager(),
            "/api/v1/risk/rulesets/" + id + "/" + version + "/activation",
            new JsonObject());
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
  }

  @AfterEach
  void restoreDefault(Vertx vertx) {
    // Other tests share this api: the bundled default is in force again, and no candidate runs.
    Desk.sql("update rulesets set shadow = false where shadow");
    activate(vertx, Desk.DEFAULT_RULESET_ID, Desk.DEFAULT_RULESET_VERSION);
  }

  @Test
  @DisplayName(
      "a ruleset with errors is refused with 422 listing the path of every problem, and nothing is stored")
  void invalidRuleset(Vertx vertx) {
    String yaml =
        """
        id: test-broken
        version: "1"
        validFrom: 2026-01-01
        thresholds: {yellow: 80, red: 70}
        random: {redRate: 0.02, yellowRate: 0.05, priorityEnterpriseFactor: 0.25}
        indicators:
          - {id: neg, type: HS_PREFIX, weight: -5, hsPrefixes: ["85"]}
          - {id: what, type: TELEPATHY, weight: 5}
        interventions: []
        """;
    var r = postYaml(vertx, riskManager(), yaml);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo("urn:digital-customs:problem:validation");
    List<String> pointers =
        problem.getJsonArray("errors").stream()
            .map(e -> ((JsonObject) e).getString("pointer"))
            .toList();
    assertThat(pointers).hasSizeGreaterThanOrEqualTo(3);
    assertThat(String.join(" ", pointers))
        .contains("thresholds")
        .contains("indicators[0]")
        .contains("indicators[1]");
    assertThat(count("select count(*) from rulesets where id = 'test-broken'")).isZero();
  }

  @Test
  @DisplayName("only a risk manager uploads a ruleset")
  void onlyRiskManager(Vertx vertx) {
    var r = postYaml(vertx, Desk.officer(), allRed(version()));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  @DisplayName(
      "an uploaded ruleset is stored verbatim and audited, activated, and then read as the current one")
  void uploadActivateCurrent(Vertx vertx) {
    String version = version();
    String yaml = allRed(version);
    var uploaded = postYaml(vertx, riskManager(), yaml);
    assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(201);
    assertThat(uploaded.getHeader("Location"))
        .isEqualTo("/api/v1/risk/rulesets/test-all-red/" + version);
    assertThat(
            count(
                "select count(*) from rulesets where id = 'test-all-red' and version = $1 and document = $2 and active_from is null",
                version,
                yaml))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_log where action = 'RULESET_UPLOADED' and details ->> 'rulesetVersion' = $1",
                version))
        .isEqualTo(1);
    assertThat(postYaml(vertx, riskManager(), yaml).statusCode()).isEqualTo(409);

    activate(vertx, "test-all-red", version);
    JsonObject current =
        get(vertx, riskManager(), "/api/v1/risk/rulesets/current").bodyAsJsonObject();
    assertThat(current.getJsonObject("active").getString("version")).isEqualTo(version);
    assertThat(current.getJsonObject("active").getString("document")).isEqualTo(yaml);
    JsonObject d = Desk.submit(vertx);
    assertThat(d.getString("channel")).isEqualTo("RED");
    assertThat(d.getString("status")).isEqualTo("PHYSICAL_INSPECTION");
  }

  @Test
  @DisplayName(
      "a periodic reload that finds the same rulesets in force compiles nothing; one that finds another compiles it")
  void reloadOnlyOnChange(Vertx vertx) {
    RiskService risk =
        Await.result(
            new RiskService(TestApi.shared().pool(), java.time.Clock.systemUTC()).start(vertx));
    RiskService.Active before = risk.active();
    Await.result(risk.reloadActive());
    assertThat(risk.active()).isSameAs(before);

    String version = version();
    assertThat(postYaml(vertx, riskManager(), allGreen(version)).statusCode()).isEqualTo(201);
    activate(vertx, "test-all-green", version);
    Await.result(risk.reloadActive());
    assertThat(risk.active()).isNotSameAs(before);
    assertThat(risk.active().id() + "@" + risk.active().version())
        .isEqualTo("test-all-green@" + version);
    assertThat(risk.active().ruleset().version()).isEqualTo(version);
    RiskService.Active compiled = risk.active();
    Await.result(risk.reloadActive());
    assertThat(risk.active()).isSameAs(compiled);
  }

  @Test
  @DisplayName(
      "a shadow candidate is evaluated beside the active ruleset and its disagreements are counted and listed")
  void shadowDisagreements(Vertx vertx) {
    String red = version();
    String green = version();
    assertThat(postYaml(vertx, riskManager(), allRed(red)).statusCode()).isEqualTo(201);
    assertThat(postYaml(vertx, riskManager(), allGreen(green)).statusCode()).isEqualTo(201);
    activate(vertx, "test-all-red", red);
    var shadowed =
        post(
            vertx,
            riskManager(),
            "/api/v1/risk/rulesets/test-all-green/" + green + "/shadow",
            new JsonObject());
    assertThat(shadowed.statusCode()).as(shadowed.bodyAsString()).isEqualTo(200);

    JsonObject one = Desk.submit(vertx);
    JsonObject two = Desk.submit(vertx);
    var r =
        get(
            vertx,
            riskManager(),
            "/api/v1/risk/shadow/disagreements?rulesetId=test-all-green&rulesetVersion=" + green);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getInteger("total")).isEqualTo(2);
    JsonArray counts = body.getJsonArray("counts");
    assertThat(counts).hasSize(1);
    assertThat(counts.getJsonObject(0).getString("activeChannel")).isEqualTo("RED");
    assertThat(counts.getJsonObject(0).getString("shadowChannel")).isEqualTo("GREEN");
    assertThat(counts.getJsonObject(0).getInteger("count")).isEqualTo(2);
    assertThat(
            body.getJsonArray("items").stream()
                .map(i -> ((JsonObject) i).getString("declarationId"))
                .toList())
        .containsExactlyInAnyOrder(one.getString("id"), two.getString("id"));
    // The candidate never changes a declaration's channel.
    assertThat(one.getString("channel")).isEqualTo("RED");
    assertThat(get(vertx, Desk.officer(), "/api/v1/risk/shadow/disagreements").statusCode())
        .isEqualTo(403);
  }

  @Test
  @DisplayName(
      "activation and shadow are validated against the contract: a version that reads as a number stays"
          + " its text, and a bad path or body is a 400 problem naming the field")
  void activationAndShadowValidated(Vertx vertx) {
    // "NNNN.N0" read as JSON would be the number NNNN.N and refused as not a string
    String version =
        ThreadLocalRandom.current().nextInt(1000, 10_000)
            + "."
            + ThreadLocalRandom.current().nextInt(10, 100)
            + "0";
    assertThat(postYaml(vertx, riskManager(), allGreen(version)).statusCode()).isEqualTo(201);
    var shadowed =
        post(
            vertx,
            riskManager(),
            "/api/v1/risk/rulesets/test-all-green/" + version + "/shadow",
            new JsonObject());
    assertThat(shadowed.statusCode()).as(shadowed.bodyAsString()).isEqualTo(200);
    assertThat(shadowed.bodyAsJsonObject().getString("version")).isEqualTo(version);
    activate(vertx, "test-all-green", version);
    assertThat(
            get(vertx, riskManager(), "/api/v1/risk/rulesets/current")
                .bodyAsJsonObject()
                .getJsonObject("active")
                .getString("version"))
        .isEqualTo(version);

    String activation = "/api/v1/risk/rulesets/test-all-green/" + version + "/activation";
    // a body member is named by the schema's instance location, as on every validated route
    assertProblem(
        post(vertx, riskManager(), activation, new JsonObject().put("activeFrom", 20_261_201)),
        400,
        "/activeFrom");
    var notAnObject =
        send(vertx, activation, "application/json", "[\"2026-12-01T00:00:00+07:00\"]");
    assertThat(notAnObject.statusCode()).as(notAnObject.bodyAsString()).isEqualTo(400);
    assertThat(notAnObject.bodyAsJsonObject().getString("type"))
        .isEqualTo(Problem.TYPE_PREFIX + "bad-request");
    assertProblem(
        post(
            vertx,
            riskManager(),
            "/api/v1/risk/rulesets/" + "x".repeat(101) + "/" + version + "/activation",
            new JsonObject()),
        400,
        "id");
    assertProblem(
        post(
            vertx,
            riskManager(),
            "/api/v1/risk/rulesets/test-all-green/" + "9".repeat(51) + "/shadow",
            new JsonObject()),
        400,
        "version");
  }

  private static HttpResponse<Buffer> send(
      Vertx vertx, String uri, String contentType, String body) {
    return Await.result(
        TestApi.client(vertx)
            .post(uri)
            .bearerTokenAuthentication(riskManager())
            .putHeader("Content-Type", contentType)
            .sendBuffer(Buffer.buffer(body)));
  }

  /** A problem+json of this status whose first error names this field. */
  private static void assertProblem(HttpResponse<Buffer> r, int status, String pointer) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).startsWith(Problem.CONTENT_TYPE);
    assertThat(r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
        .as(r.bodyAsString())
        .isEqualTo(pointer);
  }

  @Test
  @DisplayName("inspections are counted per selecting rule: selected, and violations found")
  void hitRatePerRule(Vertx vertx) {
    String red = version();
    assertThat(postYaml(vertx, riskManager(), allRed(red)).statusCode()).isEqualTo(201);
    activate(vertx, "test-all-red", red);
    double selected = counter("customs.inspections.selected");
    double violations = counter("customs.inspections.violations");
    double decisions =
        Metrics.globalRegistry
            .find("customs.channel.decisions")
            .tags("office", "03CC", "gate", "VNHPH", "channel", "RED")
            .counters()
            .stream()
            .mapToDouble(Counter::count)
            .sum();
    JsonObject d = Desk.submit(vertx);
    var r =
        post(
            vertx,
            Desk.officer(),
            "/api/v1/declarations/" + d.getString("id") + "/inspection",
            new JsonObject().put("result", "VIOLATION").put("severity", "MINOR"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(counter("customs.inspections.selected")).isEqualTo(selected + 1);
    assertThat(counter("customs.inspections.violations")).isEqualTo(violations + 1);
    assertThat(
            Metrics.globalRegistry
                .find("customs.channel.decisions")
                .tags("office", "03CC", "gate", "VNHPH", "channel", "RED")
                .counters()
                .stream()
                .mapToDouble(Counter::count)
                .sum())
        .isEqualTo(decisions + 1);
  }

  private static double counter(String name) {
    Counter c = Metrics.globalRegistry.find(name).tag("rule", "random-selection").counter();
    return c == null ? 0 : c.count();
  }
}
