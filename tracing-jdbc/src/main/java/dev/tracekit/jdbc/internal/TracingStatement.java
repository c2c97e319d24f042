package dev.tracekit.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Statement} that traces every execution. A query's span stays open while its result set
 * is read and ends when the result set is closed or exhausted, when the statement is closed or
 * executes again, or when the connection is closed.
 *
 * <p>Internal: not API.
 *
 * @param <S> the wrapped statement type
 */
public class TracingStatement<S extends Statement> implements Statement {
  static final int MAX_BATCH_TEXTS = 32;

  final S delegate;
  final TracingConnection connection;
  private @Nullable Execution pending;
  private @Nullable TracingResultSet currentResultSet;
  private @Nullable List<String> batchSql;
  private int batchCount;

  /** Whether the connection's registry holds this statement; guarded by the registry's lock. */
  boolean registered;

  TracingStatement(S delegate, TracingConnection connection) {
    this.delegate = delegate;
    this.connection = connection;
  }

  // ---- tracing ------------------------------------------------------------------------------

  final @Nullable Execution begin(QueryInfo query, @Nullable ParameterCapture parameters) {
    finishPending();
    JdbcInstrumenter instrumenter = connection.instrumenter();
    return instrumenter.enabled() ? instrumenter.start(query, parameters) : null;
  }

  final QueryInfo queryOf(@Nullable String sql) {
    return connection.db.query(sql);
  }

  static void fail(@Nullable Execution ex, Throwable error) {
    if (ex != null) {
      ex.end(error, -1, -1);
    }
  }

  final ResultSet traceResult(ResultSet rs, @Nullable Execution ex) {
    if (ex == null) {
      return new TracingResultSet(rs, this, null);
    }
    TracingResultSet wrapped = new TracingResultSet(rs, this, ex);
    pending = ex;
    currentResultSet = wrapped;
    if (!registered) {
      connection.register(this);
    }
    return wrapped;
  }

  final boolean traceExecute(boolean hasResultSet, @Nullable Execution ex) {
    if (ex != null) {
      if (hasResultSet) {
        pending = ex;
        currentResultSet = null;
        if (!registered) {
          connection.register(this);
        }
      } else {
        ex.end(null, -1, -1);
      }
    }
    return hasResultSet;
  }

  static long sum(int[] counts) {
    long sum = 0;
    for (int c : counts) {
      if (c > 0) {
        sum += c;
      }
    }
    return sum;
  }

  static long sum(long[] counts) {
    long sum = 0;
    for (long c : counts) {
      if (c > 0) {
        sum += c;
      }
    }
    return sum;
  }

  /** Called by this statement's result set when it is closed or exhausted. */
  final void resultSetDone(Execution ex, long rows, @Nullable Throwable error) {
    if (pending == ex) {
      pending = null;
      currentResultSet = null;
    }
    ex.end(error, rows, -1);
  }

  /** Ends the pending execution, if any, with the rows counted so far. */
  final void finishPending() {
    Execution ex = pending;
    if (ex != null) {
      TracingResultSet rs = currentResultSet;
      pending = null;
      currentResultSet = null;
      ex.end(null, rs == null ? -1 : rs.rows, -1);
    }
  }

  final boolean hasPending() {
    return pending != null;
  }

  /** Ends the pending execution from the connection's close, without touching the registry. */
  final void finishPendingOnConnectionClose() {
    Execution ex = pending;
    if (ex != null) {
      TracingResultSet rs = currentResultSet;
      pending = null;
      currentResultSet = null;
      ex.end(null, rs == null ? -1 : rs.rows, -1);
    }
  }

  QueryInfo batchQuery() {
    List<String> texts = batchSql;
    int count = batchCount;
    if (texts == null || texts.isEmpty()) {
      return JdbcConventions.batch(connection.db, List.of(), count);
    }
    List<QueryInfo> members = new ArrayList<>(texts.size());
    for (String sql : texts) {
      members.add(queryOf(sql));
    }
    return JdbcConventions.batch(connection.db, members, count);
  }

