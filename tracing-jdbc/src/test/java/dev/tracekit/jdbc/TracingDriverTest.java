package dev.tracekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.DbAttributes;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TracingDriverTest {
  @RegisterExtension final TracekitExtension otel = TracekitExtension.create();
  private String url;

  @BeforeEach
  void setUp() {
    GlobalOpenTelemetry.resetForTest();
    url = "jdbc:tracekit:h2:mem:drv_" + UUID.randomUUID().toString().replace("-", "");
  }

  @AfterEach
  void tearDown() {
    GlobalOpenTelemetry.resetForTest();
  }

  @Test
  void isRegisteredThroughTheServiceLoader() throws SQLException {
    Driver driver = DriverManager.getDriver(url);
    assertThat(driver).isInstanceOf(TracingDriver.class);
    assertThat(driver.acceptsURL("jdbc:h2:mem:x")).isFalse();
  }

  @Test
  void tracesWithTheGlobalOpenTelemetryOnceItIsSetAndNeverLocksItEarly() throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
        s.executeUpdate("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
      }
      // the driver did not read (and so fix) the global before it was set
      assertThat(dev.tracekit.api.GlobalOpenTelemetryAccess.isSet()).isFalse();
      GlobalOpenTelemetry.set(otel.openTelemetry());
      try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
        ps.setInt(1, 2);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("b");
        }
      }
    }
    assertThat(otel.spans().stream().map(SpanData::getName).toList()).hasSize(1);
    SpanData span = client("SELECT");
    assertThat(span.getAttributes().get(DbAttributes.DB_SYSTEM_NAME)).isEqualTo("h2database");
    assertThat(span.getAttributes().get(DbAttributes.DB_NAMESPACE)).startsWith("drv_");
  }

  @Test
  void connectionsFromTheDriverAreNotTracedTwiceWhenWrapped() throws SQLException {
    GlobalOpenTelemetry.set(otel.openTelemetry());
    JdbcTracing tracing = JdbcTracing.create(otel.openTelemetry());
    try (Connection raw = DriverManager.getConnection(url)) {
      Connection c = tracing.wrap(raw);
      assertThat(c).isSameAs(raw);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INT)");
      }
    }
    assertThat(otel.spans().stream().map(SpanData::getName).toList()).hasSize(1);
  }

  @Test
  void aPoolOverTheDriverIsNotTracedTwiceWhenItsDataSourceIsWrapped() throws SQLException {
    GlobalOpenTelemetry.set(otel.openTelemetry());
    // a pool hands out its own proxy connections around the driver's (traced) connections
    DataSource pool = new PoolLikeDataSource(url);
    DataSource wrapped = JdbcTracing.create(otel.openTelemetry()).wrap(pool);
    for (int i = 0; i < 2; i++) {
      try (Connection c = wrapped.getConnection();
          Statement s = c.createStatement()) {
        assertThat(Proxy.isProxyClass(c.getClass())).isTrue();
        s.execute("CREATE TABLE t" + i + " (id INT)");
      }
    }
    assertThat(otel.spans().stream().map(SpanData::getName).toList()).hasSize(2);
  }

  /** A minimal stand-in for a connection pool: proxies that delegate everything. */
  private static final class PoolLikeDataSource implements DataSource {
    private final String url;

    PoolLikeDataSource(String url) {
      this.url = url;
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection real = DriverManager.getConnection(url);
      InvocationHandler handler =
          (proxy, method, args) -> {
            try {
              return method.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          };
      return (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }

  @Test
  void anUnknownRealUrlFailsClearlyWithoutCredentials() {
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () -> DriverManager.getConnection("jdbc:tracekit:nosuchdb://u:hunter2@host/db?x=1"));
    assertThat(e.getSQLState()).isEqualTo("08001");
    assertThat(e.getMessage()).contains("jdbc:nosuchdb://host/db").doesNotContain("hunter2");
  }

  @Test
  void realUrlStripsRepeatedPrefixes() {
    assertThat(TracingDriver.realUrl("jdbc:tracekit:tracekit:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
  }

  /** The one finished CLIENT span whose name starts with the prefix. */
  private SpanData client(String prefix) {
    return otel.span(s -> s.getKind() == SpanKind.CLIENT && s.getName().startsWith(prefix));
  }
}
