package dev.tracekit.jdbc;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.jdbc.internal.DbInfo;
import dev.tracekit.jdbc.internal.JdbcUrlParser;
import dev.tracekit.jdbc.internal.TracingConnection;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * A JDBC driver for URLs of the form {@code jdbc:tracekit:<the real URL without "jdbc:">}, for
 * example {@code jdbc:tracekit:postgresql://db:5432/app}: it opens the connection with the real
 * driver and traces it. For applications that only configure a URL (Spring Boot, HikariCP). It is
 * registered through {@code META-INF/services/java.sql.Driver}.
 *
 * <p>Spans and metrics go to {@link io.opentelemetry.api.GlobalOpenTelemetry}, which {@code
 * TracingSdk} installs. The driver never reads the global before it is set (that would fix it to a
 * no-op): until then its connections run untraced, and they start tracing once it is set. The
 * driver uses the default options of {@link JdbcTracingBuilder}.
 */
public final class TracingDriver implements Driver {
  /** The URL prefix this driver accepts. */
  public static final String URL_PREFIX = "jdbc:tracekit:";

  /** Database info per real URL, so that pooled connections share one statement cache. */
  private static final ConcurrentHashMap<String, DbInfo> DB_INFOS = new ConcurrentHashMap<>();

  private static final int MAX_URLS = 64;

  static {
    try {
      DriverManager.registerDriver(new TracingDriver());
    } catch (SQLException e) {
      Diagnostics.reportOnce("jdbc-driver-register", "could not register the TraceKit driver", e);
    }
  }

  /** Creates the driver; the driver manager does this through the service loader. */
  public TracingDriver() {}

  /**
   * The real URL behind a TraceKit URL.
   *
   * @param url a {@code jdbc:tracekit:} URL
   * @return the URL for the real driver
   */
  static String realUrl(String url) {
    String rest = url.substring(URL_PREFIX.length());
    while (rest.regionMatches(true, 0, "tracekit:", 0, 9)) {
      rest = rest.substring(9);
    }
    return "jdbc:" + rest;
  }

  private static @Nullable Driver realDriver(String realUrl) throws SQLException {
    Iterator<Driver> drivers = DriverManager.drivers().iterator();
    while (drivers.hasNext()) {
      Driver d = drivers.next();
      if (!(d instanceof TracingDriver) && d.acceptsURL(realUrl)) {
        return d;
      }
    }
    return null;
  }

  private static String safe(String url) {
    String s = url.replaceAll("//[^/@?;]*@", "//");
    int cut = s.length();
    for (char c : new char[] {'?', ';'}) {
      int i = s.indexOf(c);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    return s.substring(0, cut);
  }

  /**
   * Opens a traced connection with the real driver.
   *
   * @param url a {@code jdbc:tracekit:} URL
   * @param info the connection properties, passed to the real driver
   * @return the traced connection; null when the URL is not a TraceKit URL
   * @throws SQLException when no driver accepts the real URL, or from the real driver
   */
  @Override
  public @Nullable Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    String real = realUrl(url);
    Driver driver = realDriver(real);
    if (driver == null) {
      throw new SQLException("No suitable driver found for " + safe(real), "08001");
    }
    Connection connection = driver.connect(real, info);
    if (connection == null) {
      return null;
    }
    DbInfo db = DB_INFOS.get(real);
    if (db == null) {
      db = JdbcUrlParser.resolve(connection, real);
      if (DB_INFOS.size() < MAX_URLS) {
        DB_INFOS.putIfAbsent(real, db);
      }
    }
    return new TracingConnection(connection, db, null);
  }

  /**
   * Whether the URL starts with {@value #URL_PREFIX}.
   *
   * @param url the URL
   * @return true for a TraceKit URL
   */
  @Override
  public boolean acceptsURL(@Nullable String url) {
    return url != null && url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length());
  }

  /**
   * The real driver's property information.
   *
   * @param url a {@code jdbc:tracekit:} URL
   * @param info proposed properties
   * @return the real driver's answer; empty when there is none
   * @throws SQLException from the real driver
   */
  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return new DriverPropertyInfo[0];
    }
    String real = realUrl(url);
    Driver driver = realDriver(real);
    return driver == null ? new DriverPropertyInfo[0] : driver.getPropertyInfo(real, info);
  }

  /**
   * The major version.
   *
   * @return 0 (pre-release)
   */
  @Override
  public int getMajorVersion() {
    return 0;
  }

  /**
   * The minor version.
   *
   * @return 1
   */
  @Override
  public int getMinorVersion() {
    return 1;
  }

  /**
   * Not a JDBC-compliant driver on its own: it delegates.
   *
   * @return false
   */
  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  /**
   * The driver's logger.
   *
   * @return the {@code dev.tracekit.jdbc} logger
   */
  @Override
  public Logger getParentLogger() {
    return Logger.getLogger("dev.tracekit.jdbc");
  }
}
