package vn.customs.digital.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import vn.customs.digital.api.TestApi;
import vn.customs.digital.testing.Await;

@ExtendWith(VertxExtension.class)
@DisplayName("Metrics for Prometheus")
class MetricsTest {

  private static String scrape(Vertx vertx) {
    for (int i = 0; i < 3; i++) {
      assertThat(
              Await.result(TestApi.client(vertx).get("/api/v1/procedures/HQ-001").send())
                  .statusCode())
          .isEqualTo(200);
    }
    assertThat(
            Await.result(TestApi.client(vertx).get("/api/v1/procedures/HQ-999").send())
                .statusCode())
        .isEqualTo(404);
    HttpResponse<Buffer> r = Await.result(TestApi.client(vertx).get("/metrics").send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
    return r.bodyAsString();
  }

  @Test
  @DisplayName(
      "request durations are histograms by route template, method and status class, never by raw path")
  void httpHistograms(Vertx vertx) {
    String body = scrape(vertx);
    assertThat(
            body.lines()
                .filter(l -> l.startsWith("vertx_http_server_response_time_seconds_bucket{"))
                .filter(
                    l ->
                        l.contains("method=\"GET\"")
                            && l.contains("route=\"/api/v1/procedures/:code\"")
                            && l.contains("status=\"2xx\"")
                            && l.contains("le=\"0.005\"")))
        .hasSize(1);
    assertThat(body)
        .containsPattern("vertx_http_server_response_time_seconds_bucket\\{[^}]*status=\"4xx\"");
    assertThat(body).doesNotContain("HQ-001");
    assertThat(body.lines().filter(l -> l.startsWith("vertx_http_server_") && l.contains("code=")))
        .isEmpty();
  }

  @Test
  @DisplayName(
      "the process reports its start time and CPU seconds; the payment outcomes and the rules' inspection counters exist from the start")
  void processAndApplication(Vertx vertx) {
    String body = scrape(vertx);
    assertThat(body)
        .contains("process_start_time_seconds ")
        .contains("process_cpu_seconds_total ")
        .contains("system_cpu_cores ")
        .doesNotContain("process_cpu_time_ns_total")
        .doesNotContain("system_cpu_count");
    assertThat(body)
        .contains("payments_ipn_total{outcome=\"forged\"}")
        .contains("payments_ipn_total{outcome=\"wrong_amount\"}");
    // each rule of the ruleset in force, and random selection, counted from zero
    assertThat(body)
        .contains("customs_inspections_selected_total{rule=\"random-selection\"}")
        .contains("customs_inspections_violations_total{rule=\"random-selection\"}");
    assertThat(body).containsPattern("customs_inspections_selected_total\\{rule=\"[a-z0-9-]+\"\\}");
  }

  @Test
  @DisplayName("promtool check metrics accepts the scrape")
  void promtoolClean(Vertx vertx) throws IOException, InterruptedException {
    String body = scrape(vertx);
    Process promtool;
    try {
      promtool =
          new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(
          "promtool is needed (Debian package prometheus; ops/test installs it)", e);
    }
    promtool.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    promtool.getOutputStream().close();
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(promtool.exitValue()).as(output).isZero();
    assertThat(output).as("promtool's findings").isBlank();
  }

  @Test
  @DisplayName("a scraper that asks for OpenMetrics gets it")
  void openMetrics(Vertx vertx) {
    HttpResponse<Buffer> r =
        Await.result(
            TestApi.client(vertx)
                .get("/metrics")
                .putHeader(
                    "Accept",
                    "application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5")
                .send());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.getHeader("Content-Type"))
        .startsWith("application/openmetrics-text; version=1.0.0");
    assertThat(r.bodyAsString()).endsWith("# EOF\n");
  }
}
