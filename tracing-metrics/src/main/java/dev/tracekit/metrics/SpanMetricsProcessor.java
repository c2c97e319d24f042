package dev.tracekit.metrics;

import dev.tracekit.api.support.BoundedValues;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.Scopes;
import dev.tracekit.core.redaction.SpanNameGuard;
import dev.tracekit.metrics.internal.LogHistogram;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Span-derived metrics: records the duration of every finished span into the histogram {@value
 * #METRIC_NAME} (seconds) by span name, kind and status, so P50/P95/P99 per operation and error
 * rates exist without a collector's span-metrics connector; and keeps an in-process {@link
 * #snapshot()} of the same per operation for health endpoints and summaries.
 *
 * <p>Attributes: {@code tracekit.span.name}, {@code tracekit.span.kind} ({@code server}, {@code
 * client}, {@code internal}, {@code producer}, {@code consumer}) and {@code otel.status_code}
 * ({@code OK} or {@code ERROR}, absent when unset). Distinct span names are capped (default 1000)
 * and cut to 128 characters; later new names are recorded as {@code _other}. Each point is recorded
 * in the span's own context, so the SDK's trace-based exemplar filter attaches the trace and span
 * ids of sampled spans.
 *
 * <p>Register it on the tracer provider: {@code
 * SdkTracerProvider.builder().addSpanProcessor(SpanMetricsProcessor.create(meterProvider))}. When
 * the meter provider is built after the tracer provider (OpenTelemetry autoconfigure), build the
 * processor without one and call {@link #bindMeterProvider(MeterProvider)} once it exists; until
 * then only the snapshot is kept. Only spans that reach processors are counted: with a ratio
 * sampler the counts cover the sampled share.
 */
public final class SpanMetricsProcessor implements SpanProcessor {
  /** The histogram name. Prometheus: {@code tracekit_span_duration_seconds_bucket}. */
  public static final String METRIC_NAME = "tracekit.span.duration";

  /** The span name attribute. Prometheus label {@code tracekit_span_name}. */
  public static final AttributeKey<String> SPAN_NAME = AttributeKey.stringKey("tracekit.span.name");

  /** The span kind attribute, lower case. Prometheus label {@code tracekit_span_kind}. */
  public static final AttributeKey<String> SPAN_KIND = AttributeKey.stringKey("tracekit.span.kind");

  /** The status attribute of the semantic conventions: {@code OK} or {@code ERROR}. */
  public static final AttributeKey<String> STATUS_CODE = AttributeKey.stringKey("otel.status_code");

  /** The operation name used once the cap of distinct span names is reached. */
  public static final String OTHER = "_other";

  private static final SpanKind[] KINDS = SpanKind.values();
  private static final StatusCode[] STATUSES = StatusCode.values();

  private final int maxOperations;
  private final boolean exemplars;
  private final List<Double> buckets;
  private final ConcurrentHashMap<String, Operation> operations = new ConcurrentHashMap<>();
  private final Operation other;
  private volatile @Nullable DoubleHistogram histogram;

  private SpanMetricsProcessor(Builder builder) {
    this.maxOperations = builder.maxOperations;
    this.exemplars = builder.exemplars;
    this.buckets = builder.buckets;
    this.other = new Operation(OTHER);
    MeterProvider meterProvider = builder.meterProvider;
    if (meterProvider != null) {
      bindMeterProvider(meterProvider);
    }
  }

  /**
   * A processor recording into this meter provider, with the defaults.
   *
   * @param meterProvider where {@value #METRIC_NAME} is recorded
   * @return the processor
   * @throws NullPointerException if meterProvider is null
   */
  public static SpanMetricsProcessor create(MeterProvider meterProvider) {
    return builder().setMeterProvider(meterProvider).build();
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the meter provider when it was not given to the builder (it is built after the tracer
   * provider under autoconfigure). A second call is ignored and reported once.
   *
   * @param meterProvider where {@value #METRIC_NAME} is recorded
   * @throws NullPointerException if meterProvider is null
   */
  public void bindMeterProvider(MeterProvider meterProvider) {
    Objects.requireNonNull(meterProvider, "meterProvider");
    synchronized (this) {
      if (histogram != null) {
        Diagnostics.reportOnce(
            "metrics.span.rebind",
            "SpanMetricsProcessor already has a meter provider; the new one is ignored");
        return;
      }
      histogram =
          Scopes.meter(meterProvider, MetricsTracing.INSTRUMENTATION_NAME)
              .histogramBuilder(METRIC_NAME)
              .setUnit("s")
              .setDescription("Duration of finished spans, by span name, kind and status.")
              .setExplicitBucketBoundariesAdvice(buckets)
              .build();
    }
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    try {
      long nanos = span.getLatencyNanos();
      Operation operation = operation(span.getName());
      int status = span.toSpanData().getStatus().getStatusCode().ordinal();
      if (status == StatusCode.ERROR.ordinal()) {
        operation.errors.increment();
      }
      operation.latency.record(nanos);
      DoubleHistogram h = histogram;
      if (h != null) {
        Attributes attributes = operation.attributes(span.getKind(), status);
        SpanContext spanContext = span.getSpanContext();
        Context context =
            exemplars && spanContext.isSampled()
                ? Context.root().with(Span.wrap(spanContext))
                : Context.root();
        h.record(nanos / 1e9, attributes, context);
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "metrics.span.onEnd", "SpanMetricsProcessor could not record a span; skipped", e);
    }
  }

  private Operation operation(String rawName) {
    Operation operation = operations.get(rawName);
    if (operation != null) {
      return operation;
    }
    // A new name: generated-looking parts (ids, UUIDs, emails) become placeholders, so that
    // neither a metric attribute nor the snapshot carries them ("lead_bot.contact_{id}").
    String name = SpanNameGuard.normalise(rawName);
    if (name.length() > BoundedValues.DEFAULT_MAX_LENGTH) {
      // A metric attribute value: capped like every value TraceKit records from input.
      Diagnostics.reportOnce(
          "metrics.span.length",
          "SpanMetricsProcessor: a span name longer than "
              + BoundedValues.DEFAULT_MAX_LENGTH
              + " characters was cut for "
              + METRIC_NAME);
      name = name.substring(0, BoundedValues.DEFAULT_MAX_LENGTH);
    }
    operation = operations.get(name);
    if (operation != null) {
      return operation;
    }
    if (operations.size() >= maxOperations) {
      Diagnostics.reportOnce(
          "metrics.span.cap",
          "SpanMetricsProcessor: more than "
              + maxOperations
              + " distinct span names; further new names are recorded as "
              + OTHER
              + " (span names should not contain ids)");
      return other;
    }
    return operations.computeIfAbsent(name, Operation::new);
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  /**
   * Count, errors and estimated percentiles per operation (span name) since this processor was
   * created; percentiles are within 3.2% of the true value (see {@link LatencySnapshot}).
   *
   * @return a snapshot, operations sorted by name
   */
  public LatencySnapshot snapshot() {
    List<LatencySnapshot.Operation> list = new ArrayList<>();
    for (Operation operation : operations.values()) {
      list.add(operation.snapshot());
    }
    LatencySnapshot.Operation overflow = other.snapshot();
    if (overflow.count() > 0) {
      list.add(overflow);
    }
    return new LatencySnapshot(list);
  }

  @Override
  public String toString() {
    return "SpanMetricsProcessor{maxOperations=" + maxOperations + "}";
  }

  private static final class Operation {
    final String name;
    final LogHistogram latency = new LogHistogram();
    final LongAdder errors = new LongAdder();
    final AtomicReferenceArray<Attributes> attributes =
        new AtomicReferenceArray<>(KINDS.length * STATUSES.length);

    Operation(String name) {
      this.name = name;
    }

    Attributes attributes(SpanKind kind, int status) {
      int slot = kind.ordinal() * STATUSES.length + status;
      Attributes cached = attributes.get(slot);
      if (cached == null) {
        var builder =
            Attributes.builder()
                .put(SPAN_NAME, name)
                .put(SPAN_KIND, kind.name().toLowerCase(Locale.ROOT));
        if (status != StatusCode.UNSET.ordinal()) {
          builder.put(STATUS_CODE, STATUSES[status].name());
        }
        cached = builder.build();
        attributes.set(slot, cached);
      }
      return cached;
    }

    LatencySnapshot.Operation snapshot() {
      LogHistogram.Snapshot s = latency.snapshot();
      return new LatencySnapshot.Operation(
          name,
          s.count(),
          errors.sum(),
          s.count() == 0 ? 0 : s.sumNanos() / s.count(),
          s.quantileNanos(0.50),
          s.quantileNanos(0.95),
          s.quantileNanos(0.99));
    }
  }

  /** Builder of {@link SpanMetricsProcessor}. */
  public static final class Builder {
    private @Nullable MeterProvider meterProvider;
    private int maxOperations = 1000;
    private boolean exemplars = true;
    private List<Double> buckets = TracingHistogram.DEFAULT_SECONDS_BUCKETS;

    Builder() {}

    /**
     * Where to record {@value #METRIC_NAME}; without it only the snapshot is kept until {@link
     * SpanMetricsProcessor#bindMeterProvider(MeterProvider)}.
     *
     * @param meterProvider the meter provider
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder setMeterProvider(MeterProvider meterProvider) {
      this.meterProvider = Objects.requireNonNull(meterProvider, "meterProvider");
      return this;
    }

    /**
     * How many distinct span names are tracked (default 1000); later new names become {@code
     * _other}.
     *
     * @param maxOperations at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder setMaxOperations(int maxOperations) {
      if (maxOperations < 1) {
        throw new IllegalArgumentException("maxOperations must be at least 1: " + maxOperations);
      }
      this.maxOperations = maxOperations;
      return this;
    }

    /**
     * Whether points are recorded in the span's context (default true), so that the SDK's exemplar
     * filter ({@code trace_based} by default) attaches the span's trace id. Exemplars cost a clock
     * read and a reservoir write per sampled span; turn them off to save that.
     *
     * @param exemplars false to record without the span's context
     * @return this builder
     */
    public Builder setExemplarsEnabled(boolean exemplars) {
      this.exemplars = exemplars;
      return this;
    }

    /**
     * Bucket boundaries (seconds) advised for the exported histogram (default {@link
     * TracingHistogram#DEFAULT_SECONDS_BUCKETS}). The in-process snapshot does not depend on them.
     *
     * @param boundaries finite, strictly increasing, at least one
     * @return this builder
     * @throws IllegalArgumentException if empty, not finite or not increasing
     */
    public Builder setExplicitBuckets(List<Double> boundaries) {
      Objects.requireNonNull(boundaries, "boundaries");
      if (boundaries.isEmpty()) {
        throw new IllegalArgumentException("at least one bucket boundary is needed");
      }
      double previous = Double.NEGATIVE_INFINITY;
      for (Double b : boundaries) {
        if (b == null || !Double.isFinite(b) || b <= previous) {
          throw new IllegalArgumentException(
              "bucket boundaries must be finite and strictly increasing: " + boundaries);
        }
        previous = b;
      }
      this.buckets = List.copyOf(boundaries);
      return this;
    }

    /**
     * Builds the processor.
     *
     * @return the processor
     */
    public SpanMetricsProcessor build() {
      return new SpanMetricsProcessor(this);
    }
  }
}