  void resetBatch() {
    batchSql = null;
    batchCount = 0;
  }

  // ---- executions -----------------------------------------------------------------------------

  /** A JDBC call returning an update count. */
  @FunctionalInterface
  interface UpdateCall {
    long run() throws SQLException;
  }

  /** A JDBC {@code execute} call. */
  @FunctionalInterface
  interface ExecuteCall {
    boolean run() throws SQLException;
  }

  /** Runs an update under {@code ex}: a failure is recorded, the count ends the span. */
  final long updated(@Nullable Execution ex, UpdateCall call) throws SQLException {
    long count;
    try {
      count = call.run();
    } catch (Throwable t) {
      fail(ex, t);
      throw t;
    }
    if (ex != null) {
      ex.end(null, -1, count);
    }
    return count;
  }

  /** Runs an {@code execute} under {@code ex}: a failure is recorded, a result set is traced. */
  final boolean executed(@Nullable Execution ex, ExecuteCall call) throws SQLException {
    boolean result;
    try {
      result = call.run();
    } catch (Throwable t) {
      fail(ex, t);
      throw t;
    }
    return traceExecute(result, ex);
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    Execution ex = begin(queryOf(sql), null);
    ResultSet rs;
    try {
      rs = delegate.executeQuery(sql);
    } catch (Throwable t) {
      fail(ex, t);
      throw t;
    }
    return traceResult(rs, ex);
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return executed(begin(queryOf(sql), null), () -> delegate.execute(sql));
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return executed(begin(queryOf(sql), null), () -> delegate.execute(sql, autoGeneratedKeys));
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return executed(begin(queryOf(sql), null), () -> delegate.execute(sql, columnIndexes));
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    return executed(begin(queryOf(sql), null), () -> delegate.execute(sql, columnNames));
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return (int) updated(begin(queryOf(sql), null), () -> delegate.executeUpdate(sql));
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return (int)
        updated(begin(queryOf(sql), null), () -> delegate.executeUpdate(sql, autoGeneratedKeys));
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return (int)
        updated(begin(queryOf(sql), null), () -> delegate.executeUpdate(sql, columnIndexes));
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return (int) updated(begin(queryOf(sql), null), () -> delegate.executeUpdate(sql, columnNames));
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    return updated(begin(queryOf(sql), null), () -> delegate.executeLargeUpdate(sql));
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return updated(
        begin(queryOf(sql), null), () -> delegate.executeLargeUpdate(sql, autoGeneratedKeys));
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return updated(
        begin(queryOf(sql), null), () -> delegate.executeLargeUpdate(sql, columnIndexes));
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    return updated(begin(queryOf(sql), null), () -> delegate.executeLargeUpdate(sql, columnNames));
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    delegate.addBatch(sql);
    batchCount++;
    List<String> texts = batchSql;
    if (texts == null) {
      texts = new ArrayList<>();
      batchSql = texts;
    }
    if (texts.size() < MAX_BATCH_TEXTS && !texts.contains(sql)) {
      texts.add(sql);
    }
  }

  @Override
  public void clearBatch() throws SQLException {
    delegate.clearBatch();
    resetBatch();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    Execution ex = connection.instrumenter().enabled() ? begin(batchQuery(), null) : null;
    resetBatch();
    int[] counts;
    try {
      counts = delegate.executeBatch();
    } catch (Throwable t) {
      fail(ex, t);
      throw t;
    }
    if (ex != null) {
      ex.end(null, -1, sum(counts));
    }
    return counts;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    Execution ex = connection.instrumenter().enabled() ? begin(batchQuery(), null) : null;
    resetBatch();
    long[] counts;
    try {
      counts = delegate.executeLargeBatch();
    } catch (Throwable t) {
      fail(ex, t);
      throw t;
    }
    if (ex != null) {
      ex.end(null, -1, sum(counts));
    }
    return counts;
  }

