package vn.customs.digital.api.platform;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The process's metrics as Prometheus scrapes them: names that {@code promtool check metrics}
 * accepts, HTTP request durations as histograms (aggregatable across api nodes, unlike summaries)
 * labelled by route template, method and status class, the process's start time, and OpenMetrics
 * for a scraper that asks for it.
 */
public final class ServiceMetrics {
  /** The HTTP duration buckets: from a cached read to a request at its database timeout. */
  static final Duration[] HTTP_BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  static final String OPENMETRICS = "application/openmetrics-text";

  private ServiceMetrics() {}

  /**
   * The registry of the process, joined to Micrometer's global one (where the domain's counters are
   * recorded).
   */
  public static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry
        .config()
        // Vert.x's per-status-code series become one per status class: 2xx, 4xx, 5xx.
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return statusClass(id);
              }
            })
        // Reported as process_cpu_seconds_total and system_cpu_cores below, in base units and
        // without a suffix
        // (_count) that Prometheus keeps for histograms.
        .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
        .meterFilter(MeterFilter.deny(id -> id.getName().equals("system.cpu.count")))
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().startsWith("vertx.http.server.response.time")) {
                  return config;
                }
                double[] slos = new double[HTTP_BUCKETS.length];
                for (int i = 0; i < slos.length; i++) {
                  slos[i] = HTTP_BUCKETS[i].toNanos();
                }
                return DistributionStatisticConfig.builder()
                    .serviceLevelObjectives(slos)
                    .build()
                    .merge(config);
              }
            });
    Metrics.addRegistry(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("CPU time used by the process")
          .register(registry);
    }
    Gauge.builder("system.cpu.cores", Runtime.getRuntime(), Runtime::availableProcessors)
        .description("Processors available to the process")
        .register(registry);
    return registry;
  }

  /**
   * Vert.x's HTTP metrics with the route template (never the raw path: ids would make a series
   * each), method and status.
   */
  public static MicrometerMetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(false)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE));
  }

  /** {@code GET /metrics}: Prometheus text, or OpenMetrics when the scraper asks for it. */
  public static Handler<RoutingContext> scrape(PrometheusMeterRegistry registry) {
    return ctx -> {
      String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
      String type =
          accept != null && accept.contains(OPENMETRICS)
              ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
              : "text/plain; version=0.0.4; charset=utf-8";
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, type).end(registry.scrape(type));
    };
  }

  private static Meter.Id statusClass(Meter.Id id) {
    String code = id.getTag("code");
    if (code == null || !id.getName().startsWith("vertx.http.server") || code.length() != 3) {
      return id;
    }
    List<Tag> tags = new ArrayList<>();
    for (Tag t : id.getTagsAsIterable()) {
      if (!t.getKey().equals("code")) {
        tags.add(t);
      }
    }
    tags.add(Tag.of("status", code.charAt(0) + "xx"));
    return id.replaceTags(tags);
  }
}
