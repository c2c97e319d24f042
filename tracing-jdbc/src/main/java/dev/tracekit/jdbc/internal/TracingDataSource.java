package dev.tracekit.jdbc.internal;

import io.opentelemetry.api.trace.Span;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.ShardingKey;
import java.sql.ShardingKeyBuilder;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} whose connections are traced. The database info is read once, from the first
 * connection; the time {@code getConnection} waits (a pool's checkout) is recorded as a metric and
 * optionally a span. Connections that are already traced (a pool over the TraceKit driver) are
 * returned as they are, so nothing is traced twice.
 *
 * <p>Internal: not API.
 */
public final class TracingDataSource implements DataSource {
  final DataSource delegate;
  private final JdbcInstrumenter instrumenter;
  private final String poolName;
  private volatile @Nullable DbInfo db;
  private volatile int alreadyTraced = -1;

  /**
   * Wraps a data source.
   *
   * @param delegate the data source
   * @param instrumenter the recorder
   * @param poolName the {@code db.client.connection.pool.name}
   */
  public TracingDataSource(DataSource delegate, JdbcInstrumenter instrumenter, String poolName) {
    this.delegate = delegate;
    this.instrumenter = instrumenter;
    this.poolName = poolName;
  }

  private static final java.util.concurrent.atomic.AtomicInteger POOLS =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * A pool name unique within the application: the pool's own name when it has a {@code
   * getPoolName()} (HikariCP and others), else the class name followed by a sequence number.
   *
   * @param dataSource the data source
   * @return the name
   */
  public static String poolName(DataSource dataSource) {
    try {
      java.lang.reflect.Method m = dataSource.getClass().getMethod("getPoolName");
      if (m.getReturnType() == String.class && m.getParameterCount() == 0) {
        Object name = m.invoke(dataSource);
        if (name instanceof String s && !s.isBlank()) {
          return s;
        }
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // no name of its own
    }
    return dataSource.getClass().getSimpleName() + "-" + POOLS.incrementAndGet();
  }

  private interface Acquire {
    Connection get() throws SQLException;
  }

  private Connection acquire(Acquire acquire) throws SQLException {
    JdbcOptions options = instrumenter.options();
    if (!options.connectionWaitMetric() && !options.connectionWaitSpan()) {
      return wrap(acquire.get());
    }
    long start = System.nanoTime();
    Span span = instrumenter.startConnectionWait(db, poolName);
    Connection connection;
    try {
      connection = acquire.get();
    } catch (Throwable t) {
      instrumenter.endConnectionWait(span, start, t, poolName);
      throw t;
    }
    instrumenter.endConnectionWait(span, start, null, poolName);
    return wrap(connection);
  }

  private Connection wrap(Connection connection) {
    if (connection instanceof TracingConnection) {
      return connection;
    }
    int traced = alreadyTraced;
    if (traced < 0) {
      boolean wrapped;
      try {
        wrapped = connection.isWrapperFor(TracingConnection.class);
      } catch (SQLException | RuntimeException e) {
        wrapped = false;
      }
      traced = wrapped ? 1 : 0;
      alreadyTraced = traced;
    }
    if (traced == 1) {
      return connection;
    }
    DbInfo info = db;
    if (info == null) {
      info = JdbcUrlParser.resolve(connection, null);
      db = info;
    }
    return new TracingConnection(connection, info, instrumenter);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return acquire(delegate::getConnection);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return acquire(() -> delegate.getConnection(username, password));
  }

  @Override
  public ConnectionBuilder createConnectionBuilder() throws SQLException {
    ConnectionBuilder builder = delegate.createConnectionBuilder();
    return new ConnectionBuilder() {
      @Override
      public ConnectionBuilder user(String username) {
        builder.user(username);
        return this;
      }

      @Override
      public ConnectionBuilder password(String password) {
        builder.password(password);
        return this;
      }

      @Override
      public ConnectionBuilder shardingKey(ShardingKey shardingKey) {
        builder.shardingKey(shardingKey);
        return this;
      }

      @Override
      public ConnectionBuilder superShardingKey(ShardingKey superShardingKey) {
        builder.superShardingKey(superShardingKey);
        return this;
      }

      @Override
      public Connection build() throws SQLException {
        return acquire(builder::build);
      }
    };
  }

  @Override
  public ShardingKeyBuilder createShardingKeyBuilder() throws SQLException {
    return delegate.createShardingKeyBuilder();
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    if (iface.isInstance(delegate)) {
      return iface.cast(delegate);
    }
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
  }
}
