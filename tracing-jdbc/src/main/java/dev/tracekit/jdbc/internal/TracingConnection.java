package dev.tracekit.jdbc.internal;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Connection} whose statements are traced. It knows its database once ({@link DbInfo}),
 * optionally traces commit and rollback, and ends any span still waiting for a result set when it
 * is closed, so that no span stays open forever.
 *
 * <p>Internal: not API.
 */
public final class TracingConnection implements Connection {
  final Connection delegate;
  final DbInfo db;
  private @Nullable JdbcInstrumenter instrumenter;
  private final ArrayList<TracingStatement<?>> pending = new ArrayList<>(2);

  /**
   * Wraps a connection.
   *
   * @param delegate the real connection
   * @param db what is known about its database
   * @param instrumenter the recorder; null to use the one of the global OpenTelemetry once it is
   *     set (the driver's connections)
   */
  public TracingConnection(
      Connection delegate, DbInfo db, @Nullable JdbcInstrumenter instrumenter) {
    this.delegate = delegate;
    this.db = db;
    this.instrumenter = instrumenter;
  }

  /**
   * The database of this connection.
   *
   * @return the info
   */
  public DbInfo db() {
    return db;
  }

  /**
   * The recorder of this connection's statements.
   *
   * @return the recorder; a disabled one while the global OpenTelemetry is not set
   */
  public JdbcInstrumenter instrumenter() {
    JdbcInstrumenter i = instrumenter;
    if (i != null) {
      return i;
    }
    i = GlobalJdbc.instrumenter();
    if (i == null) {
      return GlobalJdbc.DISABLED;
    }
    instrumenter = i;
    return i;
  }

  /** At this size the registry drops the statements that have no open span. */
  static final int REGISTRY_PRUNE_SIZE = 256;

  /**
   * Registers a statement that has (had) an open span, once per statement, so that closing the
   * connection can end it. Pruned of idle statements when large, so leaked statements cannot grow
   * it without bound.
   */
  void register(TracingStatement<?> statement) {
    synchronized (pending) {
      if (statement.registered) {
        return;
      }
      if (pending.size() >= REGISTRY_PRUNE_SIZE) {
        for (int i = pending.size() - 1; i >= 0; i--) {
          TracingStatement<?> s = pending.get(i);
          if (!s.hasPending()) {
            s.registered = false;
            pending.remove(i);
          }
        }
      }
      pending.add(statement);
      statement.registered = true;
    }
  }

  int registrySize() {
    synchronized (pending) {
      return pending.size();
    }
  }

  void unregister(TracingStatement<?> statement) {
    synchronized (pending) {
      for (int i = pending.size() - 1; i >= 0; i--) {
        if (pending.get(i) == statement) {
          pending.remove(i);
          break;
        }
      }
      statement.registered = false;
    }
  }

  private void endPending() {
    TracingStatement<?>[] open;
    synchronized (pending) {
      if (pending.isEmpty()) {
        return;
      }
      open = pending.toArray(new TracingStatement<?>[0]);
      pending.clear();
      for (TracingStatement<?> s : open) {
        s.registered = false;
      }
    }
    for (TracingStatement<?> s : open) {
      s.finishPendingOnConnectionClose();
    }
  }

  private void traceEnd(boolean commit, SqlAction action) throws SQLException {
    JdbcInstrumenter i = instrumenter();
    if (!i.enabled() || !i.options().transactionSpans()) {
      action.run();
      return;
    }
    Execution ex = i.start(db.transactionEnd(commit), null);
    try {
      action.run();
    } catch (Throwable t) {
      TracingStatement.fail(ex, t);
      throw t;
    }
    if (ex != null) {
      ex.end(null, -1, -1);
    }
  }

  private interface SqlAction {
    void run() throws SQLException;
  }

  @Override
  public Statement createStatement() throws SQLException {
    return new TracingStatement<>(delegate.createStatement(), this);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return new TracingStatement<>(
        delegate.createStatement(resultSetType, resultSetConcurrency), this);
  }

