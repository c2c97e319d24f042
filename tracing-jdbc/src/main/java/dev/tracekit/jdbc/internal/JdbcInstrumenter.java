package dev.tracekit.jdbc.internal;

import dev.tracekit.api.ErrorRecorder;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.Scopes;
import dev.tracekit.jdbc.JdbcConvention;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.SchemaUrls;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The recording side of the JDBC tracing: starts and ends the CLIENT spans, records the {@code
 * db.client.operation.duration} histogram, the slow-statement event and warning. Conventions (names
 * and attributes) come from {@link JdbcConventions} through {@link QueryInfo}.
 *
 * <p>Internal: not API.
 */
public final class JdbcInstrumenter {
  /** The instrumentation scope name. */
  public static final String SCOPE = "dev.tracekit.jdbc";

  static final List<Double> DURATION_BUCKETS =
      Arrays.asList(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

  /** The conventions' advice for {@code db.client.response.returned_rows}. */
  static final List<Long> ROW_BUCKETS =
      Arrays.asList(1L, 2L, 5L, 10L, 20L, 50L, 100L, 200L, 500L, 1000L, 2000L, 5000L, 10000L);

  private static final Logger SLOW_LOG = Logger.getLogger("dev.tracekit.jdbc.slow");

  private final Tracer tracer;
  private final ErrorRecorder errors;
  private final @Nullable DoubleHistogram duration;
  private final @Nullable DoubleHistogram connectionWait;
  private final @Nullable LongHistogram returnedRows;
  private final JdbcOptions options;
  private final JdbcConvention convention;
  private final boolean enabled;

  /**
   * Creates the recorder.
   *
   * @param openTelemetry where spans and metrics go
   * @param options the options
   */
  public JdbcInstrumenter(OpenTelemetry openTelemetry, JdbcOptions options) {
    this(openTelemetry, options, JdbcConvention.DEFAULT);
  }

  /**
   * Creates the recorder with a convention.
   *
   * @param openTelemetry where spans and metrics go
   * @param options the options
   * @param convention span names and extra attributes
   */
  public JdbcInstrumenter(
      OpenTelemetry openTelemetry, JdbcOptions options, JdbcConvention convention) {
    this.options = options;
    this.convention = convention;
    TracerProvider tracerProvider = openTelemetry.getTracerProvider();
    MeterProvider meterProvider = openTelemetry.getMeterProvider();
    boolean tracingOn = tracerProvider != TracerProvider.noop();
    boolean metricsOn = meterProvider != MeterProvider.noop();
    this.tracer = Scopes.tracer(openTelemetry, SCOPE, SchemaUrls.V1_45_0);
    this.errors = ErrorRecorder.create(openTelemetry, SCOPE);
    if (metricsOn) {
      Meter meter = Scopes.meter(openTelemetry, SCOPE, SchemaUrls.V1_45_0);
      this.duration =
          meter
              .histogramBuilder("db.client.operation.duration")
              .setUnit("s")
              .setDescription("Duration of database client operations.")
              .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
              .build();
      this.connectionWait =
          options.connectionWaitMetric()
              ? meter
                  .histogramBuilder("db.client.connection.wait_time")
                  .setUnit("s")
                  .setDescription("The time it took to obtain an open connection from the pool.")
                  .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
                  .build()
              : null;
      this.returnedRows =
          options.returnedRows()
              ? meter
                  .histogramBuilder("db.client.response.returned_rows")
                  .ofLongs()
                  .setUnit("{row}")
                  .setDescription("The actual number of records returned by the database.")
                  .setExplicitBucketBoundariesAdvice(ROW_BUCKETS)
                  .build()
              : null;
    } else {
      this.duration = null;
      this.connectionWait = null;
      this.returnedRows = null;
    }
    this.enabled = tracingOn || metricsOn;
  }

  /**
   * Whether anything is recorded at all; false for a no-op OpenTelemetry, so the wrappers can skip
   * all work.
   *
   * @return true when spans or metrics are recorded
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The options.
   *
   * @return the options
   */
  public JdbcOptions options() {
    return options;
  }

  /**
   * The tracer, for the helpers.
   *
   * @return the tracer
   */
  public Tracer tracer() {
    return tracer;
  }

  private String spanName(QueryInfo query) {
    if (convention == JdbcConvention.DEFAULT) {
      return query.spanName;
    }
    try {
      String name = convention.spanName(query);
      if (name != null && !name.isEmpty()) {
        return name;
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "jdbc.convention.name " + convention.getClass().getName(),
          "a JdbcConvention threw naming a span; the default name is used",
          e);
    }
    return query.spanName;
  }

  private void conventionAttributes(
      Span span, QueryInfo query, @Nullable Throwable error, boolean start) {
    try {
      AttributesBuilder attributes = Attributes.builder();
      if (start) {
        convention.onStart(query, attributes);
      } else {
        convention.onEnd(query, error, attributes);
      }
      span.setAllAttributes(attributes.build());
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "jdbc.convention.attributes " + convention.getClass().getName(),
          "a JdbcConvention threw adding attributes; they are left out",
          e);
    }
  }

