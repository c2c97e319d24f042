package dev.tracekit.metrics;

import dev.tracekit.api.ThrowingRunnable;
import dev.tracekit.api.ThrowingSupplier;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.metrics.internal.AttributeGuard;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.Meter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@code double} histogram with declared attribute keys, and timing helpers that record how long
 * a call took, with {@code error.type} (the exception class name) when it failed.
 *
 * <pre>{@code
 * TracingHistogram llm = metrics.histogram("tracekit.llm.duration").attributes("model").build();
 * Reply reply = llm.time(() -> client.chat(request), "gpt-4o");
 * CompletionStage<Reply> later = llm.timeAsync(() -> client.chatAsync(request), "gpt-4o");
 * }</pre>
 *
 * <p>Buckets: explicit boundaries are passed to the SDK as advice ({@code
 * setExplicitBucketBoundariesAdvice}), so a View configured on the SDK still wins. Exponential
 * (base-2) histograms are chosen on the SDK side, see {@link
 * MetricsExport#useExponentialHistograms} or {@code
 * OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION=base2_exponential_bucket_histogram}.
 */
public final class TracingHistogram {
  /**
   * Bucket boundaries in seconds used when the unit is {@code "s"} and none are given: 1 ms to 60
   * s, dense where request latencies usually are (the OpenTelemetry SDK's own default boundaries
   * are meant for milliseconds and would put every sub-5-second latency in one bucket).
   */
  public static final List<Double> DEFAULT_SECONDS_BUCKETS =
      List.of(
          0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
          10.0, 30.0, 60.0);

  /** The attribute the timing helpers add when the call failed: the exception's class name. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final DoubleHistogram histogram;
  private final AttributeGuard guard;
  private final String name;
  private final String unit;
  private final double nanosPerUnit;

  TracingHistogram(DoubleHistogram histogram, AttributeGuard guard, String name, String unit) {
    this.histogram = histogram;
    this.guard = guard;
    this.name = name;
    this.unit = unit;
    this.nanosPerUnit = nanosPerUnit(unit);
  }

  /**
   * Records a value.
   *
   * @param value the measurement in the histogram's unit (negative values are dropped by the SDK)
   * @param values one value per declared attribute key, in declaration order
   */
  public void record(double value, @Nullable String... values) {
    histogram.record(value, guard.attributes(values));
  }

  /**
   * Records a duration given in nanoseconds, converted to the histogram's time unit.
   *
   * @param nanos the duration in nanoseconds
   * @param values one value per declared attribute key, in declaration order
   */
  public void recordNanos(long nanos, @Nullable String... values) {
    histogram.record(nanos / nanosPerUnit, guard.attributes(values));
  }

  /**
   * Checks the values once and returns a handle that records with them at raw-instrument cost.
   *
   * @param values one value per declared attribute key, in declaration order
   * @return the bound handle
   */
  public Bound bind(@Nullable String... values) {
    return new Bound(histogram, guard.attributes(values), nanosPerUnit);
  }

  /**
   * Runs a call and records its duration; when it throws, records with {@code error.type} and
   * rethrows the same exception.
   *
   * @param call the user's code
   * @param values one value per declared attribute key, in declaration order
   * @param <T> the result type
   * @param <E> the exception the call may throw
   * @return what the call returned; null when {@code call} is null (nothing is recorded, reported
   *     once)
   * @throws E what the call threw, unchanged
   */
  public <T extends @Nullable Object, E extends Throwable> @Nullable T time(
      @Nullable ThrowingSupplier<T, E> call, @Nullable String... values) throws E {
    if (call == null) {
      Diagnostics.reportOnce(
          "metrics.time.null." + name, "histogram '" + name + "': time(null): nothing to run");
      return null;
    }
    long start = System.nanoTime();
    T result;
    try {
      result = call.get();
    } catch (Throwable t) {
      recordFailure(System.nanoTime() - start, t, values);
      throw t;
    }
    recordNanos(System.nanoTime() - start, values);
    return result;
  }

