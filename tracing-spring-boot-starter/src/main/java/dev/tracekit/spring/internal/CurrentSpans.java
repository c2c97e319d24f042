package dev.tracekit.spring.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * Run-time guards against a second server or client span for the same request.
 *
 * <p>Internal: not API.
 */
final class CurrentSpans {
  private CurrentSpans() {}

  /** A span is already current when a request enters: another filter or an agent made it. */
  static boolean anyCurrent() {
    return Span.current().getSpanContext().isValid();
  }

  /** The current span is a client span: the framework's observation (or ours) made it. */
  static boolean clientCurrent() {
    try {
      return Span.current() instanceof ReadableSpan span && span.getKind() == SpanKind.CLIENT;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }
}
