package dev.tracekit.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A {@link CallableStatement} that traces every execution like {@link TracingPreparedStatement}.
 *
 * <p>Internal: not API.
 */
public final class TracingCallableStatement extends TracingPreparedStatement<CallableStatement>
    implements CallableStatement {

  TracingCallableStatement(CallableStatement delegate, TracingConnection connection, String sql) {
    super(delegate, connection, sql);
  }

  // ---- plain delegation -----------------------------------------------------------------------

  @Override
  public Array getArray(String a0) throws SQLException {
    return delegate.getArray(a0);
  }

  @Override
  public Array getArray(int a0) throws SQLException {
    return delegate.getArray(a0);
  }

  @Override
  public BigDecimal getBigDecimal(String a0) throws SQLException {
    return delegate.getBigDecimal(a0);
  }

  @Override
  @Deprecated
  public BigDecimal getBigDecimal(int a0, int a1) throws SQLException {
    return delegate.getBigDecimal(a0, a1);
  }

  @Override
  public BigDecimal getBigDecimal(int a0) throws SQLException {
    return delegate.getBigDecimal(a0);
  }

  @Override
  public Blob getBlob(String a0) throws SQLException {
    return delegate.getBlob(a0);
  }

  @Override
  public Blob getBlob(int a0) throws SQLException {
    return delegate.getBlob(a0);
  }

  @Override
  public boolean getBoolean(String a0) throws SQLException {
    return delegate.getBoolean(a0);
  }

  @Override
  public boolean getBoolean(int a0) throws SQLException {
    return delegate.getBoolean(a0);
  }

  @Override
  public byte getByte(String a0) throws SQLException {
    return delegate.getByte(a0);
  }

  @Override
  public byte getByte(int a0) throws SQLException {
    return delegate.getByte(a0);
  }

  @Override
  public byte[] getBytes(String a0) throws SQLException {
    return delegate.getBytes(a0);
  }

  @Override
  public byte[] getBytes(int a0) throws SQLException {
    return delegate.getBytes(a0);
  }

  @Override
  public Reader getCharacterStream(String a0) throws SQLException {
    return delegate.getCharacterStream(a0);
  }

  @Override
  public Reader getCharacterStream(int a0) throws SQLException {
    return delegate.getCharacterStream(a0);
  }

  @Override
  public Clob getClob(String a0) throws SQLException {
    return delegate.getClob(a0);
  }

  @Override
  public Clob getClob(int a0) throws SQLException {
    return delegate.getClob(a0);
  }

  @Override
  public Date getDate(String a0, Calendar a1) throws SQLException {
    return delegate.getDate(a0, a1);
  }

  @Override
  public Date getDate(String a0) throws SQLException {
    return delegate.getDate(a0);
  }

  @Override
  public Date getDate(int a0, Calendar a1) throws SQLException {
    return delegate.getDate(a0, a1);
  }

  @Override
  public Date getDate(int a0) throws SQLException {
    return delegate.getDate(a0);
  }

  @Override
  public double getDouble(String a0) throws SQLException {
    return delegate.getDouble(a0);
  }

  @Override
  public double getDouble(int a0) throws SQLException {
    return delegate.getDouble(a0);
  }

  @Override
  public float getFloat(String a0) throws SQLException {
    return delegate.getFloat(a0);
  }

  @Override
  public float getFloat(int a0) throws SQLException {
    return delegate.getFloat(a0);
  }

  @Override
  public int getInt(String a0) throws SQLException {
    return delegate.getInt(a0);
  }

  @Override
  public int getInt(int a0) throws SQLException {
    return delegate.getInt(a0);
  }

  @Override
  public long getLong(String a0) throws SQLException {
    return delegate.getLong(a0);
  }

  @Override
  public long getLong(int a0) throws SQLException {
    return delegate.getLong(a0);
  }

  @Override
  public Reader getNCharacterStream(String a0) throws SQLException {
    return delegate.getNCharacterStream(a0);
  }

  @Override
  public Reader getNCharacterStream(int a0) throws SQLException {
    return delegate.getNCharacterStream(a0);
  }

  @Override
  public NClob getNClob(String a0) throws SQLException {
    return delegate.getNClob(a0);
  }

  @Override
  public NClob getNClob(int a0) throws SQLException {
    return delegate.getNClob(a0);
  }

  @Override
  public String getNString(String a0) throws SQLException {
    return delegate.getNString(a0);
  }

  @Override
  public String getNString(int a0) throws SQLException {
    return delegate.getNString(a0);
  }

  @Override
  public <T> T getObject(String a0, Class<T> a1) throws SQLException {
    return delegate.getObject(a0, a1);
  }

  @Override
  public Object getObject(String a0, Map<String, Class<?>> a1) throws SQLException {
    return delegate.getObject(a0, a1);
  }

  @Override
  public Object getObject(String a0) throws SQLException {
    return delegate.getObject(a0);
  }

  @Override
  public <T> T getObject(int a0, Class<T> a1) throws SQLException {
    return delegate.getObject(a0, a1);
  }

  @Override
  public Object getObject(int a0, Map<String, Class<?>> a1) throws SQLException {
    return delegate.getObject(a0, a1);
  }

  @Override
  public Object getObject(int a0) throws SQLException {
    return delegate.getObject(a0);
  }

  @Override
  public Ref getRef(String a0) throws SQLException {
    return delegate.getRef(a0);
  }

  @Override
  public Ref getRef(int a0) throws SQLException {
    return delegate.getRef(a0);
  }

  @Override
  public RowId getRowId(String a0) throws SQLException {
    return delegate.getRowId(a0);
  }

  @Override
  public RowId getRowId(int a0) throws SQLException {
    return delegate.getRowId(a0);
  }

  @Override
  public SQLXML getSQLXML(String a0) throws SQLException {
    return delegate.getSQLXML(a0);
  }

  @Override
  public SQLXML getSQLXML(int a0) throws SQLException {
    return delegate.getSQLXML(a0);
  }

  @Override
  public short getShort(String a0) throws SQLException {
    return delegate.getShort(a0);
  }

  @Override
  public short getShort(int a0) throws SQLException {
    return delegate.getShort(a0);
  }

  @Override
  public String getString(String a0) throws SQLException {
    return delegate.getString(a0);
  }

  @Override
  public String getString(int a0) throws SQLException {
    return delegate.getString(a0);
  }

  @Override
  public Time getTime(String a0, Calendar a1) throws SQLException {
    return delegate.getTime(a0, a1);
  }

  @Override
  public Time getTime(String a0) throws SQLException {
    return delegate.getTime(a0);
  }

  @Override
  public Time getTime(int a0, Calendar a1) throws SQLException {
    return delegate.getTime(a0, a1);
  }

  @Override
  public Time getTime(int a0) throws SQLException {
    return delegate.getTime(a0);
  }

  @Override
  public Timestamp getTimestamp(String a0, Calendar a1) throws SQLException {
    return delegate.getTimestamp(a0, a1);
  }

  @Override
  public Timestamp getTimestamp(String a0) throws SQLException {
    return delegate.getTimestamp(a0);
  }

  @Override
  public Timestamp getTimestamp(int a0, Calendar a1) throws SQLException {
    return delegate.getTimestamp(a0, a1);
  }

  @Override
  public Timestamp getTimestamp(int a0) throws SQLException {
    return delegate.getTimestamp(a0);
  }

  @Override
  public URL getURL(String a0) throws SQLException {
    return delegate.getURL(a0);
  }

  @Override
  public URL getURL(int a0) throws SQLException {
    return delegate.getURL(a0);
  }

  @Override
  public void registerOutParameter(String a0, int a1, String a2) throws SQLException {
    delegate.registerOutParameter(a0, a1, a2);
  }

  @Override
  public void registerOutParameter(String a0, int a1, int a2) throws SQLException {
    delegate.registerOutParameter(a0, a1, a2);
  }

  @Override
  public void registerOutParameter(String a0, int a1) throws SQLException {
    delegate.registerOutParameter(a0, a1);
  }

  @Override
  public void registerOutParameter(String a0, SQLType a1, String a2) throws SQLException {
    delegate.registerOutParameter(a0, a1, a2);
  }

  @Override
  public void registerOutParameter(String a0, SQLType a1, int a2) throws SQLException {
    delegate.registerOutParameter(a0, a1, a2);
  }

  @Override
  public void registerOutParameter(String a0, SQLType a1) throws SQLException {
    delegate.registerOutParameter(a0, a1);
  }

  @Override
  public void registerOutParameter(int a0, int a1, String a2) throws SQLException {
    delegate.registerOutParameter(a0, a1, a2);
  }

  @Override
  public void registerOutParameter(int a0, int a1, int a2) throws SQLException {
    delegate.registerOutParameter(a0, a1, a2);
  }

  @Override
  public void registerOutParameter(int a0, int a1) throws SQLException {
    delegate.registerOutParameter(a0, a1);
  }

  @Override
  public void registerOutParameter(int a0, SQLType a1, String a2) throws SQLException {
    delegate.registerOutParameter(a0, a1, a2);
  }

  @Override
  public void registerOutParameter(int a0, SQLType a1, int a2) throws SQLException {
    delegate.registerOutParameter(a0, a1, a2);
  }

  @Override
  public void registerOutParameter(int a0, SQLType a1) throws SQLException {
    delegate.registerOutParameter(a0, a1);
  }

  @Override
  public void setAsciiStream(String a0, InputStream a1, int a2) throws SQLException {
    delegate.setAsciiStream(a0, a1, a2);
  }

  @Override
  public void setAsciiStream(String a0, InputStream a1, long a2) throws SQLException {
    delegate.setAsciiStream(a0, a1, a2);
  }

  @Override
  public void setAsciiStream(String a0, InputStream a1) throws SQLException {
    delegate.setAsciiStream(a0, a1);
  }

  @Override
  public void setBigDecimal(String a0, BigDecimal a1) throws SQLException {
    delegate.setBigDecimal(a0, a1);
  }

  @Override
  public void setBinaryStream(String a0, InputStream a1, int a2) throws SQLException {
    delegate.setBinaryStream(a0, a1, a2);
  }

  @Override
  public void setBinaryStream(String a0, InputStream a1, long a2) throws SQLException {
    delegate.setBinaryStream(a0, a1, a2);
  }

  @Override
  public void setBinaryStream(String a0, InputStream a1) throws SQLException {
    delegate.setBinaryStream(a0, a1);
  }

  @Override
  public void setBlob(String a0, InputStream a1, long a2) throws SQLException {
    delegate.setBlob(a0, a1, a2);
  }

  @Override
  public void setBlob(String a0, InputStream a1) throws SQLException {
    delegate.setBlob(a0, a1);
  }

  @Override
  public void setBlob(String a0, Blob a1) throws SQLException {
    delegate.setBlob(a0, a1);
  }

  @Override
  public void setBoolean(String a0, boolean a1) throws SQLException {
    delegate.setBoolean(a0, a1);
  }

  @Override
  public void setByte(String a0, byte a1) throws SQLException {
    delegate.setByte(a0, a1);
  }

  @Override
  public void setBytes(String a0, byte[] a1) throws SQLException {
    delegate.setBytes(a0, a1);
  }

  @Override
  public void setCharacterStream(String a0, Reader a1, int a2) throws SQLException {
    delegate.setCharacterStream(a0, a1, a2);
  }

  @Override
  public void setCharacterStream(String a0, Reader a1, long a2) throws SQLException {
    delegate.setCharacterStream(a0, a1, a2);
  }

  @Override
  public void setCharacterStream(String a0, Reader a1) throws SQLException {
    delegate.setCharacterStream(a0, a1);
  }

  @Override
  public void setClob(String a0, Reader a1, long a2) throws SQLException {
    delegate.setClob(a0, a1, a2);
  }

  @Override
  public void setClob(String a0, Reader a1) throws SQLException {
    delegate.setClob(a0, a1);
  }

  @Override
  public void setClob(String a0, Clob a1) throws SQLException {
    delegate.setClob(a0, a1);
  }

  @Override
  public void setDate(String a0, Date a1, Calendar a2) throws SQLException {
    delegate.setDate(a0, a1, a2);
  }

  @Override
  public void setDate(String a0, Date a1) throws SQLException {
    delegate.setDate(a0, a1);
  }

  @Override
  public void setDouble(String a0, double a1) throws SQLException {
    delegate.setDouble(a0, a1);
  }

  @Override
  public void setFloat(String a0, float a1) throws SQLException {
    delegate.setFloat(a0, a1);
  }

  @Override
  public void setInt(String a0, int a1) throws SQLException {
    delegate.setInt(a0, a1);
  }

  @Override
  public void setLong(String a0, long a1) throws SQLException {
    delegate.setLong(a0, a1);
  }

  @Override
  public void setNCharacterStream(String a0, Reader a1, long a2) throws SQLException {
    delegate.setNCharacterStream(a0, a1, a2);
  }

  @Override
  public void setNCharacterStream(String a0, Reader a1) throws SQLException {
    delegate.setNCharacterStream(a0, a1);
  }

  @Override
  public void setNClob(String a0, Reader a1, long a2) throws SQLException {
    delegate.setNClob(a0, a1, a2);
  }

  @Override
  public void setNClob(String a0, Reader a1) throws SQLException {
    delegate.setNClob(a0, a1);
  }

  @Override
  public void setNClob(String a0, NClob a1) throws SQLException {
    delegate.setNClob(a0, a1);
  }

  @Override
  public void setNString(String a0, String a1) throws SQLException {
    delegate.setNString(a0, a1);
  }

  @Override
  public void setNull(String a0, int a1, String a2) throws SQLException {
    delegate.setNull(a0, a1, a2);
  }

  @Override
  public void setNull(String a0, int a1) throws SQLException {
    delegate.setNull(a0, a1);
  }

  @Override
  public void setObject(String a0, Object a1, int a2, int a3) throws SQLException {
    delegate.setObject(a0, a1, a2, a3);
  }

  @Override
  public void setObject(String a0, Object a1, int a2) throws SQLException {
    delegate.setObject(a0, a1, a2);
  }

  @Override
  public void setObject(String a0, Object a1, SQLType a2, int a3) throws SQLException {
    delegate.setObject(a0, a1, a2, a3);
  }

  @Override
  public void setObject(String a0, Object a1, SQLType a2) throws SQLException {
    delegate.setObject(a0, a1, a2);
  }

  @Override
  public void setObject(String a0, Object a1) throws SQLException {
    delegate.setObject(a0, a1);
  }

  @Override
  public void setRowId(String a0, RowId a1) throws SQLException {
    delegate.setRowId(a0, a1);
  }

  @Override
  public void setSQLXML(String a0, SQLXML a1) throws SQLException {
    delegate.setSQLXML(a0, a1);
  }

  @Override
  public void setShort(String a0, short a1) throws SQLException {
    delegate.setShort(a0, a1);
  }

  @Override
  public void setString(String a0, String a1) throws SQLException {
    delegate.setString(a0, a1);
  }

  @Override
  public void setTime(String a0, Time a1, Calendar a2) throws SQLException {
    delegate.setTime(a0, a1, a2);
  }

  @Override
  public void setTime(String a0, Time a1) throws SQLException {
    delegate.setTime(a0, a1);
  }

  @Override
  public void setTimestamp(String a0, Timestamp a1, Calendar a2) throws SQLException {
    delegate.setTimestamp(a0, a1, a2);
  }

  @Override
  public void setTimestamp(String a0, Timestamp a1) throws SQLException {
    delegate.setTimestamp(a0, a1);
  }

  @Override
  public void setURL(String a0, URL a1) throws SQLException {
    delegate.setURL(a0, a1);
  }

  @Override
  public boolean wasNull() throws SQLException {
    return delegate.wasNull();
  }
}
