package dev.tracekit.core.redaction;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.internal.redaction.RedactedSpanData;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Redacts every span just before it is exported: span name, span attributes, event attributes
 * (including {@code exception.message} and {@code exception.stacktrace}), link attributes and the
 * status description go through a {@link Redactor}; the span itself stays untouched for other
 * processors. Spans with nothing to redact are passed on as they are.
 *
 * <p>Why an exporter wrapper and not a span processor: a processor's {@code onEnd} sees a read-only
 * span, and even the SDK's internal {@code onEnding} hook cannot rewrite events or the recorded
 * exception; wrapping the exporter rewrites the immutable {@link SpanData} instead, on the export
 * thread (the batch processor's worker), off the application's threads.
 *
 * <p>Resource attributes are not redacted. If redaction itself fails for a span (a bug), that span
 * is exported without attributes, events or links, and the failure is reported once.
 */
public final class RedactingSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final RedactedSpanData.Rewrite redactor;

  private RedactingSpanExporter(SpanExporter delegate, Redactor redactor) {
    this.delegate = delegate;
    this.redactor = RedactedSpanData.of(redactor);
  }

  /**
   * Wraps an exporter with the {@linkplain Redactor#defaults() default redactor}.
   *
   * @param delegate the exporter that receives redacted spans
   * @return the redacting exporter
   */
  public static RedactingSpanExporter create(SpanExporter delegate) {
    return create(delegate, Redactor.defaults());
  }

  /**
   * Wraps an exporter with a redactor.
   *
   * @param delegate the exporter that receives redacted spans
   * @param redactor the redactor
   * @return the redacting exporter
   */
  public static RedactingSpanExporter create(SpanExporter delegate, Redactor redactor) {
    return new RedactingSpanExporter(
        Objects.requireNonNull(delegate, "delegate"), Objects.requireNonNull(redactor, "redactor"));
  }

  /**
   * Redacts the spans and hands them to the delegate.
   *
   * @param spans the spans; null exports nothing
   * @return the delegate's result
   */
  @Override
  public CompletableResultCode export(@Nullable Collection<SpanData> spans) {
    if (spans == null) {
      return CompletableResultCode.ofSuccess();
    }
    List<SpanData> redacted = new ArrayList<>(spans.size());
    for (SpanData span : spans) {
      try {
        redacted.add(RedactedSpanData.rewrite(span, redactor));
      } catch (RuntimeException e) {
        Diagnostics.reportOnce(
            "redaction:failed",
            "could not redact a span; exporting it without attributes, events and links",
            e);
        redacted.add(RedactedSpanData.stripped(span));
      }
    }
    return delegate.export(redacted);
  }

  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "RedactingSpanExporter{" + delegate + "}";
  }
}
