package vn.customs.digital.api.platform;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.customs.digital.api.ApiConfig;

/**
 * Where the api's traces go (Tracing), read with OpenTelemetry's own variable names.
 *
 * @param tracesEndpoint the OTLP/HTTP (protobuf) URL spans are exported to: {@code
 *     OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} as it is, else {@code OTEL_EXPORTER_OTLP_ENDPOINT} with
 *     {@code /v1/traces} appended; none, no export (trace ids are still made, propagated and
 *     logged)
 * @param serviceName {@code OTEL_SERVICE_NAME}, the resource's {@code service.name}
 */
public record TracingConfig(Optional<URI> tracesEndpoint, String serviceName) {
  public static final String DEFAULT_SERVICE_NAME = "digital-customs-api";

  public static TracingConfig fromEnv(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Optional<URI> endpoint = Optional.empty();
    String traces = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    String base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT");
    if (traces != null && !traces.isBlank()) {
      endpoint = url("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces.trim(), problems);
    } else if (base != null && !base.isBlank()) {
      String b = base.trim();
      endpoint =
          url(
              "OTEL_EXPORTER_OTLP_ENDPOINT",
              (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/v1/traces",
              problems);
    }
    String protocol = env.getOrDefault("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf").trim();
    if (!protocol.isEmpty() && !protocol.equals("http/protobuf")) {
      problems.add(
          "OTEL_EXPORTER_OTLP_PROTOCOL=" + protocol + ": only http/protobuf is spoken (OTLP/HTTP)");
    }
    String name = env.getOrDefault("OTEL_SERVICE_NAME", DEFAULT_SERVICE_NAME).trim();
    if (!name.matches("[\\x21-\\x7e]{1,100}")) {
      problems.add("OTEL_SERVICE_NAME must be 1-100 visible ASCII characters");
    }
    if (!problems.isEmpty()) {
      throw new ApiConfig.InvalidConfig(problems);
    }
    return new TracingConfig(endpoint, name.isEmpty() ? DEFAULT_SERVICE_NAME : name);
  }

  private static Optional<URI> url(String variable, String value, List<String> problems) {
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return Optional.of(uri);
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    problems.add(variable + "=" + value + " must be an http:// or https:// URL");
    return Optional.empty();
  }
}
