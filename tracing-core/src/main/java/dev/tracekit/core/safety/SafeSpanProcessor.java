package dev.tracekit.core.safety;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Objects;

/**
 * Contains a user-supplied {@link SpanProcessor}: the SDK calls {@code onStart} and {@code onEnd}
 * on the application's thread, inside {@code startSpan()} and {@code end()}, and does not catch
 * what they throw. This wrapper catches it, reports it once and carries on. Fatal errors ({@link
 * VirtualMachineError}) are rethrown; a {@link LinkageError} (an OpenTelemetry version mismatch on
 * the class path) is contained like an exception.
 */
public final class SafeSpanProcessor implements SpanProcessor {
  private final SpanProcessor delegate;
  private final String label;
  private final boolean startRequired;
  private final boolean endRequired;

  private SafeSpanProcessor(SpanProcessor delegate) {
    this.delegate = delegate;
    this.label = delegate.getClass().getName();
    this.startRequired = ask(delegate, true);
    this.endRequired = ask(delegate, false);
  }

  /**
   * Wraps a processor; an already safe processor is returned as it is.
   *
   * @param delegate the processor
   * @return the containing processor
   */
  public static SpanProcessor wrap(SpanProcessor delegate) {
    Objects.requireNonNull(delegate, "delegate");
    return delegate instanceof SafeSpanProcessor ? delegate : new SafeSpanProcessor(delegate);
  }

  private static boolean ask(SpanProcessor delegate, boolean start) {
    try {
      return start ? delegate.isStartRequired() : delegate.isEndRequired();
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      return true;
    }
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    try {
      delegate.onStart(parentContext, span);
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      report("onStart", t);
    }
  }

  @Override
  public boolean isStartRequired() {
    return startRequired;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    try {
      delegate.onEnd(span);
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      report("onEnd", t);
    }
  }

  @Override
  public boolean isEndRequired() {
    return endRequired;
  }

  @Override
  public CompletableResultCode shutdown() {
    try {
      CompletableResultCode result = delegate.shutdown();
      return result == null ? CompletableResultCode.ofFailure() : result;
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      report("shutdown", t);
      return CompletableResultCode.ofFailure();
    }
  }

  @Override
  public CompletableResultCode forceFlush() {
    try {
      CompletableResultCode result = delegate.forceFlush();
      return result == null ? CompletableResultCode.ofFailure() : result;
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      report("forceFlush", t);
      return CompletableResultCode.ofFailure();
    }
  }

  private void report(String operation, Throwable error) {
    Diagnostics.reportOnce(
        "safe-processor:" + label + ":" + operation,
        "span processor "
            + label
            + " threw from "
            + operation
            + "; ignored so the application"
            + " thread carries on",
        error);
  }

  @Override
  public String toString() {
    return "SafeSpanProcessor{" + delegate + "}";
  }
}
