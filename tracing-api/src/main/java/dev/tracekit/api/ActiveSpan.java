package dev.tracekit.api;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * A started span that is current until {@link #close()}; for try-with-resources. Close it on the
 * thread that started it.
 */
public final class ActiveSpan implements AutoCloseable {
  private final ErrorRecorder errors;
  private final Span span;
  private final Scope scope;
  private boolean closed;

  ActiveSpan(ErrorRecorder errors, Span span, Scope scope) {
    this.errors = errors;
    this.span = span;
    this.scope = scope;
  }

  /**
   * The span, for attributes, events and status.
   *
   * @return the span
   */
  public Span span() {
    return span;
  }

  /**
   * Records an exception: an {@code exception} event, status ERROR and {@code error.type}.
   *
   * @param error the exception; null is ignored
   * @return this
   */
  public ActiveSpan recordError(@Nullable Throwable error) {
    errors.record(span, error);
    return this;
  }

  /** Leaves the span's scope and ends the span. Idempotent; never throws. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    scope.close();
    span.end();
  }
}
