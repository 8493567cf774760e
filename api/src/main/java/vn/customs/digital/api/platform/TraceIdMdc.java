package vn.customs.digital.api.platform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts the trace id and span id of the code that logs into the log line ({@code traceId}, {@code
 * spanId} in the MDC: {@code %X{traceId}} in the text format, the {@code mdc} object in JSON), or
 * takes them out when it runs in no trace. Event loops serve many requests in turn, so the MDC is
 * set at each logging call from the current OpenTelemetry context (which Vert.x keeps per request),
 * never left from an earlier one. Installed by logback-text.xml and logback-json.xml.
 */
public final class TraceIdMdc extends TurboFilter {
  public static final String TRACE_ID = "traceId";
  public static final String SPAN_ID = "spanId";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      MDC.put(TRACE_ID, span.getTraceId());
      MDC.put(SPAN_ID, span.getSpanId());
    } else {
      MDC.remove(TRACE_ID);
      MDC.remove(SPAN_ID);
    }
    return FilterReply.NEUTRAL;
  }
}
