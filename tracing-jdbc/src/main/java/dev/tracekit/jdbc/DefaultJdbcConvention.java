package dev.tracekit.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * The stable database semantic conventions' span name: {@code db.query.summary}, else {@code
 * {db.operation.name} {target}} (operation supplied by the application; target: collection, else
 * namespace, else server address and port), else the target, else {@code db.system.name}. Adds no
 * attributes beyond the standard ones.
 */
public class DefaultJdbcConvention implements JdbcConvention {
  /** Use {@link JdbcConvention#DEFAULT}; subclasses may extend it. */
  protected DefaultJdbcConvention() {}

  /**
   * {@inheritDoc}
   *
   * @param query the statement; TraceKit never passes null (null gives {@code DB})
   * @return the name
   */
  @Override
  public String spanName(@Nullable DbQueryView query) {
    if (query == null) {
      return "DB";
    }
    if (!query.summary().isEmpty()) {
      return query.summary();
    }
    String target = query.collectionName();
    if (target == null) {
      target = query.namespace();
    }
    if (target == null && query.serverAddress() != null) {
      target =
          query.serverPort() > 0
              ? query.serverAddress() + ":" + query.serverPort()
              : query.serverAddress();
    }
    String operation = query.operationName();
    if (operation != null) {
      return target == null ? operation : operation + " " + target;
    }
    return target != null ? target : query.systemName();
  }
}
