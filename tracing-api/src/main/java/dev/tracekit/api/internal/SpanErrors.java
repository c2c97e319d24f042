package dev.tracekit.api.internal;

import dev.tracekit.api.ErrorRecorder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;

/**
 * Static shortcuts to {@link ErrorRecorder#spanEvents()} for code that has no OpenTelemetry at
 * hand; everything else uses an {@link ErrorRecorder} made with {@link ErrorRecorder#create}.
 *
 * <p>Internal: not API.
 */
public final class SpanErrors {
  /** The semantic-convention {@code error.type} key. */
  public static final AttributeKey<String> ERROR_TYPE = ErrorRecorder.ERROR_TYPE;

  private SpanErrors() {}

  /**
   * Records a failure as {@link ErrorRecorder#record(Span, Throwable)} does. Never throws.
   *
   * @param span the span
   * @param error the failure, may be null
   */
  public static void record(Span span, @Nullable Throwable error) {
    ErrorRecorder.spanEvents().record(span, error);
  }

  /**
   * Records a cancellation as {@link ErrorRecorder#recordCancelled(Span)} does.
   *
   * @param span the span
   */
  public static void recordCancelled(Span span) {
    ErrorRecorder.spanEvents().recordCancelled(span);
  }

  /**
   * The cause of a completion or execution exception, else the throwable.
   *
   * @param error the throwable
   * @return the underlying failure
   */
  public static Throwable unwrap(Throwable error) {
    return ErrorRecorder.unwrap(error);
  }
}
