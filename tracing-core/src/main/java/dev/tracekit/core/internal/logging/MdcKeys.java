package dev.tracekit.core.internal.logging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import org.slf4j.MDC;

/**
 * The MDC key names for the trace id, span id and trace flags, and how a span context is written
 * under them.
 *
 * <p>Internal: not API.
 */
public final class MdcKeys {
  /** The defaults: {@code trace_id}, {@code span_id}, {@code trace_flags}. */
  public static final MdcKeys DEFAULT = new MdcKeys("trace_id", "span_id", "trace_flags");

  final String traceId;
  final String spanId;
  final String traceFlags;

  /**
   * Key names.
   *
   * @param traceId the trace id key
   * @param spanId the span id key
   * @param traceFlags the trace flags key
   */
  public MdcKeys(String traceId, String spanId, String traceFlags) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.traceFlags = traceFlags;
  }

  /** The span context current in {@code context}, invalid when there is none. */
  static SpanContext spanContext(Context context) {
    Span span = Span.fromContextOrNull(context);
    return span == null ? SpanContext.getInvalid() : span.getSpanContext();
  }

  /** Writes the ids of {@code sc} into the MDC, or removes them when it is invalid. */
  void write(SpanContext sc) {
    if (sc.isValid()) {
      MDC.put(traceId, sc.getTraceId());
      MDC.put(spanId, sc.getSpanId());
      MDC.put(traceFlags, sc.getTraceFlags().asHex());
    } else {
      MDC.remove(traceId);
      MDC.remove(spanId);
      MDC.remove(traceFlags);
    }
  }

  @Override
  public String toString() {
    return traceId + ", " + spanId + ", " + traceFlags;
  }
}
