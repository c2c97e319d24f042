package dev.tracekit.benchmarks;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Collection;

/**
 * The SDK set-up shared by the comparisons: an always-on sampler with a batch span processor and a
 * periodic metric reader (every 10 s), both in front of exporters that drop everything, so the
 * instrumentation is measured and not the export.
 */
public final class BenchSdk {
  private BenchSdk() {}

  /**
   * Always-on sampler, batch span processor, and OpenTelemetry's own no-op span exporter (the empty
   * {@link SpanExporter#composite}).
   *
   * @return a new tracer provider
   */
  public static SdkTracerProvider tracerProvider() {
    return SdkTracerProvider.builder()
        .setSampler(Sampler.alwaysOn())
        .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build())
        .build();
  }

  /**
   * Periodic reader (10 s) into a discarding metric exporter with immutable data.
   *
   * @return a new meter provider
   */
  public static SdkMeterProvider meterProvider() {
    return meterProvider(MemoryMode.IMMUTABLE_DATA);
  }

  /**
   * Periodic reader (10 s) into a discarding metric exporter.
   *
   * @param memoryMode the memory mode the exporter asks of the SDK
   * @return a new meter provider
   */
  public static SdkMeterProvider meterProvider(MemoryMode memoryMode) {
    return SdkMeterProvider.builder()
        .registerMetricReader(
            PeriodicMetricReader.builder(new DiscardingMetricExporter(memoryMode))
                .setInterval(Duration.ofSeconds(10))
                .build())
        .build();
  }

  /**
   * A builder with {@link #tracerProvider()} and {@link #meterProvider()} set (propagators left to
   * the caller).
   *
   * @return the builder
   */
  public static OpenTelemetrySdkBuilder tracesAndMetricsBuilder() {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider())
        .setMeterProvider(meterProvider());
  }

  /**
   * {@link #tracesAndMetricsBuilder()} built.
   *
   * @return a new SDK
   */
  public static OpenTelemetrySdk tracesAndMetrics() {
    return tracesAndMetricsBuilder().build();
  }

  /**
   * Traces only ({@link #tracerProvider()}), no meter provider.
   *
   * @return a new SDK
   */
  public static OpenTelemetrySdk traces() {
    return OpenTelemetrySdk.builder().setTracerProvider(tracerProvider()).build();
  }

  /**
   * Metrics only ({@link #meterProvider()}), no tracer provider.
   *
   * @return a new SDK
   */
  public static OpenTelemetrySdk metrics() {
    return OpenTelemetrySdk.builder().setMeterProvider(meterProvider()).build();
  }

  /** A metric exporter that drops everything: the SDK aggregates as usual, nothing is sent. */
  public static final class DiscardingMetricExporter implements MetricExporter {
    private final MemoryMode memoryMode;

    /**
     * Creates the exporter.
     *
     * @param memoryMode the memory mode it asks of the SDK
     */
    public DiscardingMetricExporter(MemoryMode memoryMode) {
      this.memoryMode = memoryMode;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public MemoryMode getMemoryMode() {
      return memoryMode;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** A span processor that does nothing with the spans it sees (they are recorded, not sent). */
  public static final class NothingProcessor implements SpanProcessor {
    private final boolean endRequired;

    /**
     * Creates the processor.
     *
     * @param endRequired whether it asks for the end of every span (the SDK then calls {@link
     *     #onEnd})
     */
    public NothingProcessor(boolean endRequired) {
      this.endRequired = endRequired;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return endRequired;
    }
  }
}
