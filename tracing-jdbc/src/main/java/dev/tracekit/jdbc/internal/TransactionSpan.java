package dev.tracekit.jdbc.internal;

import dev.tracekit.api.ErrorRecorder;
import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.sql.Connection;
import org.jspecify.annotations.Nullable;

/**
 * The span of a whole transaction ({@code JdbcTracing.transaction}): named {@code TRANSACTION},
 * with the database attributes, the isolation level, read-only flag and outcome.
 *
 * <p>Internal: not API.
 */
public final class TransactionSpan {
  /** The span name. */
  public static final String NAME = "TRANSACTION";

  private final Span span;
  private final ErrorRecorder errors;

  private TransactionSpan(Span span, ErrorRecorder errors) {
    this.span = span;
    this.errors = errors;
  }

  /**
   * Starts a transaction span.
   *
   * @param instrumenter the recorder
   * @param connection the connection the transaction runs on
   * @return the span, or null when nothing is recorded
   */
  public static @Nullable TransactionSpan start(
      JdbcInstrumenter instrumenter, Connection connection) {
    if (!instrumenter.enabled()) {
      return null;
    }
    try {
      SpanBuilder builder = instrumenter.tracer().spanBuilder(NAME).setSpanKind(SpanKind.INTERNAL);
      Span span = builder.startSpan();
      if (!span.isRecording()) {
        return new TransactionSpan(span, instrumenter.errors());
      }
      DbInfo db = dbOf(connection);
      span.setAttribute(DbAttributes.DB_SYSTEM_NAME, db.systemName());
      if (db.namespace() != null) {
        span.setAttribute(DbAttributes.DB_NAMESPACE, db.namespace());
      }
      if (db.serverAddress() != null) {
        span.setAttribute(ServerAttributes.SERVER_ADDRESS, db.serverAddress());
        if (db.serverPort() > 0) {
          span.setAttribute(ServerAttributes.SERVER_PORT, db.serverPort());
        }
      }
      try {
        span.setAttribute(
            JdbcAttributes.TRANSACTION_ISOLATION,
            isolationName(connection.getTransactionIsolation()));
        span.setAttribute(JdbcAttributes.TRANSACTION_READ_ONLY, connection.isReadOnly());
      } catch (Exception e) {
        Diagnostics.reportOnce(
            "jdbc-tx-isolation", "could not read a transaction's isolation level", e);
      }
      return new TransactionSpan(span, instrumenter.errors());
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("jdbc-tx-start", "could not start a transaction span", e);
      return null;
    }
  }

  private static DbInfo dbOf(Connection connection) {
    if (connection instanceof TracingConnection) {
      return ((TracingConnection) connection).db;
    }
    try {
      if (connection.isWrapperFor(TracingConnection.class)) {
        return connection.unwrap(TracingConnection.class).db;
      }
    } catch (Exception e) {
      // fall through to the metadata
    }
    return JdbcUrlParser.resolve(connection, null);
  }

  static String isolationName(int level) {
    switch (level) {
      case Connection.TRANSACTION_NONE:
        return "NONE";
      case Connection.TRANSACTION_READ_UNCOMMITTED:
        return "READ_UNCOMMITTED";
      case Connection.TRANSACTION_READ_COMMITTED:
        return "READ_COMMITTED";
      case Connection.TRANSACTION_REPEATABLE_READ:
        return "REPEATABLE_READ";
      case Connection.TRANSACTION_SERIALIZABLE:
        return "SERIALIZABLE";
      default:
        return Integer.toString(level);
    }
  }

  /**
   * Makes the span current for the transaction's statements.
   *
   * @return the scope to close
   */
  public Scope makeCurrent() {
    return span.makeCurrent();
  }

  /**
   * Ends the span.
   *
   * @param error what made the transaction roll back, or null when it committed
   */
  public void end(@Nullable Throwable error) {
    try {
      if (span.isRecording()) {
        span.setAttribute(
            JdbcAttributes.TRANSACTION_OUTCOME, error == null ? "commit" : "rollback");
        if (error != null) {
          errors.record(span, error, JdbcConventions.errorType(error), null, false);
        }
      }
      span.end();
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("jdbc-tx-end", "could not end a transaction span", e);
    }
  }
}