  /**
   * Runs an action and records its duration; when it throws, records with {@code error.type} and
   * rethrows the same exception.
   *
   * @param action the user's code; a null one is skipped (nothing is recorded, reported once)
   * @param values one value per declared attribute key, in declaration order
   * @param <E> the exception the action may throw
   * @throws E what the action threw, unchanged
   */
  public <E extends Throwable> void timeRun(
      @Nullable ThrowingRunnable<E> action, @Nullable String... values) throws E {
    if (action == null) {
      Diagnostics.reportOnce(
          "metrics.time.null." + name, "histogram '" + name + "': timeRun(null): nothing to run");
      return;
    }
    long start = System.nanoTime();
    try {
      action.run();
    } catch (Throwable t) {
      recordFailure(System.nanoTime() - start, t, values);
      throw t;
    }
    recordNanos(System.nanoTime() - start, values);
  }

  /**
   * Starts an asynchronous call and records the time until its stage completes, with {@code
   * error.type} when it completes exceptionally (or the supplier throws, which is rethrown).
   *
   * @param call starts the work and returns its stage
   * @param values one value per declared attribute key, in declaration order
   * @param <T> the result type
   * @return the stage the call returned (the same object); when {@code call} is null, a stage
   *     failed with a {@code NullPointerException} (nothing is run or recorded, reported once)
   */
  public <T extends @Nullable Object> CompletionStage<T> timeAsync(
      @Nullable Supplier<? extends CompletionStage<T>> call, @Nullable String... values) {
    if (call == null) {
      Diagnostics.reportOnce(
          "metrics.time.null." + name, "histogram '" + name + "': timeAsync(null): nothing to run");
      return CompletableFuture.failedFuture(new NullPointerException("call"));
    }
    long start = System.nanoTime();
    CompletionStage<T> stage;
    try {
      stage = call.get();
    } catch (RuntimeException | Error e) {
      recordFailure(System.nanoTime() - start, e, values);
      throw e;
    }
    if (stage == null) {
      Diagnostics.reportOnce(
          "metrics.timeAsync.null." + name,
          "histogram '" + name + "': timeAsync call returned null; nothing recorded");
      return stage;
    }
    try {
      stage.whenComplete(
          (result, error) -> {
            long elapsed = System.nanoTime() - start;
            if (error == null) {
              recordNanos(elapsed, values);
            } else {
              recordFailure(elapsed, unwrap(error), values);
            }
          });
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "metrics.timeAsync.stage." + name,
          "histogram '" + name + "': could not observe the stage's completion",
          e);
    }
    return stage;
  }

  private void recordFailure(long nanos, Throwable error, @Nullable String[] values) {
    try {
      Attributes attributes =
          guard.attributes(values).toBuilder().put(ERROR_TYPE, error.getClass().getName()).build();
      histogram.record(nanos / nanosPerUnit, attributes);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "metrics.time.failure." + name, "histogram '" + name + "': could not record", e);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return dev.tracekit.api.ErrorRecorder.unwrap(error);
  }

  private static double nanosPerUnit(String unit) {
    switch (unit) {
      case "ns":
        return 1.0;
      case "us":
        return 1e3;
      case "ms":
        return 1e6;
      case "s":
        return 1e9;
      case "min":
        return 60e9;
      default:
        return 1e9;
    }
  }

  /**
   * The instrument name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The unit.
   *
   * @return the unit, {@code "s"} by default
   */
  public String unit() {
    return unit;
  }

  /**
   * The declared attribute keys.
   *
   * @return the keys in declaration order
   */
  public List<String> attributeKeys() {
    return guard.keys();
  }

  /** A histogram with its attribute values fixed: the hot-path handle. */
  public static final class Bound {
    private final DoubleHistogram histogram;
    private final Attributes attributes;
    private final double nanosPerUnit;

    Bound(DoubleHistogram histogram, Attributes attributes, double nanosPerUnit) {
      this.histogram = histogram;
      this.attributes = attributes;
      this.nanosPerUnit = nanosPerUnit;
    }

    /**
     * Records a value.
     *
     * @param value the measurement in the histogram's unit
     */
    public void record(double value) {
      histogram.record(value, attributes);
    }

    /**
     * Records a duration given in nanoseconds, converted to the histogram's time unit.
     *
     * @param nanos the duration in nanoseconds
     */
    public void recordNanos(long nanos) {
      histogram.record(nanos / nanosPerUnit, attributes);
    }

    /**
     * The attributes this handle records with (after collapsing).
     *
     * @return the attributes
     */
    public Attributes attributes() {
      return attributes;
    }
  }

  /** Builder of {@link TracingHistogram}. */
  public static final class Builder {
    private final InstrumentOptions options;
    private @Nullable List<Double> buckets;
    private boolean sdkBuckets;

    Builder(Meter meter, String name, int maxValuesPerKey) {
      this.options = new InstrumentOptions(meter, name, maxValuesPerKey, "s");
    }

    /**
     * The unit (default {@code "s"}, OpenTelemetry's convention for durations). The timing helpers
     * convert to {@code ns}, {@code us}, {@code ms}, {@code s} or {@code min}; other units are
     * recorded as seconds.
     *
     * @param unit ASCII, at most 63 characters
     * @return this builder
     * @throws IllegalArgumentException if not ASCII or too long
     */
    public Builder unit(String unit) {
      options.unit(unit);
      return this;
    }

    /**
     * The description.
     *
     * @param description at most 1023 characters
     * @return this builder
     * @throws IllegalArgumentException if too long
     */
    public Builder description(String description) {
      options.description(description);
      return this;
    }

    /**
     * Declares the attribute keys; values are then passed positionally when recording.
     *
     * @param keys distinct, non-empty keys (low-cardinality dimensions only)
     * @return this builder
     * @throws IllegalArgumentException if a key is empty or repeated
     */
    public Builder attributes(String... keys) {
      options.attributes(keys);
      return this;
    }

    /**
     * Explicit bucket boundaries, passed to the SDK as advice.
     *
     * @param boundaries finite, strictly increasing, at least one
     * @return this builder
     * @throws IllegalArgumentException if empty, not finite or not increasing
     */
    public Builder explicitBuckets(double... boundaries) {
      Objects.requireNonNull(boundaries, "boundaries");
      if (boundaries.length == 0) {
        throw new IllegalArgumentException("at least one bucket boundary is needed");
      }
      List<Double> list = new ArrayList<>(boundaries.length);
      for (int i = 0; i < boundaries.length; i++) {
        if (!Double.isFinite(boundaries[i])) {
          throw new IllegalArgumentException("bucket boundaries must be finite: " + boundaries[i]);
        }
        if (i > 0 && boundaries[i] <= boundaries[i - 1]) {
          throw new IllegalArgumentException(
              "bucket boundaries must be strictly increasing: "
                  + boundaries[i - 1]
                  + " then "
                  + boundaries[i]);
        }
        list.add(boundaries[i]);
      }
      this.buckets = List.copyOf(list);
      this.sdkBuckets = false;
      return this;
    }

    /**
     * Gives no bucket advice: the SDK's aggregation decides (its default explicit buckets, or
     * exponential buckets when a View or {@link MetricsExport#useExponentialHistograms} selects
     * them for this instrument).
     *
     * @return this builder
     */
    public Builder sdkDefaultBuckets() {
      this.buckets = null;
      this.sdkBuckets = true;
      return this;
    }

    /**
     * Creates the instrument.
     *
     * @return the histogram
     */
    public TracingHistogram build() {
      String unit = options.unitOr("s");
      DoubleHistogramBuilder builder = options.meter.histogramBuilder(options.name);
      options.describe(builder::setUnit, builder::setDescription);
      List<Double> advice = buckets;
      if (advice == null && !sdkBuckets && unit.equals("s")) {
        advice = DEFAULT_SECONDS_BUCKETS;
      }
      if (advice != null) {
        builder.setExplicitBucketBoundariesAdvice(advice);
      }
      return new TracingHistogram(builder.build(), options.guard(), options.name, unit);
    }
  }
}
