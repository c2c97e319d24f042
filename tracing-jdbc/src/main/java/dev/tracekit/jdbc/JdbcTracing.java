package dev.tracekit.jdbc;

import dev.tracekit.api.ThrowingFunction;
import dev.tracekit.api.ThrowingSupplier;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.sql.SqlDialect;
import dev.tracekit.jdbc.internal.Execution;
import dev.tracekit.jdbc.internal.JdbcInstrumenter;
import dev.tracekit.jdbc.internal.JdbcUrlParser;
import dev.tracekit.jdbc.internal.QueryInfo;
import dev.tracekit.jdbc.internal.TracingConnection;
import dev.tracekit.jdbc.internal.TracingDataSource;
import dev.tracekit.jdbc.internal.TransactionSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Traces JDBC: one CLIENT span per statement execution with the stable database semantic
 * conventions (sanitized {@code db.query.text}, {@code db.query.summary}, {@code db.system.name},
 * {@code server.address} ...), rows returned and affected, slow statements, optional bind
 * parameters, connection waits, transactions, and the {@code db.client.operation.duration}
 * histogram.
 *
 * <pre>{@code
 * JdbcTracing jdbc = JdbcTracing.create(openTelemetry);
 * DataSource traced = jdbc.wrap(dataSource);
 * }</pre>
 *
 * <p>Applications that only configure a JDBC URL use the {@link TracingDriver} instead ({@code
 * jdbc:tracekit:postgresql://...}). Thread-safe.
 */
public final class JdbcTracing {
  private final JdbcInstrumenter instrumenter;

  JdbcTracing(JdbcInstrumenter instrumenter) {
    this.instrumenter = instrumenter;
  }

  /**
   * A tracing with the default options.
   *
   * @param openTelemetry where spans and metrics go
   * @return the tracing
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static JdbcTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * A builder for a tracing with options.
   *
   * @param openTelemetry where spans and metrics go
   * @return the builder
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static JdbcTracingBuilder builder(OpenTelemetry openTelemetry) {
    return new JdbcTracingBuilder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Wraps a data source so that its connections are traced. Wrapping a data source that is already
   * traced returns it unchanged; with a no-op OpenTelemetry the original is returned.
   *
   * @param dataSource the data source (a pool, for example)
   * @return the traced data source; {@code unwrap} reaches the original
   * @throws NullPointerException if {@code dataSource} is null
   */
  public DataSource wrap(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    if (dataSource instanceof TracingDataSource || !instrumenter.enabled()) {
      return dataSource;
    }
    return new TracingDataSource(dataSource, instrumenter, TracingDataSource.poolName(dataSource));
  }

  /**
   * Like {@link #wrap(DataSource)}, naming the pool: {@code db.client.connection.pool.name} must be
   * unique within the application.
   *
   * @param dataSource the data source (a pool, for example)
   * @param poolName the pool's name
   * @return the traced data source; {@code unwrap} reaches the original
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code poolName} is blank
   */
  public DataSource wrap(DataSource dataSource, String poolName) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(poolName, "poolName");
    if (poolName.isBlank()) {
      throw new IllegalArgumentException("poolName must not be blank");
    }
    if (dataSource instanceof TracingDataSource || !instrumenter.enabled()) {
      return dataSource;
    }
    return new TracingDataSource(dataSource, instrumenter, poolName.strip());
  }

  /**
   * Wraps a single connection so that its statements are traced. The database is read from the
   * connection's metadata once. Wrapping a traced connection returns it unchanged; with a no-op
   * OpenTelemetry the original is returned.
   *
   * @param connection the connection
   * @return the traced connection; {@code unwrap} reaches the original
   * @throws NullPointerException if {@code connection} is null
   */
  public Connection wrap(Connection connection) {
    Objects.requireNonNull(connection, "connection");
    if (connection instanceof TracingConnection || !instrumenter.enabled()) {
      return connection;
    }
    try {
      if (connection.isWrapperFor(TracingConnection.class)) {
        return connection;
      }
    } catch (SQLException | RuntimeException e) {
      // not a wrapper: trace it
    }
    return new TracingConnection(connection, JdbcUrlParser.resolve(connection, null), instrumenter);
  }

  /**
   * Runs a whole transaction in one span named {@code TRANSACTION}: turns auto-commit off (and back
   * on afterwards when it was on), runs {@code work}, commits, or rolls back and rethrows the
   * exception unchanged. The span records the isolation level, the read-only flag and the outcome
   * ({@code commit} or {@code rollback}); the statements run by {@code work} become its children.
   *
   * @param connection the connection (traced or not)
   * @param work the transaction's work
   * @param <T> the result type
   * @param <E> the exception type {@code work} may throw
   * @return what {@code work} returned; null when {@code connection} or {@code work} is null
   *     (nothing is run, reported once)
   * @throws E what {@code work} threw, after the rollback
   * @throws SQLException if switching auto-commit, committing or rolling back failed
   */
  public <T, E extends Exception> @Nullable T transaction(
      @Nullable Connection connection, @Nullable ThrowingFunction<Connection, T, E> work)
      throws E, SQLException {
    if (connection == null || work == null) {
      Diagnostics.reportOnce(
          "jdbc.transaction null",
          "transaction(..) with a null connection or work: nothing to run");
      return null;
    }
    boolean restoreAutoCommit = connection.getAutoCommit();
    if (restoreAutoCommit) {
      connection.setAutoCommit(false);
    }
    TransactionSpan span = TransactionSpan.start(instrumenter, connection);
    T result;
    Scope scope = span == null ? Scope.noop() : span.makeCurrent();
    try {
      result = work.apply(connection);
      connection.commit();
    } catch (Throwable t) {
      try {
        connection.rollback();
      } catch (SQLException | RuntimeException rollbackFailure) {
        t.addSuppressed(rollbackFailure);
      }
      scope.close();
      if (span != null) {
        span.end(t);
      }
      if (restoreAutoCommit) {
        try {
          connection.setAutoCommit(true);
        } catch (SQLException | RuntimeException restoreFailure) {
          t.addSuppressed(restoreFailure);
        }
      }
      throw t;
    }
    scope.close();
    if (span != null) {
      span.end(null);
    }
    if (restoreAutoCommit) {
      connection.setAutoCommit(true);
    }
    return result;
  }

  /**
   * Traces a data access that does not go through JDBC (an ORM call, a query through another
   * client) as a CLIENT span, with the SQL sanitized as for an unknown database.
   *
   * @param operation the operation, for {@code db.operation.name} (for example {@code SELECT} or
   *     {@code findMany})
   * @param sql the statement, or null when there is none; recorded sanitized
   * @param work the access
   * @param <T> the result type
   * @param <E> the exception type {@code work} may throw
   * @return what {@code work} returned; null when {@code work} is null (reported once)
   * @throws E what {@code work} threw, unchanged
   */
  public <T, E extends Exception> @Nullable T traceQuery(
      @Nullable String operation, @Nullable String sql, @Nullable ThrowingSupplier<T, E> work)
      throws E {
    return traceQuery(SqlDialect.UNKNOWN, operation, sql, work);
  }

  /**
   * Traces a data access that does not go through JDBC, on a known database.
   *
   * @param dialect the database ({@code db.system.name} and the sanitizer's rules)
   * @param operation the operation, for {@code db.operation.name}
   * @param sql the statement, or null when there is none; recorded sanitized
   * @param work the access
   * @param <T> the result type
   * @param <E> the exception type {@code work} may throw
   * @return what {@code work} returned; null when {@code work} is null (reported once)
   * @throws E what {@code work} threw, unchanged
   */
  public <T, E extends Exception> @Nullable T traceQuery(
      @Nullable SqlDialect dialect,
      @Nullable String operation,
      @Nullable String sql,
      @Nullable ThrowingSupplier<T, E> work)
      throws E {
    if (work == null) {
      Diagnostics.reportOnce("traceQuery null work", "traceQuery(.., null): nothing to run");
      return null;
    }
    if (dialect == null) {
      dialect = SqlDialect.UNKNOWN;
    }
    if (operation == null || operation.isBlank()) {
      operation = "unknown";
    }
    if (!instrumenter.enabled()) {
      return work.get();
    }
    Execution ex = instrumenter.start(QueryInfo.forHelper(dialect, operation, sql), null);
    if (ex == null) {
      return work.get();
    }
    T result;
    Scope scope = ex.makeCurrent();
    try {
      result = work.get();
    } catch (Throwable t) {
      scope.close();
      ex.end(t, -1, -1);
      throw t;
    }
    scope.close();
    ex.end(null, -1, -1);
    return result;
  }
}
