package dev.tracekit.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PreparedStatement} that traces every execution; its SQL is sanitized once, on the first
 * traced execution, and optionally its bind parameters are captured (redacted).
 *
 * <p>Internal: not API.
 *
 * @param <S> the wrapped statement type
 */
public class TracingPreparedStatement<S extends PreparedStatement> extends TracingStatement<S>
    implements PreparedStatement {
  private final String sql;
  private final @Nullable ParameterCapture parameters;
  private @Nullable QueryInfo query;
  private int preparedBatchCount;

  TracingPreparedStatement(S delegate, TracingConnection connection, String sql) {
    super(delegate, connection);
    this.sql = sql;
    JdbcOptions options = connection.instrumenter().options();
    this.parameters =
        options.captureParameters() ? new ParameterCapture(options.parameterRedaction()) : null;
  }

  final QueryInfo query() {
    QueryInfo q = query;
    if (q == null || q.db != connection.db) {
      q =
          connection.instrumenter().options().sanitizePreparedStatements()
              ? queryOf(sql)
              : connection.db.preparedUnsanitized(sql);
      query = q;
    }
    return q;
  }

  @Override
  QueryInfo batchQuery() {
    if (preparedBatchCount <= 0) {
      return super.batchQuery();
    }
    return JdbcConventions.batch(connection.db, List.of(query()), preparedBatchCount);
  }

  @Override
  void resetBatch() {
    super.resetBatch();
    preparedBatchCount = 0;
  }

  final @Nullable Execution beginPrepared() {
    finishPending();
    JdbcInstrumenter instrumenter = connection.instrumenter();
    return instrumenter.enabled() ? instrumenter.start(query(), parameters) : null;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    Execution ex = beginPrepared();
    ResultSet rs;
    try {
      rs = delegate.executeQuery();
    } catch (Throwable t) {
      fail(ex, t);
      throw t;
    }
    return traceResult(rs, ex);
  }

  @Override
  public boolean execute() throws SQLException {
    Execution ex = beginPrepared();
    boolean result;
    try {
      result = delegate.execute();
    } catch (Throwable t) {
      fail(ex, t);
      throw t;
    }
    return traceExecute(result, ex);
  }

  @Override
  public int executeUpdate() throws SQLException {
    return (int) updated(beginPrepared(), () -> delegate.executeUpdate());
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    return updated(beginPrepared(), () -> delegate.executeLargeUpdate());
  }

  @Override
  public void addBatch() throws SQLException {
    delegate.addBatch();
    preparedBatchCount++;
  }

  @Override
  public void clearParameters() throws SQLException {
    delegate.clearParameters();
    if (parameters != null) {
      parameters.clear();
    }
  }

  // ---- plain delegation (setters feed the optional parameter capture) --------------------------

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    return delegate.getMetaData();
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    return delegate.getParameterMetaData();
  }

  @Override
  public void setArray(int a0, Array a1) throws SQLException {
    delegate.setArray(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setAsciiStream(int a0, InputStream a1, int a2) throws SQLException {
    delegate.setAsciiStream(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setAsciiStream(int a0, InputStream a1, long a2) throws SQLException {
    delegate.setAsciiStream(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setAsciiStream(int a0, InputStream a1) throws SQLException {
    delegate.setAsciiStream(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setBigDecimal(int a0, BigDecimal a1) throws SQLException {
    delegate.setBigDecimal(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setBinaryStream(int a0, InputStream a1, int a2) throws SQLException {
    delegate.setBinaryStream(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setBinaryStream(int a0, InputStream a1, long a2) throws SQLException {
    delegate.setBinaryStream(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setBinaryStream(int a0, InputStream a1) throws SQLException {
    delegate.setBinaryStream(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setBlob(int a0, InputStream a1, long a2) throws SQLException {
    delegate.setBlob(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setBlob(int a0, InputStream a1) throws SQLException {
    delegate.setBlob(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setBlob(int a0, Blob a1) throws SQLException {
    delegate.setBlob(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setBoolean(int a0, boolean a1) throws SQLException {
    delegate.setBoolean(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setByte(int a0, byte a1) throws SQLException {
    delegate.setByte(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setBytes(int a0, byte[] a1) throws SQLException {
    delegate.setBytes(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setCharacterStream(int a0, Reader a1, int a2) throws SQLException {
    delegate.setCharacterStream(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setCharacterStream(int a0, Reader a1, long a2) throws SQLException {
    delegate.setCharacterStream(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setCharacterStream(int a0, Reader a1) throws SQLException {
    delegate.setCharacterStream(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setClob(int a0, Reader a1, long a2) throws SQLException {
    delegate.setClob(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setClob(int a0, Reader a1) throws SQLException {
    delegate.setClob(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setClob(int a0, Clob a1) throws SQLException {
    delegate.setClob(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setDate(int a0, Date a1, Calendar a2) throws SQLException {
    delegate.setDate(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setDate(int a0, Date a1) throws SQLException {
    delegate.setDate(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setDouble(int a0, double a1) throws SQLException {
    delegate.setDouble(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setFloat(int a0, float a1) throws SQLException {
    delegate.setFloat(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setInt(int a0, int a1) throws SQLException {
    delegate.setInt(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setLong(int a0, long a1) throws SQLException {
    delegate.setLong(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setNCharacterStream(int a0, Reader a1, long a2) throws SQLException {
    delegate.setNCharacterStream(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setNCharacterStream(int a0, Reader a1) throws SQLException {
    delegate.setNCharacterStream(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setNClob(int a0, Reader a1, long a2) throws SQLException {
    delegate.setNClob(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setNClob(int a0, Reader a1) throws SQLException {
    delegate.setNClob(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setNClob(int a0, NClob a1) throws SQLException {
    delegate.setNClob(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setNString(int a0, String a1) throws SQLException {
    delegate.setNString(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setNull(int a0, int a1, String a2) throws SQLException {
    delegate.setNull(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, null);
    }
  }

  @Override
  public void setNull(int a0, int a1) throws SQLException {
    delegate.setNull(a0, a1);
    if (parameters != null) {
      parameters.record(a0, null);
    }
  }

  @Override
  public void setObject(int a0, Object a1, int a2, int a3) throws SQLException {
    delegate.setObject(a0, a1, a2, a3);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setObject(int a0, Object a1, int a2) throws SQLException {
    delegate.setObject(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setObject(int a0, Object a1, SQLType a2, int a3) throws SQLException {
    delegate.setObject(a0, a1, a2, a3);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setObject(int a0, Object a1, SQLType a2) throws SQLException {
    delegate.setObject(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setObject(int a0, Object a1) throws SQLException {
    delegate.setObject(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setRef(int a0, Ref a1) throws SQLException {
    delegate.setRef(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setRowId(int a0, RowId a1) throws SQLException {
    delegate.setRowId(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setSQLXML(int a0, SQLXML a1) throws SQLException {
    delegate.setSQLXML(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setShort(int a0, short a1) throws SQLException {
    delegate.setShort(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setString(int a0, String a1) throws SQLException {
    delegate.setString(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setTime(int a0, Time a1, Calendar a2) throws SQLException {
    delegate.setTime(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setTime(int a0, Time a1) throws SQLException {
    delegate.setTime(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setTimestamp(int a0, Timestamp a1, Calendar a2) throws SQLException {
    delegate.setTimestamp(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setTimestamp(int a0, Timestamp a1) throws SQLException {
    delegate.setTimestamp(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  public void setURL(int a0, URL a1) throws SQLException {
    delegate.setURL(a0, a1);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }

  @Override
  @Deprecated
  public void setUnicodeStream(int a0, InputStream a1, int a2) throws SQLException {
    delegate.setUnicodeStream(a0, a1, a2);
    if (parameters != null) {
      parameters.record(a0, a1);
    }
  }
}
