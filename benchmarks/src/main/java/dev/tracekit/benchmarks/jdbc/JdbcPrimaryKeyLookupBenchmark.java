package dev.tracekit.benchmarks.jdbc;

import dev.tracekit.benchmarks.BenchSdk;
import dev.tracekit.jdbc.JdbcTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.export.MemoryMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A primary-key lookup through a {@link PreparedStatement} prepared once, on H2 in-memory: plain
 * H2, TraceKit's {@code JdbcTracing}, and OpenTelemetry's {@code opentelemetry-jdbc} library
 * (stable database semantic conventions). Both traced variants run on the same SDK set-up:
 * always-on sampler, batch span processor, no-op exporters, a metric reader (both record {@code
 * db.client.operation.duration}). {@code raw-api} is the floor: the same span, attributes and
 * histogram written by hand with the OpenTelemetry API around the plain lookup, with nothing
 * computed per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = "-Dotel.semconv-stability.opt-in=database")
public class JdbcPrimaryKeyLookupBenchmark {
  static final int ROWS = 1000;

  /**
   * On a loaded machine the batch processor drops spans when its queue is full and logs a warning
   * every time; the logging would dominate what is measured, for every traced variant alike.
   */
  private static final Logger BSP_LOGGER =
      Logger.getLogger("io.opentelemetry.sdk.trace.export.BatchSpanProcessor");

  /** Which wrapper, if any. */
  @Param({"plain", "tracekit", "otel-jdbc", "raw-api"})
  public String mode = "plain";

  private OpenTelemetrySdk sdk;
  private Connection keepAlive;
  private Connection connection;
  private PreparedStatement lookup;
  private int id;
  private boolean raw;
  private Tracer tracer;
  private DoubleHistogram duration;
  private Attributes spanAttributes;
  private Attributes metricAttributes;
  private static final AttributeKey<Long> RETURNED_ROWS =
      AttributeKey.longKey("db.response.returned_rows");

  /** Creates the database, the SDK and the prepared statement. */
  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    System.setProperty("otel.semconv-stability.opt-in", "database");
    BSP_LOGGER.setLevel(java.util.logging.Level.OFF);
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:bench_" + mode + ";DB_CLOSE_DELAY=-1");
    keepAlive = h2.getConnection();
    try (Statement s = keepAlive.createStatement()) {
      s.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(64), email VARCHAR(128))");
      for (int i = 1; i <= ROWS; i++) {
        s.executeUpdate(
            "INSERT INTO users VALUES (" + i + ", 'user" + i + "', 'user" + i + "@example.com')");
      }
    }
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(BenchSdk.tracerProvider())
            .setMeterProvider(BenchSdk.meterProvider(MemoryMode.REUSABLE_DATA))
            .build();
    DataSource ds;
    switch (mode) {
      case "plain":
      case "raw-api":
        ds = h2;
        break;
      case "tracekit":
        ds = JdbcTracing.create(sdk).wrap(h2);
        break;
      case "otel-jdbc":
        ds = JdbcTelemetry.builder(sdk).build().wrap(h2);
        break;
      default:
        throw new IllegalArgumentException(mode);
    }
    raw = mode.equals("raw-api");
    tracer = sdk.getTracer("raw");
    duration =
        sdk.getMeter("raw")
            .histogramBuilder("db.client.operation.duration")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(
                List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0))
            .build();
    metricAttributes =
        Attributes.builder()
            .put("db.system.name", "h2database")
            .put("db.namespace", "bench_" + mode)
            .put("db.operation.name", "SELECT")
            .put("db.collection.name", "users")
            .put("db.query.summary", "SELECT users")
            .build();
    spanAttributes =
        metricAttributes.toBuilder()
            .put("db.query.text", "SELECT name, email FROM users WHERE id = ?")
            .build();
    connection = ds.getConnection();
    lookup = connection.prepareStatement("SELECT name, email FROM users WHERE id = ?");
  }

  /** Closes everything. */
  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    lookup.close();
    connection.close();
    try (Statement s = keepAlive.createStatement()) {
      s.execute("SHUTDOWN");
    }
    keepAlive.close();
    sdk.close();
  }

  /**
   * One lookup: bind, execute, read the row, close the result set.
   *
   * @return the name read
   * @throws SQLException never in practice
   */
  @Benchmark
  public String primaryKeyLookup() throws SQLException {
    if (raw) {
      return rawApiLookup();
    }
    id = id % ROWS + 1;
    lookup.setInt(1, id);
    try (ResultSet rs = lookup.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  private String rawApiLookup() throws SQLException {
    Span span =
        tracer
            .spanBuilder("SELECT users")
            .setSpanKind(SpanKind.CLIENT)
            .setAllAttributes(spanAttributes)
            .startSpan();
    long start = System.nanoTime();
    id = id % ROWS + 1;
    lookup.setInt(1, id);
    String name;
    try (ResultSet rs = lookup.executeQuery()) {
      rs.next();
      name = rs.getString(1);
    }
    span.setAttribute(RETURNED_ROWS, 1L);
    span.end();
    duration.record((System.nanoTime() - start) / 1e9, metricAttributes);
    return name;
  }
}
