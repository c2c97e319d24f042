package dev.tracekit.metrics;

import dev.tracekit.api.support.Scopes;
import dev.tracekit.metrics.internal.AttributeGuard;
import dev.tracekit.metrics.internal.InstrumentNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Metrics on OpenTelemetry in one line each: counters, up-down counters, histograms and gauges
 * whose names are checked at build time and whose attribute values are kept low-cardinality at
 * record time.
 *
 * <pre>{@code
 * MetricsTracing metrics = MetricsTracing.create(openTelemetry);
 * TracingCounter processed = metrics.counter("tracekit.messages.processed")
 *     .unit("{message}").attributes("outcome").build();
 * processed.add(1, "ok");
 * TracingCounter.Bound ok = processed.bind("ok");   // hot path: no per-call checks
 * ok.increment();
 * }</pre>
 *
 * <p>Works with any {@link OpenTelemetry}: TraceKit's SDK, the agent's, Spring's or the no-op one.
 * Span-derived latency metrics come from {@link #spanMetricsProcessor()}; exporters from {@link
 * MetricsExport}.
 */
public final class MetricsTracing {
  /** The instrumentation scope name used for TraceKit's meters. */
  public static final String INSTRUMENTATION_NAME = "dev.tracekit.metrics";

  /**
   * The attribute value recorded instead of a refused one: a value that looks like an identifier
   * (email, UUID, hex or numeric id, URL with an id, over 100 characters), a null or missing value,
   * or a new value once a key reached its cap of distinct values.
   */
  public static final String OTHER = AttributeGuard.OTHER;

  private final OpenTelemetry openTelemetry;
  private final Meter meter;
  private final int maxValuesPerKey;

  private MetricsTracing(Builder builder) {
    this.openTelemetry = builder.openTelemetry;
    this.meter = Scopes.meter(builder.openTelemetry, builder.instrumentationName);
    this.maxValuesPerKey = builder.maxValuesPerKey;
  }

  /**
   * Metrics with the defaults (scope {@value #INSTRUMENTATION_NAME}, 100 distinct values per key).
   *
   * @param openTelemetry the OpenTelemetry whose meter provider records
   * @return the entry point
   * @throws NullPointerException if openTelemetry is null
   */
  public static MetricsTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * A builder for non-default settings.
   *
   * @param openTelemetry the OpenTelemetry whose meter provider records
   * @return a new builder
   * @throws NullPointerException if openTelemetry is null
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /**
   * A monotonic counter ({@code long}). Prometheus shows it as {@code <name>_total}.
   *
   * @param name the instrument name, for example {@code tracekit.messages.received}
   * @return a builder
   * @throws IllegalArgumentException if the name breaks OpenTelemetry's naming rules
   */
  public TracingCounter.Builder counter(String name) {
    return new TracingCounter.Builder(meter, InstrumentNames.checkName(name), maxValuesPerKey);
  }

  /**
   * A counter that can go down ({@code long}), for example items in flight.
   *
   * @param name the instrument name
   * @return a builder
   * @throws IllegalArgumentException if the name breaks OpenTelemetry's naming rules
   */
  public TracingUpDownCounter.Builder upDownCounter(String name) {
    return new TracingUpDownCounter.Builder(
        meter, InstrumentNames.checkName(name), maxValuesPerKey);
  }

  /**
   * A histogram ({@code double}); durations in seconds by default ({@code unit "s"}, buckets {@link
   * TracingHistogram#DEFAULT_SECONDS_BUCKETS}).
   *
   * @param name the instrument name, for example {@code orders.checkout.duration}
   * @return a builder
   * @throws IllegalArgumentException if the name breaks OpenTelemetry's naming rules
   */
  public TracingHistogram.Builder histogram(String name) {
    return new TracingHistogram.Builder(meter, InstrumentNames.checkName(name), maxValuesPerKey);
  }

  /**
   * An asynchronous gauge read from a callback at each collection ({@code double}).
   *
   * @param name the instrument name
   * @param callback returns the current value; an exception is reported once and the point skipped
   * @return a builder
   * @throws IllegalArgumentException if the name breaks OpenTelemetry's naming rules
   * @throws NullPointerException if callback is null
   */
  public TracingGauge.Builder gauge(String name, DoubleSupplier callback) {
    Objects.requireNonNull(callback, "callback");
    return new TracingGauge.Builder(meter, InstrumentNames.checkName(name), callback, null);
  }

  /**
   * An asynchronous gauge of whole numbers (queue depth, active workers, cache entries).
   *
   * @param name the instrument name
   * @param callback returns the current value; an exception is reported once and the point skipped
   * @return a builder
   * @throws IllegalArgumentException if the name breaks OpenTelemetry's naming rules
   * @throws NullPointerException if callback is null
   */
  public TracingGauge.Builder longGauge(String name, LongSupplier callback) {
    Objects.requireNonNull(callback, "callback");
    return new TracingGauge.Builder(meter, InstrumentNames.checkName(name), null, callback);
  }

  /**
   * A span processor recording every finished span's duration into {@code tracekit.span.duration}
   * on this OpenTelemetry's meter provider. Register it on the tracer provider: {@code
   * SdkTracerProvider.builder().addSpanProcessor(metrics.spanMetricsProcessor())}.
   *
   * @return a new processor bound to this OpenTelemetry's meter provider
   */
  public SpanMetricsProcessor spanMetricsProcessor() {
    return SpanMetricsProcessor.create(openTelemetry.getMeterProvider());
  }

  /** Builder of {@link MetricsTracing}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private String instrumentationName = INSTRUMENTATION_NAME;
    private int maxValuesPerKey = 100;

    Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * The instrumentation scope of the meter (default {@value #INSTRUMENTATION_NAME}); Prometheus
     * shows it as the {@code otel_scope_name} label.
     *
     * @param instrumentationName the scope name, not empty
     * @return this builder
     * @throws IllegalArgumentException if empty
     */
    public Builder setInstrumentationName(String instrumentationName) {
      Objects.requireNonNull(instrumentationName, "instrumentationName");
      if (instrumentationName.isBlank()) {
        throw new IllegalArgumentException("instrumentationName must not be blank");
      }
      this.instrumentationName = instrumentationName;
      return this;
    }

    /**
     * How many distinct values each declared attribute key may take per instrument (default 100);
     * later new values are recorded as {@code _other} with a one-time warning.
     *
     * @param maxValuesPerKey at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder setMaxValuesPerKey(int maxValuesPerKey) {
      if (maxValuesPerKey < 1) {
        throw new IllegalArgumentException(
            "maxValuesPerKey must be at least 1: " + maxValuesPerKey);
      }
      this.maxValuesPerKey = maxValuesPerKey;
      return this;
    }

    /**
     * Builds the entry point.
     *
     * @return the metrics entry point
     */
    public MetricsTracing build() {
      return new MetricsTracing(this);
    }
  }
}
