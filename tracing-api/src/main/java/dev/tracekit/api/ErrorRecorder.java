package dev.tracekit.api;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The one way TraceKit records a failure, shared by every module:
 *
 * <ul>
 *   <li>{@code error.type} on the span: the exception's class name, or a low-cardinality type the
 *       instrumentation knows better (an HTTP status code, a provider's error code);
 *   <li>status ERROR; its description is the exception's message only where the message is safe to
 *       export, and never repeats {@code error.type};
 *   <li>the exception itself as the conventions' {@code exception} span event ({@code
 *       exception.type}, {@code exception.message}, {@code exception.stacktrace}), or as a log
 *       record with the same attributes when {@code OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN=logs}
 *       ({@code logs/dup}: both), as the exception conventions ask of existing instrumentations.
 * </ul>
 *
 * <p>Nothing here throws into the caller.
 */
public final class ErrorRecorder {
  /** The semantic-convention {@code error.type} key. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** The system property of the exception signal opt-in. */
  public static final String OPT_IN_PROPERTY = "otel.semconv.exception.signal.opt.in";

  /** The environment variable of the exception signal opt-in. */
  public static final String OPT_IN_VARIABLE = "OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN";

  private static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE =
      AttributeKey.stringKey("exception.message");
  private static final AttributeKey<String> EXCEPTION_STACKTRACE =
      AttributeKey.stringKey("exception.stacktrace");

  private static final ErrorRecorder SPAN_EVENTS = new ErrorRecorder(null, true, false);

  private final @Nullable Logger logger;
  private final boolean spanEvents;
  private final boolean logs;

  private ErrorRecorder(@Nullable Logger logger, boolean spanEvents, boolean logs) {
    this.logger = logger;
    this.spanEvents = spanEvents;
    this.logs = logs;
  }

  /**
   * A recorder following {@code OTEL_SEMCONV_EXCEPTION_SIGNAL_OPT_IN} (system property {@value
   * #OPT_IN_PROPERTY} first): unset, exceptions are span events; {@code logs}, log records of the
   * given OpenTelemetry's logs bridge; {@code logs/dup}, both.
   *
   * @param openTelemetry where log records go
   * @param instrumentationScope the scope name of the log records
   * @return the recorder
   * @throws NullPointerException if an argument is null
   */
  public static ErrorRecorder create(OpenTelemetry openTelemetry, String instrumentationScope) {
    return create(openTelemetry, instrumentationScope, optIn());
  }

  /**
   * A recorder for an explicit opt-in value ({@code logs}, {@code logs/dup}, or anything else for
   * span events).
   *
   * @param openTelemetry where log records go
   * @param instrumentationScope the scope name of the log records
   * @param optIn the opt-in value, may be null
   * @return the recorder
   * @throws NullPointerException if openTelemetry or instrumentationScope is null
   */
  public static ErrorRecorder create(
      OpenTelemetry openTelemetry, String instrumentationScope, @Nullable String optIn) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    Objects.requireNonNull(instrumentationScope, "instrumentationScope");
    boolean dup = false;
    boolean logs = false;
    if (optIn != null) {
      for (String token : optIn.split(",")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        dup |= t.equals("logs/dup");
        logs |= t.equals("logs") || t.equals("logs/dup");
      }
    }
    if (!logs) {
      return SPAN_EVENTS;
    }
    Logger logger = null;
    try {
      logger = openTelemetry.getLogsBridge().get(instrumentationScope);
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.reportOnce(
          "exception logs", "no logs bridge: exceptions are recorded as span events", e);
      return SPAN_EVENTS;
    }
    return new ErrorRecorder(logger, dup, true);
  }

  /**
   * The recorder writing exceptions as span events only (the conventions' default).
   *
   * @return the recorder
   */
  public static ErrorRecorder spanEvents() {
    return SPAN_EVENTS;
  }

  private static @Nullable String optIn() {
    try {
      String value = System.getProperty(OPT_IN_PROPERTY);
      return value != null ? value : System.getenv(OPT_IN_VARIABLE);
    } catch (SecurityException e) {
      return null;
    }
  }

  /**
   * Records an exception thrown by user code: {@code error.type} its class name, status ERROR
   * described by its message, the exception signal with message and stack trace. A database
   * exception ({@link java.sql.SQLException} in the cause chain) keeps its message out: its type
   * and SQLState are recorded. A null error records nothing.
   *
   * @param span the span
   * @param error the failure, may be null
   */
  public void record(Span span, @Nullable Throwable error) {
    if (error == null || span == null || !span.isRecording()) {
      return;
    }
    try {
      Throwable cause = unwrap(error);
      String type = cause.getClass().getName();
      java.sql.SQLException sql = sqlException(cause);
      if (sql != null) {
        String state = sql.getSQLState();
        record(span, cause, type, state == null ? null : "SQLState " + state, false);
        return;
      }
      record(span, cause, type, cause.getMessage(), true);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("record error", "could not record an exception on a span", e);
    }
  }

  /**
   * Records an exception with a type and description chosen by the instrumentation.
   *
   * @param span the span
   * @param error the exception
   * @param errorType the {@code error.type} value
   * @param description the status description, may be null; dropped when equal to the type
   * @param details whether the exception signal carries the message and stack trace (false keeps
   *     only {@code exception.type}, for messages that may quote data: SQL, prompts)
   */
  public void record(
      Span span, Throwable error, String errorType, @Nullable String description, boolean details) {
    if (span == null || !span.isRecording()) {
      return;
    }
    try {
      recordError(span, errorType, description);
      if (error != null) {
        exception(span, error, details);
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("record error", "could not record an exception on a span", e);
    }
  }

  /**
   * Records a failure without an exception (an HTTP 5xx, a provider's error response): {@code
   * error.type} and status ERROR.
   *
   * @param span the span
   * @param errorType the {@code error.type} value
   * @param description the status description, may be null; dropped when equal to the type
   */
  public void recordError(Span span, String errorType, @Nullable String description) {
    if (span == null || errorType == null || !span.isRecording()) {
      return;
    }
    span.setAttribute(ERROR_TYPE, errorType);
    if (description == null || description.isEmpty() || description.equals(errorType)) {
      span.setStatus(StatusCode.ERROR);
    } else {
      span.setStatus(StatusCode.ERROR, description);
    }
  }

  /**
   * Records a cancellation: {@code error.type} the cancellation class, status ERROR {@code
   * cancelled} and a {@code cancelled} event.
   *
   * @param span the span
   */
  public void recordCancelled(Span span) {
    if (span == null || !span.isRecording()) {
      return;
    }
    span.addEvent("cancelled", Attributes.empty());
    recordError(span, CancellationException.class.getName(), "cancelled");
  }

  private void exception(Span span, Throwable error, boolean details) {
    if (spanEvents) {
      if (details) {
        span.recordException(error);
      } else {
        span.addEvent("exception", Attributes.of(EXCEPTION_TYPE, error.getClass().getName()));
      }
    }
    if (logs && logger != null) {
      AttributesBuilder attributes =
          Attributes.builder().put(EXCEPTION_TYPE, error.getClass().getName());
      if (details) {
        String message = error.getMessage();
        if (message != null) {
          attributes.put(EXCEPTION_MESSAGE, message);
        }
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        attributes.put(EXCEPTION_STACKTRACE, trace.toString());
      }
      logger
          .logRecordBuilder()
          .setContext(Context.current().with(span))
          .setSeverity(Severity.ERROR)
          .setSeverityText("ERROR")
          .setAllAttributes(attributes.build())
          .emit();
    }
  }

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
