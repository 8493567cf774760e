package vn.customs.digital.api.platform;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;

/**
 * The api's OpenTelemetry, one per process (Main): W3C trace context ({@code traceparent}) accepted
 * on every request and sent on every outgoing call through Vert.x's tracer (HTTP server and client,
 * the PostgreSQL client), so that a request's trace id is in its log lines (TraceIdMdc), its outbox
 * message and its push. Spans are exported over OTLP/HTTP when an endpoint is configured; without
 * one they are made, propagated and logged but sampled out (a caller's sampled {@code traceparent}
 * is still honoured).
 */
public final class Tracing {
  private final OpenTelemetrySdk sdk;

  private Tracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
  }

  public static Tracing start(TracingConfig config) {
    SdkTracerProviderBuilder provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                AttributeKey.stringKey("service.name"), config.serviceName()))));
    if (config.tracesEndpoint().isPresent()) {
      provider
          .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
          .addSpanProcessor(
              BatchSpanProcessor.builder(
                      OtlpHttpSpanExporter.builder()
                          .setEndpoint(config.tracesEndpoint().get().toString())
                          .build())
                  .build());
    } else {
      provider.setSampler(Sampler.parentBased(Sampler.alwaysOff()));
    }
    return new Tracing(
        OpenTelemetrySdk.builder()
            .setTracerProvider(provider.build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build());
  }

  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** Vert.x's tracer over this OpenTelemetry (Vertx.builder().withTracer). */
  public VertxTracerFactory vertxTracer() {
    return new OpenTelemetryTracingFactory(sdk);
  }

  /** Exports what is left and stops; never blocks the caller. */
  public Future<Void> shutdown() {
    Promise<Void> done = Promise.promise();
    sdk.shutdown().whenComplete(done::tryComplete);
    return done.future();
  }
}
