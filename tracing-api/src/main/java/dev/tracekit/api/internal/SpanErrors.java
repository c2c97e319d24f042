package dev.tracekit.api.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Records a failure on a span the same way everywhere: an {@code exception} event, status ERROR
 * with the exception's message, and {@code error.type} set to the exception's class name.
 *
 * <p>Internal: not API.
 */
public final class SpanErrors {
  /** The semantic-convention {@code error.type} key. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private SpanErrors() {}

  /**
   * Records a failure; a null throwable records nothing. Never throws.
   *
   * @param span the span
   * @param error the failure, may be null
   */
  public static void record(Span span, @Nullable Throwable error) {
    if (error == null || !span.isRecording()) {
      return;
    }
    try {
      Throwable cause = unwrap(error);
      span.setAttribute(ERROR_TYPE, cause.getClass().getName());
      java.sql.SQLException sql = sqlException(cause);
      if (sql != null) {
        // Database messages quote the failing values (duplicate keys, constraint details): keep
        // the type and SQLState only, as tracing-jdbc does for its own spans.
        String state = sql.getSQLState();
        span.addEvent("exception", Attributes.of(EXCEPTION_TYPE, cause.getClass().getName()));
        span.setStatus(
            StatusCode.ERROR,
            cause.getClass().getSimpleName() + (state == null ? "" : " (SQLState " + state + ")"));
        return;
      }
      span.recordException(cause);
      String message = cause.getMessage();
      span.setStatus(
          StatusCode.ERROR, message == null ? cause.getClass().getSimpleName() : message);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("record error", "could not record an exception on a span", e);
    }
  }

  private static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");

  /** The first {@link java.sql.SQLException} in the cause chain (bounded), or null. */
  private static java.sql.@Nullable SQLException sqlException(Throwable error) {
    Throwable t = error;
    for (int depth = 0; t != null && depth < 8; depth++) {
      if (t instanceof java.sql.SQLException sql) {
        return sql;
      }
      Throwable next = t.getCause();
      t = next == t ? null : next;
    }
    return null;
  }

  /**
   * Records a cancellation: status ERROR {@code cancelled}, {@code error.type} the cancellation
   * class, and a {@code cancelled} event.
   *
   * @param span the span
   */
  public static void recordCancelled(Span span) {
    if (!span.isRecording()) {
      return;
    }
    span.addEvent("cancelled", Attributes.empty());
    span.setAttribute(ERROR_TYPE, CancellationException.class.getName());
    span.setStatus(StatusCode.ERROR, "cancelled");
  }

  /**
   * The cause of a {@link CompletionException} or {@link ExecutionException}, else the throwable.
   *
   * @param error the throwable
   * @return the underlying failure
   */
  public static Throwable unwrap(Throwable error) {
    Throwable t = error;
    // Bounded: a cause chain can be cyclic (initCause on a wrapper of itself).
    for (int depth = 0;
        depth < 16
            && (t instanceof CompletionException || t instanceof ExecutionException)
            && t.getCause() != null
            && t.getCause() != t;
        depth++) {
      t = t.getCause();
    }
    return t;
  }
}
