package dev.tracekit.jdbc;

/**
 * The stable database semantic conventions' span name: {@code db.query.summary}, else {@code
 * {db.operation.name} {target}} (operation supplied by the application; target: collection, else
 * namespace, else server address and port), else the target, else {@code db.system.name}. Adds no
 * attributes beyond the standard ones.
 */
public class DefaultJdbcConvention implements JdbcConvention {
  /** Use {@link JdbcConvention#DEFAULT}; subclasses may extend it. */
  protected DefaultJdbcConvention() {}

  @Override
  public String spanName(DbQueryView query) {
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