  @Override
  public Statement createStatement(
      int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
    return new TracingStatement<>(
        delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability), this);
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return new TracingPreparedStatement<>(delegate.prepareStatement(sql), this, sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return new TracingPreparedStatement<>(
        delegate.prepareStatement(sql, autoGeneratedKeys), this, sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return new TracingPreparedStatement<>(delegate.prepareStatement(sql, columnIndexes), this, sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return new TracingPreparedStatement<>(delegate.prepareStatement(sql, columnNames), this, sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return new TracingPreparedStatement<>(
        delegate.prepareStatement(sql, resultSetType, resultSetConcurrency), this, sql);
  }

  @Override
  public PreparedStatement prepareStatement(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return new TracingPreparedStatement<>(
        delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability),
        this,
        sql);
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return new TracingCallableStatement(delegate.prepareCall(sql), this, sql);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return new TracingCallableStatement(
        delegate.prepareCall(sql, resultSetType, resultSetConcurrency), this, sql);
  }

  @Override
  public CallableStatement prepareCall(
      String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return new TracingCallableStatement(
        delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability),
        this,
        sql);
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    return new TracingDatabaseMetaData(delegate.getMetaData(), this);
  }

  @Override
  public void commit() throws SQLException {
    traceEnd(true, delegate::commit);
  }

  @Override
  public void rollback() throws SQLException {
    traceEnd(false, delegate::rollback);
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    traceEnd(false, () -> delegate.rollback(savepoint));
  }

  @Override
  public void close() throws SQLException {
    endPending();
    delegate.close();
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    endPending();
    delegate.abort(executor);
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
  public void beginRequest() throws SQLException {
    delegate.beginRequest();
  }

  @Override
  public void clearWarnings() throws SQLException {
    delegate.clearWarnings();
  }

  @Override
  public Array createArrayOf(String a0, Object[] a1) throws SQLException {
    return delegate.createArrayOf(a0, a1);
  }

  @Override
  public Blob createBlob() throws SQLException {
    return delegate.createBlob();
  }

  @Override
  public Clob createClob() throws SQLException {
    return delegate.createClob();
  }

  @Override
  public NClob createNClob() throws SQLException {
    return delegate.createNClob();
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    return delegate.createSQLXML();
  }

  @Override
  public Struct createStruct(String a0, Object[] a1) throws SQLException {
    return delegate.createStruct(a0, a1);
  }

  @Override
  public void endRequest() throws SQLException {
    delegate.endRequest();
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    return delegate.getAutoCommit();
  }

  @Override
  public String getCatalog() throws SQLException {
    return delegate.getCatalog();
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    return delegate.getClientInfo();
  }

  @Override
  public String getClientInfo(String a0) throws SQLException {
    return delegate.getClientInfo(a0);
  }

  @Override
  public int getHoldability() throws SQLException {
    return delegate.getHoldability();
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    return delegate.getNetworkTimeout();
  }

  @Override
  public String getSchema() throws SQLException {
    return delegate.getSchema();
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    return delegate.getTransactionIsolation();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    return delegate.getTypeMap();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return delegate.getWarnings();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return delegate.isClosed();
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return delegate.isReadOnly();
  }

  @Override
  public boolean isValid(int a0) throws SQLException {
    return delegate.isValid(a0);
  }

  @Override
  public String nativeSQL(String a0) throws SQLException {
    return delegate.nativeSQL(a0);
  }

  @Override
  public void releaseSavepoint(Savepoint a0) throws SQLException {
    delegate.releaseSavepoint(a0);
  }

  @Override
  public void setAutoCommit(boolean a0) throws SQLException {
    delegate.setAutoCommit(a0);
  }

  @Override
  public void setCatalog(String a0) throws SQLException {
    delegate.setCatalog(a0);
  }

  @Override
  public void setClientInfo(String a0, String a1) throws SQLClientInfoException {
    delegate.setClientInfo(a0, a1);
  }

  @Override
  public void setClientInfo(Properties a0) throws SQLClientInfoException {
    delegate.setClientInfo(a0);
  }

  @Override
  public void setHoldability(int a0) throws SQLException {
    delegate.setHoldability(a0);
  }

  @Override
  public void setNetworkTimeout(Executor a0, int a1) throws SQLException {
    delegate.setNetworkTimeout(a0, a1);
  }

  @Override
  public void setReadOnly(boolean a0) throws SQLException {
    delegate.setReadOnly(a0);
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    return delegate.setSavepoint();
  }

  @Override
  public Savepoint setSavepoint(String a0) throws SQLException {
    return delegate.setSavepoint(a0);
  }

  @Override
  public void setSchema(String a0) throws SQLException {
    delegate.setSchema(a0);
  }

  @Override
  public void setShardingKey(ShardingKey a0, ShardingKey a1) throws SQLException {
    delegate.setShardingKey(a0, a1);
  }

  @Override
  public void setShardingKey(ShardingKey a0) throws SQLException {
    delegate.setShardingKey(a0);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey a0, int a1) throws SQLException {
    return delegate.setShardingKeyIfValid(a0, a1);
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey a0, ShardingKey a1, int a2) throws SQLException {
    return delegate.setShardingKeyIfValid(a0, a1, a2);
  }

  @Override
  public void setTransactionIsolation(int a0) throws SQLException {
    delegate.setTransactionIsolation(a0);
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> a0) throws SQLException {
    delegate.setTypeMap(a0);
  }
}
