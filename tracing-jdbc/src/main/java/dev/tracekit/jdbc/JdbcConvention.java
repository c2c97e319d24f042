package dev.tracekit.jdbc;

import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;

/**
 * How TraceKit names database spans and which attributes it adds beyond the standard ones, in one
 * place: {@link #DEFAULT} is the stable database semantic conventions. Replace or extend it with
 * {@link JdbcTracingBuilder#setConvention(JdbcConvention)}.
 *
 * <p>The standard attributes ({@code db.system.name}, {@code db.namespace}, {@code db.query.text},
 * {@code db.query.summary}, {@code server.*}, {@code error.type}, ...) are always recorded; what a
 * convention adds is set after them and may override them. A convention that throws is reported
 * once and the default is used for that call.
 */
public interface JdbcConvention {
  /** The stable database semantic conventions. */
  JdbcConvention DEFAULT = new DefaultJdbcConvention();

  /**
   * The span name.
   *
   * @param query the statement
   * @return the name
   */
  String spanName(DbQueryView query);

  /**
   * Adds attributes when the statement starts (only for recording spans).
   *
   * @param query the statement
   * @param attributes where to put them
   */
  default void onStart(DbQueryView query, AttributesBuilder attributes) {}

  /**
   * Adds attributes when the statement ended (only for recording spans).
   *
   * @param query the statement
   * @param error the failure, or null
   * @param attributes where to put them
   */
  default void onEnd(DbQueryView query, @Nullable Throwable error, AttributesBuilder attributes) {}
}
