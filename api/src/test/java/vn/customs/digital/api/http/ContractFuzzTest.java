package vn.customs.digital.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.Role;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.api.gates.GateFixture;
import vn.customs.digital.api.http.ContractFuzz.Case;
import vn.customs.digital.api.http.ContractFuzz.Operation;
import vn.customs.digital.problems.Problem;
import vn.customs.digital.testing.Await;

/**
 * Malformed requests for every operation of the contract the api serves (see {@link ContractFuzz}),
 * sent over HTTP to the api as it runs, with real tokens of a role the operation admits, against
 * the test run's PostgreSQL. Run once for the class; each test checks one property of the answers.
 * {@code -Dfuzz.seed=N} varies the junk inside the malformed values.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Malformed requests derived from the served contract")
class ContractFuzzTest {
  private static final Logger LOG = LoggerFactory.getLogger(ContractFuzzTest.class);
  private static final long SEED = Long.getLong("fuzz.seed", 20_261_207L);
  private static final String TAX_CODE = "0101234567";
  private static final String NO_SUCH_DECLARATION = UUID.randomUUID().toString();
  private static final String NO_SUCH_PAYMENT = UUID.randomUUID().toString();

  /**
   * Device tokens are single-use: authenticating one records its jti, whatever then becomes of the
   * request.
   */
  private static final Set<String> WRITTEN_BY_AUTHENTICATION = Set.of("public.gate_device_jtis");

  /** The role a secured operation is called with: the one of its first tag, unless named here. */
  private static final Map<String, Role> ROLE_BY_TAG =
      Map.of(
          "identity",
          Role.TRADER,
          "declarations",
          Role.TRADER,
          "documents",
          Role.TRADER,
          "payments",
          Role.TRADER,
          "receipts",
          Role.TRADER,
          "gates",
          Role.OFFICER,
          "officers",
          Role.OFFICER,
          "risk",
          Role.RISK_MANAGER,
          "notifications",
          Role.TRADER,
          "operations",
          Role.OFFICER);

  private static final Map<String, Role> ROLE_BY_OPERATION =
      Map.of(
          "declarePreArrival",
          Role.TRADER,
          "getRiskDecision",
          Role.OFFICER,
          // the permit register's reads; its writes are the agencies' signed posts
          "getPermit",
          Role.OFFICER,
          "listEnterprisePermits",
          Role.OFFICER);

  record Result(Case request, int status, String contentType, String body) {
    String describe() {
      return request.describe()
          + "\n    -> "
          + status
          + " "
          + contentType
          + " "
          + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
    }
  }

  private static GateFixture.Device device;
  private static ContractFuzz fuzz;
  private static List<Case> cases;
  private static Set<String> streams;
  private static final List<Result> results = new ArrayList<>();
  private static final List<Result> warmUp = new ArrayList<>();
  private static Map<String, Long> rowsBefore;
  private static Map<String, Long> rowsAfter;

  @BeforeAll
  static void fuzz(Vertx vertx) {
    TestApi.shared();
    device = GateFixture.deviceAtNewGate(vertx);
    fuzz =
        new ContractFuzz(
            servedContract(vertx), ContractFuzzTest::pathValue, TestApi.MAX_BODY_BYTES, SEED);
    cases = fuzz.cases();
    streams = streamOperations(fuzz.document());
    // Reads that record something the first time (an officer on duty, today's random key) do so
    // before the count.
    for (Operation op : fuzz.operations()) {
      if (op.method().equals("GET")) {
        Case base = new Case(op, "warm-up", fuzz.baseUri(op), Map.of(), null, null, false);
        warmUp.add(send(vertx, base));
      }
    }
    rowsBefore = rowCounts();
    long start = System.nanoTime();
    for (Case c : cases) {
      results.add(send(vertx, c));
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    rowsAfter = rowCounts();
    Map<Integer, Long> byStatus =
        results.stream()
            .collect(Collectors.groupingBy(Result::status, TreeMap::new, Collectors.counting()));
    LOG.info(
        "fuzzed {} operations with {} requests in {} ms (seed {}): {}",
        fuzz.operations().size(),
        results.size(),
        ms,
        SEED,
        byStatus);
  }

  /** The operations whose success is a text/event-stream, by id. */
  private static Set<String> streamOperations(JsonObject document) {
    Set<String> ids = new HashSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (var method : paths.getJsonObject(path)) {
        if (method.getValue() instanceof JsonObject op
            && op.getJsonObject("responses", new JsonObject()).getValue("200")
                instanceof JsonObject ok
            && ok.getJsonObject("content", new JsonObject()).containsKey("text/event-stream")) {
          ids.add(op.getString("operationId"));
        }
      }
    }
    return ids;
  }

  private static JsonObject servedContract(Vertx vertx) {
    HttpResponse<Buffer> r = Await.result(TestApi.client(vertx).get("/api/v1/openapi.yaml").send());
    assertThat(r.statusCode()).isEqualTo(200);
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> map =
          new ObjectMapper(new YAMLFactory()).readValue(r.body().getBytes(), Map.class);
      return new JsonObject(map);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Path parameters that name what exists where the caller may see it, or nothing that exists where
   * a change could follow.
   */
  private static String pathValue(Operation op, String name) {
    return switch (name) {
      case "taxCode" -> TAX_CODE;
      case "brokerTaxCode" -> "0309999992";
      case "kid" -> "fuzz-kid";
      case "code" -> "HQ-001";
      case "gate" -> device.gate();
      case "paymentId" -> NO_SUCH_PAYMENT;
      case "version" -> "fuzz-1";
      case "id" ->
          op.path().startsWith("/api/v1/risk/rulesets/") ? "fuzz-ruleset" : NO_SUCH_DECLARATION;
      default -> "fuzz";
    };
  }

  private static String token(Operation op) {
    return switch (op.security()) {
      case NONE -> null;
      case DEVICE -> device.token();
      case BEARER -> {
        Role role = ROLE_BY_OPERATION.getOrDefault(op.id(), ROLE_BY_TAG.get(op.tags().get(0)));
        if (role == null) {
          throw new IllegalStateException(
              "no role for secured operation " + op.id() + " (tags " + op.tags() + ")");
        }
        yield switch (role) {
          case TRADER -> TestTokens.trader(TAX_CODE);
          case OFFICER -> TestTokens.officer();
          default -> TestTokens.token(role, null, "fuzz-" + role.claim());
        };
      }
    };
  }

  private static Result send(Vertx vertx, Case c) {
    if (streams.contains(c.operation().id())) {
      return sendToStream(vertx, c);
    }
    HttpRequest<Buffer> req =
        TestApi.client(vertx)
            .request(HttpMethod.valueOf(c.operation().method()), c.uri())
            .timeout(30_000);
    String token = token(c.operation());
    if (token != null) {
      req.bearerTokenAuthentication(token);
    }
    c.headers().forEach(req::putHeader);
    if (c.contentType() != null) {
      req.putHeader("Content-Type", c.contentType());
    }
    HttpResponse<Buffer> r =
        Await.result((c.body() == null ? req.send() : req.sendBuffer(c.body())));
    String type = r.getHeader("Content-Type");
    return new Result(
        c, r.statusCode(), type == null ? "" : type, r.body() == null ? "" : r.bodyAsString());
  }

  /**
   * A request to an operation that answers a stream (Server-Sent Events): the answer's head is what
   * counts; a stream that opens is closed at once (it would never end).
   */
  private static Result sendToStream(Vertx vertx, Case c) {
    HttpClient http = vertx.createHttpClient();
    try {
      String token = token(c.operation());
      return Await.result(
          http.request(
                  new RequestOptions()
                      .setMethod(HttpMethod.valueOf(c.operation().method()))
                      .setHost("127.0.0.1")
                      .setPort(TestApi.port())
                      .setURI(c.uri())
                      .setTimeout(30_000))
              .compose(
                  req -> {
                    if (token != null) {
                      req.putHeader("Authorization", "Bearer " + token);
                    }
                    c.headers().forEach(req::putHeader);
                    if (c.contentType() != null) {
                      req.putHeader("Content-Type", c.contentType());
                    }
                    // Sent, and its answer's body asked for as the head arrives, in this one
                    // callback
                    // on
                    // the event loop: from the test's thread, a short answer could end before its
                    // body
                    // was asked for, and that future would never complete.
                    return (c.body() == null ? req.send() : req.send(c.body()))
                        .compose(
                            r -> {
                              String type = r.getHeader("Content-Type");
                              String shown = type == null ? "" : type;
                              if (shown.startsWith("text/event-stream")) {
                                req.reset();
                                return Future.succeededFuture(
                                    new Result(
                                        c,
                                        r.statusCode(),
                                        shown,
                                        "(an event stream, closed after its head)"));
                              }
                              return r.body()
                                  .map(b -> new Result(c, r.statusCode(), shown, b.toString()));
                            });
                  }));
    } finally {
      Await.result(http.shutdown(0, TimeUnit.SECONDS));
    }
  }

  /** Rows of every table of the test database, by schema-qualified name. */
  private static Map<String, Long> rowCounts() {
    var pool = TestApi.shared().pool();
    Map<String, Long> counts = new TreeMap<>();
    for (Row t :
        Await.result(
            pool.query(
                    "select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')"
                        + " and n.nspname not like 'pg_toast%'")
                .execute())) {
      String table = t.getString(0);
      counts.put(
          table,
          Await.result(pool.query("select count(*) from " + table).execute())
              .iterator()
              .next()
              .getLong(0));
    }
    return counts;
  }

  private static String listed(List<Result> failures) {
    return failures.size()
        + " of "
        + results.size()
        + ":\n"
        + failures.stream().limit(40).map(Result::describe).collect(Collectors.joining("\n"));
  }

  @Test
  @DisplayName(
      "every operation of the served contract is fuzzed in each of its path, query, header and body inputs")
  void everyOperation() {
    assertThat(fuzz.operations()).hasSizeGreaterThanOrEqualTo(40);
    for (Operation op : fuzz.operations()) {
      List<String> kinds = cases.stream().filter(c -> c.operation() == op).map(Case::kind).toList();
      assertThat(kinds).as(op.id()).anyMatch(k -> k.startsWith("query unknown"));
      for (JsonObject p : op.parameters()) {
        String prefix = p.getString("in") + " " + p.getString("name") + ":";
        assertThat(kinds).as(op.id() + " " + prefix).anyMatch(k -> k.startsWith(prefix));
      }
      if (op.requestBody() != null) {
        for (String media : op.requestBody().getJsonObject("content").fieldNames()) {
          assertThat(kinds)
              .as(op.id() + " " + media)
              .anyMatch(
                  k ->
                      k.startsWith(
                          media.equals("application/json") ? "json body nul" : media + " body:"));
        }
      }
    }
    assertThat(results).hasSize(cases.size());
  }

  @Test
  @DisplayName("no request, malformed or not, is answered with a 5xx")
  void noServerError() {
    List<Result> all = new ArrayList<>(warmUp);
    all.addAll(results);
    List<Result> failures = all.stream().filter(r -> r.status() >= 500).toList();
    assertThat(failures.size()).as(listed(failures)).isZero();
  }

  @Test
  @DisplayName("every 4xx answer is an RFC 9457 problem with a stable type")
  void everyRefusalIsAProblem() {
    List<Result> failures =
        results.stream()
            .filter(r -> r.status() >= 400 && r.status() < 500)
            .filter(r -> !isProblem(r))
            .toList();
    assertThat(failures.size()).as(listed(failures)).isZero();
  }

  private static boolean isProblem(Result r) {
    if (!r.contentType().startsWith(Problem.CONTENT_TYPE)) {
      return false;
    }
    try {
      JsonObject json = new JsonObject(r.body());
      return json.getString("type", "").matches("urn:digital-customs:problem:[a-z-]+")
          && json.getInteger("status", -1) == r.status()
          && !json.getString("title", "").isBlank()
          && !r.body().contains("Exception");
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Test
  @DisplayName(
      "a request that breaks the contract or the input rule is refused with a 4xx, not served")
  void malformedIsRefused() {
    List<Result> failures =
        results.stream()
            .filter(r -> r.request().mustRefuse())
            .filter(r -> r.status() < 400 || r.status() >= 500)
            .toList();
    assertThat(failures.size()).as(listed(failures)).isZero();
  }

  @Test
  @DisplayName("malformed requests write nothing: every table holds as many rows as before")
  void nothingWritten() {
    Map<String, Long> before = new TreeMap<>(rowsBefore);
    Map<String, Long> after = new TreeMap<>(rowsAfter);
    before.keySet().removeAll(WRITTEN_BY_AUTHENTICATION);
    after.keySet().removeAll(WRITTEN_BY_AUTHENTICATION);
    assertThat(before)
        .as("tables of the test database")
        .containsKey("public.declarations")
        .containsKey("public.gate_events");
    assertThat(after).isEqualTo(before);
  }
}
