package vn.customs.digital.api.declarations;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import vn.customs.digital.api.Main;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.api.auth.PhoneKeys;
import vn.customs.digital.api.auth.TestTokens;
import vn.customs.digital.testing.Await;
import vn.customs.digital.testing.TestDatabase;

/**
 * W3C trace context through the api as Main starts it: a signed submission with a caller's
 * traceparent, its outbox messages, its log lines and the spans exported over OTLP/HTTP to a
 * receiver of the test's own.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Tracing")
class TracingTest {

  /** Every log event with the MDC it had on the thread that logged it. */
  private static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<Map<String, String>> mdc = new CopyOnWriteArrayList<>();
    final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent e) {
      mdc.add(Map.copyOf(e.getMDCPropertyMap()));
      events.add(e);
    }
  }

  @Test
  @DisplayName(
      "a request's traceparent reaches its outbox messages and their live stream events, its access"
          + " log line and the log's MDC,"
          + " and its spans (the request's, PostgreSQL's) are exported to OTEL_EXPORTER_OTLP_ENDPOINT")
  void traceparentEndToEnd(Vertx vertx) throws Exception {
    List<byte[]> exports = new CopyOnWriteArrayList<>();
    List<String> exportTypes = new CopyOnWriteArrayList<>();
    HttpServer collector =
        Await.result(
            vertx
                .createHttpServer()
                .requestHandler(
                    req -> {
                      if (req.method() == HttpMethod.POST && req.path().equals("/v1/traces")) {
                        exportTypes.add(req.getHeader("Content-Type"));
                        req.body()
                            .onSuccess(
                                b -> {
                                  exports.add(b.getBytes());
                                  req.response()
                                      .putHeader("Content-Type", "application/x-protobuf")
                                      .end();
                                });
                      } else {
                        req.response().setStatusCode(404).end();
                      }
                    })
                .listen(0, "127.0.0.1"));
    Capture capture = new Capture();
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    capture.setContext(logging);
    capture.start();
    Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(capture);

    TestDatabase db = TestDatabase.create("dc_tracing");
    Map<String, String> env = new HashMap<>(TestApi.baseEnv(db));
    env.put("ACCESS_LOG", "true");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.actualPort());
    env.put("OTEL_SERVICE_NAME", "dc-tracing-test");
    Main.Running api = Await.result(Main.start(env));
    try {
      WebClient client =
          WebClient.create(
              vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(api.port()));
      String taxCode = "0101234567";
      String token = TestTokens.trader(taxCode);
      ECKey key = new ECKeyGenerator(Curve.P_256).keyID("phone-" + UUID.randomUUID()).generate();
      HttpResponse<Buffer> registered =
          Await.result(
              client
                  .post("/api/v1/enterprises/" + taxCode + "/keys")
                  .bearerTokenAuthentication(token)
                  .sendJsonObject(
                      new JsonObject()
                          .put("jwk", new JsonObject(key.toPublicJWK().toJSONObject()))));
      assertThat(registered.statusCode()).as(registered.bodyAsString()).isIn(200, 201);

      // the trader's live stream, open before the submission
      HttpClient http = vertx.createHttpClient();
      StringBuffer streamed = new StringBuffer();
      HttpClientResponse stream =
          Await.result(
              http.request(HttpMethod.GET, api.port(), "127.0.0.1", "/api/v1/me/events")
                  .compose(
                      req ->
                          req.putHeader("Authorization", "Bearer " + token)
                              .send()
                              // read from the head on, on the event loop (set later, chunks could
                              // pass)
                              .onSuccess(
                                  r -> r.handler(chunk -> streamed.append(chunk.toString())))));
      assertThat(stream.statusCode()).isEqualTo(200);

      String traceId = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 16);
      String callerSpan = "00f067aa0ba902b7";
      HttpResponse<Buffer> r =
          Await.result(
              client
                  .post("/api/v1/declarations")
                  .bearerTokenAuthentication(token)
                  .putHeader("Content-Type", "application/jose")
                  .putHeader("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                  .sendBuffer(Buffer.buffer(PhoneKeys.sign(key, Enterprise.referencePayload()))));
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      String id = r.bodyAsJsonObject().getString("id");

      // the outbox messages of the submission carry the request's trace, under a span of the api's
      // (a yellow or red one's queue entry too, written by a trigger of officer_queue, V21, with
      // the trace the transaction was given)
      List<String> parents = new ArrayList<>();
      for (Row row :
          Await.result(
              api.pool()
                  .preparedQuery("select traceparent from outbox where declaration_id = $1")
                  .execute(Tuple.of(id)))) {
        parents.add(row.getString(0));
      }
      assertThat(parents).isNotEmpty();
      assertThat(parents)
          .allSatisfy(
              p ->
                  assertThat(p)
                      .matches("00-" + traceId + "-[0-9a-f]{16}-0[13]")
                      .doesNotContain(callerSpan));

      // the live stream's events of the submission carry the trace context of their outbox rows
      Await.until(
          "the submission's events on the live stream",
          Duration.ofSeconds(10),
          () -> streamed.toString().contains("\"declarationId\":\"" + id + "\""));
      List<JsonObject> events =
          streamed
              .toString()
              .lines()
              .filter(line -> line.startsWith("data: "))
              .map(line -> new JsonObject(line.substring("data: ".length())))
              .filter(e -> id.equals(e.getString("declarationId")))
              .toList();
      assertThat(events)
          .isNotEmpty()
          .allSatisfy(e -> assertThat(parents).contains(e.getString("traceparent")));
      Await.result(http.close());

      // the access log line names the trace, and the lines logged while serving it carry it
      Await.until(
          "the access log line of the submission",
          Duration.ofSeconds(10),
          () ->
              capture.events.stream()
                  .anyMatch(
                      e ->
                          e.getLoggerName().contains("access")
                              && e.getKeyValuePairs() != null
                              && e.getKeyValuePairs().stream()
                                  .anyMatch(kv -> traceId.equals(String.valueOf(kv.value)))));
      assertThat(capture.mdc).anyMatch(m -> traceId.equals(m.get("traceId")));

      // spans arrive at the collector: OTLP/HTTP protobuf, with the trace id's 16 bytes and the
      // service name, the server span's and PostgreSQL's
      byte[] traceBytes = HexFormat.of().parseHex(traceId);
      Await.until(
          "spans of the trace exported",
          Duration.ofSeconds(20),
          () -> exports.stream().anyMatch(b -> contains(b, traceBytes)));
      assertThat(exportTypes).allMatch("application/x-protobuf"::equals);
      byte[] all = concat(exports);
      assertThat(contains(all, "dc-tracing-test".getBytes())).isTrue();
      Await.until(
          "a PostgreSQL span exported",
          Duration.ofSeconds(20),
          () -> contains(concat(exports), "postgresql".getBytes()));
    } finally {
      root.detachAppender(capture);
      Await.result(api.close());
      Await.result(collector.close());
    }
  }

  private static byte[] concat(List<byte[]> parts) {
    int n = parts.stream().mapToInt(b -> b.length).sum();
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] b : parts) {
      System.arraycopy(b, 0, all, at, b.length);
      at += b.length;
    }
    return all;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
