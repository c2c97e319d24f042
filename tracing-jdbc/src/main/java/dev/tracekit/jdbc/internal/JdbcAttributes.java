package dev.tracekit.jdbc.internal;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute keys and names used by the JDBC tracing that the stable semantic-convention artifact
 * does not hold: incubating convention keys (copied, so that no alpha artifact is needed at run
 * time) and TraceKit's own keys under {@code tracekit.}.
 *
 * <p>Internal: not API.
 */
public final class JdbcAttributes {
  private JdbcAttributes() {}

  /** Incubating convention: rows returned by the operation. */
  public static final AttributeKey<Long> DB_RESPONSE_RETURNED_ROWS =
      AttributeKey.longKey("db.response.returned_rows");

  /** Incubating convention prefix: {@code db.query.parameter.<key>}, the 0-based index here. */
  public static final String DB_QUERY_PARAMETER_PREFIX = "db.query.parameter.";

  /** Incubating convention: the connection pool name of the connection-wait metric. */
  public static final AttributeKey<String> DB_CLIENT_CONNECTION_POOL_NAME =
      AttributeKey.stringKey("db.client.connection.pool.name");

  /** TraceKit: rows changed by an update (the update count; a batch's sum). */
  public static final AttributeKey<Long> AFFECTED_ROWS =
      AttributeKey.longKey("tracekit.db.response.affected_rows");

  /** TraceKit: the slow-statement event's name. */
  public static final String SLOW_QUERY_EVENT = "tracekit.db.slow_query";

  /**
   * TraceKit: on the slow-statement event, the configured threshold in seconds (no unit in the key;
   * the statement's own duration is the span's).
   */
  public static final AttributeKey<Double> SLOW_QUERY_THRESHOLD =
      AttributeKey.doubleKey("tracekit.db.slow_query.threshold");

  /** TraceKit: a transaction's isolation level, for example {@code READ_COMMITTED}. */
  public static final AttributeKey<String> TRANSACTION_ISOLATION =
      AttributeKey.stringKey("tracekit.db.transaction.isolation_level");

  /** TraceKit: whether a transaction ran on a read-only connection. */
  public static final AttributeKey<Boolean> TRANSACTION_READ_ONLY =
      AttributeKey.booleanKey("tracekit.db.transaction.read_only");

  /** TraceKit: how a transaction ended: {@code commit} or {@code rollback}. */
  public static final AttributeKey<String> TRANSACTION_OUTCOME =
      AttributeKey.stringKey("tracekit.db.transaction.outcome");

  /** Convention: the exception event's type attribute. */
  public static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");
}