  /**
   * Starts an execution.
   *
   * @param query the statement
   * @param parameters captured bind parameters, or null
   * @return the execution, or null when nothing is recorded (not sampled and no metrics)
   */
  public @Nullable Execution start(QueryInfo query, @Nullable ParameterCapture parameters) {
    try {
      Span span =
          tracer
              .spanBuilder(spanName(query))
              .setSpanKind(SpanKind.CLIENT)
              .setAllAttributes(query.spanAttributes)
              .startSpan();
      boolean recording = span.isRecording();
      if (recording && convention != JdbcConvention.DEFAULT) {
        conventionAttributes(span, query, null, true);
      }
      if (!recording && duration == null && options.slowThresholdNanos() <= 0) {
        return null;
      }
      if (recording && parameters != null) {
        parameters.applyTo(span);
      }
      return new Execution(this, query, span, System.nanoTime());
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("jdbc-start", "could not start a JDBC span; statement not traced", e);
      return null;
    }
  }

  void end(Execution ex, @Nullable Throwable error, long returnedRows, long affectedRows) {
    try {
      long nanos = System.nanoTime() - ex.startNanos;
      Span span = ex.span;
      QueryInfo q = ex.query;
      long threshold = options.slowThresholdNanos();
      boolean slow = threshold > 0 && nanos >= threshold;
      if (span.isRecording()) {
        if (returnedRows >= 0 && options.returnedRows()) {
          span.setAttribute(JdbcAttributes.DB_RESPONSE_RETURNED_ROWS, returnedRows);
        }
        if (affectedRows >= 0) {
          span.setAttribute(JdbcAttributes.AFFECTED_ROWS, affectedRows);
        }
        if (error != null) {
          recordError(span, q, error);
        }
        if (convention != JdbcConvention.DEFAULT) {
          conventionAttributes(span, q, error, false);
        }
        if (slow) {
          span.addEvent(
              JdbcAttributes.SLOW_QUERY_EVENT,
              Attributes.of(JdbcAttributes.SLOW_QUERY_THRESHOLD, threshold / 1e9));
        }
        span.end();
      }
      if (slow && SLOW_LOG.isLoggable(Level.WARNING)) {
        SLOW_LOG.warning(
            "TraceKit: slow SQL statement ("
                + TimeUnit.NANOSECONDS.toMillis(nanos)
                + " ms, threshold "
                + TimeUnit.NANOSECONDS.toMillis(threshold)
                + " ms) on "
                + q.db.systemName()
                + ": "
                + q.queryText);
      }
      DoubleHistogram h = duration;
      if (h != null) {
        Attributes attrs =
            error == null ? q.metricAttributes : JdbcConventions.metricAttributes(q, error).build();
        h.record(nanos / 1e9, attrs);
        LongHistogram rows = this.returnedRows;
        if (rows != null && returnedRows >= 0) {
          rows.record(returnedRows, attrs);
        }
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("jdbc-end", "could not end a JDBC span", e);
    }
  }

  /**
   * Marks a span failed with the conventions' error attributes; never records the exception's
   * message (database messages often quote the values that failed).
   *
   * @param span the span
   * @param q the statement
   * @param error the failure
   */
  void recordError(Span span, QueryInfo q, Throwable error) {
    String code = JdbcConventions.statusCode(q.db.dialect(), error);
    if (code != null) {
      span.setAttribute(DbAttributes.DB_RESPONSE_STATUS_CODE, code);
    }
    errors.record(span, error, JdbcConventions.errorType(error), null, false);
  }

  /**
   * The error recorder of the JDBC spans.
   *
   * @return the recorder
   */
  public ErrorRecorder errors() {
    return errors;
  }

  /**
   * Starts the span of a {@code getConnection} call, when those spans are on.
   *
   * @param db the database when known already, or null
   * @param poolName the pool name
   * @return the span, or null when off or not sampled
   */
  public @Nullable Span startConnectionWait(@Nullable DbInfo db, String poolName) {
    if (!options.connectionWaitSpan()) {
      return null;
    }
    try {
      var builder =
          tracer
              .spanBuilder("getConnection")
              .setSpanKind(SpanKind.INTERNAL)
              .setAttribute(JdbcAttributes.DB_CLIENT_CONNECTION_POOL_NAME, poolName);
      if (db != null) {
        builder.setAttribute(DbAttributes.DB_SYSTEM_NAME, db.systemName());
        if (db.namespace() != null) {
          builder.setAttribute(DbAttributes.DB_NAMESPACE, db.namespace());
        }
      }
      Span span = builder.startSpan();
      return span.isRecording() ? span : null;
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("jdbc-wait-span", "could not start a getConnection span", e);
      return null;
    }
  }

  /**
   * Ends a {@code getConnection} span and records the wait metric.
   *
   * @param span the span from {@link #startConnectionWait}, or null
   * @param startNanos when the call started ({@link System#nanoTime()})
   * @param error the failure, or null
   * @param poolName the pool name
   */
  public void endConnectionWait(
      @Nullable Span span, long startNanos, @Nullable Throwable error, String poolName) {
    try {
      long nanos = System.nanoTime() - startNanos;
      if (span != null) {
        if (error != null) {
          errors.record(span, error, JdbcConventions.errorType(error), null, false);
        }
        span.end();
      }
      recordConnectionWait(nanos, poolName);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("jdbc-wait-end", "could not record a getConnection wait", e);
    }
  }

  /**
   * Records the time a pool took to hand out a connection.
   *
   * @param nanos the wait in nanoseconds
   * @param poolName the pool name
   */
  void recordConnectionWait(long nanos, String poolName) {
    DoubleHistogram h = connectionWait;
    if (h != null) {
      h.record(nanos / 1e9, Attributes.of(JdbcAttributes.DB_CLIENT_CONNECTION_POOL_NAME, poolName));
    }
  }
}
