package dev.tracekit.core.safety;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Objects;

/**
 * Contains a user-supplied {@link SpanExporter}: an exception (or a null result) from {@code
 * export}, {@code flush} or {@code shutdown} becomes a failed result, reported once, instead of
 * reaching the span processor or, with a simple processor, the thread that ended the span. Fatal
 * errors ({@link VirtualMachineError}) are rethrown; a {@link LinkageError} (an OpenTelemetry
 * version mismatch on the class path) is contained like an exception. A blocking exporter is
 * bounded by the batch processor's export timeout, not by this wrapper.
 */
public final class SafeSpanExporter implements SpanExporter {
  private final SpanExporter delegate;
  private final String label;

  private SafeSpanExporter(SpanExporter delegate) {
    this.delegate = delegate;
    this.label = delegate.getClass().getName();
  }

  /**
   * Wraps an exporter; an already safe exporter is returned as it is.
   *
   * @param delegate the exporter
   * @return the containing exporter
   */
  public static SpanExporter wrap(SpanExporter delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return delegate instanceof SafeSpanExporter ? delegate : new SafeSpanExporter(delegate);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    try {
      CompletableResultCode result = delegate.export(spans);
      return result == null ? failed("export", null) : result;
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      return failed("export", t);
    }
  }

  @Override
  public CompletableResultCode flush() {
    try {
      CompletableResultCode result = delegate.flush();
      return result == null ? failed("flush", null) : result;
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      return failed("flush", t);
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    try {
      CompletableResultCode result = delegate.shutdown();
      return result == null ? failed("shutdown", null) : result;
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      return failed("shutdown", t);
    }
  }

  private CompletableResultCode failed(String operation, Throwable error) {
    Diagnostics.reportOnce(
        "safe-exporter:" + label + ":" + operation,
        "span exporter "
            + label
            + (error == null ? " returned null from " : " threw from ")
            + operation
            + "; treating it as a failed "
            + operation
            + " (the spans of that batch are lost)",
        error);
    return CompletableResultCode.ofFailure();
  }

  @Override
  public String toString() {
    return "SafeSpanExporter{" + delegate + "}";
  }
}