  // ---- results and lifecycle ------------------------------------------------------------------

  @Override
  public @Nullable ResultSet getResultSet() throws SQLException {
    ResultSet rs = delegate.getResultSet();
    if (rs == null) {
      return null;
    }
    TracingResultSet current = currentResultSet;
    if (current != null && current.delegate == rs) {
      return current;
    }
    Execution ex = pending;
    if (ex != null && current == null) {
      TracingResultSet wrapped = new TracingResultSet(rs, this, ex);
      currentResultSet = wrapped;
      return wrapped;
    }
    return new TracingResultSet(rs, this, null);
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    finishPending();
    return delegate.getMoreResults();
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    finishPending();
    return delegate.getMoreResults(current);
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    return new TracingResultSet(delegate.getGeneratedKeys(), this, null);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
  }

  @Override
  public void close() throws SQLException {
    finishPending();
    if (registered) {
      connection.unregister(this);
    }
    delegate.close();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || delegate.isWrapperFor(iface);
  }

  // ---- plain delegation -----------------------------------------------------------------------

  @Override
  public void cancel() throws SQLException {
    delegate.cancel();
  }

  @Override
  public void clearWarnings() throws SQLException {
    delegate.clearWarnings();
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    delegate.closeOnCompletion();
  }

  @Override
  public String enquoteIdentifier(String a0, boolean a1) throws SQLException {
    return delegate.enquoteIdentifier(a0, a1);
  }

  @Override
  public String enquoteLiteral(String a0) throws SQLException {
    return delegate.enquoteLiteral(a0);
  }

  @Override
  public String enquoteNCharLiteral(String a0) throws SQLException {
    return delegate.enquoteNCharLiteral(a0);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    return delegate.getFetchDirection();
  }

  @Override
  public int getFetchSize() throws SQLException {
    return delegate.getFetchSize();
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    return delegate.getLargeMaxRows();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    return delegate.getLargeUpdateCount();
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    return delegate.getMaxFieldSize();
  }

  @Override
  public int getMaxRows() throws SQLException {
    return delegate.getMaxRows();
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    return delegate.getQueryTimeout();
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    return delegate.getResultSetConcurrency();
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    return delegate.getResultSetHoldability();
  }

  @Override
  public int getResultSetType() throws SQLException {
    return delegate.getResultSetType();
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return delegate.getUpdateCount();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return delegate.getWarnings();
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    return delegate.isCloseOnCompletion();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return delegate.isClosed();
  }

  @Override
  public boolean isPoolable() throws SQLException {
    return delegate.isPoolable();
  }

  @Override
  public boolean isSimpleIdentifier(String a0) throws SQLException {
    return delegate.isSimpleIdentifier(a0);
  }

  @Override
  public void setCursorName(String a0) throws SQLException {
    delegate.setCursorName(a0);
  }

  @Override
  public void setEscapeProcessing(boolean a0) throws SQLException {
    delegate.setEscapeProcessing(a0);
  }

  @Override
  public void setFetchDirection(int a0) throws SQLException {
    delegate.setFetchDirection(a0);
  }

  @Override
  public void setFetchSize(int a0) throws SQLException {
    delegate.setFetchSize(a0);
  }

  @Override
  public void setLargeMaxRows(long a0) throws SQLException {
    delegate.setLargeMaxRows(a0);
  }

  @Override
  public void setMaxFieldSize(int a0) throws SQLException {
    delegate.setMaxFieldSize(a0);
  }

  @Override
  public void setMaxRows(int a0) throws SQLException {
    delegate.setMaxRows(a0);
  }

  @Override
  public void setPoolable(boolean a0) throws SQLException {
    delegate.setPoolable(a0);
  }

  @Override
  public void setQueryTimeout(int a0) throws SQLException {
    delegate.setQueryTimeout(a0);
  }
}
