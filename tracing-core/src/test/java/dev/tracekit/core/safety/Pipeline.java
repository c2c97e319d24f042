package dev.tracekit.core.safety;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The export path under test: the real OTLP http/protobuf exporter (default OkHttp sender) behind a
 * bounded BatchSpanProcessor whose own health metrics go to an InMemoryMetricReader.
 */
final class Pipeline implements AutoCloseable {
  static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

  final SdkTracerProvider provider;
  final Tracer tracer;
  final InMemoryMetricReader metrics;
  final SdkMeterProvider meterProvider;
  final int queueSize;

  private Pipeline(
      SdkTracerProvider provider, InMemoryMetricReader metrics, SdkMeterProvider mp, int queue) {
    this.provider = provider;
    this.tracer = provider.get("safety-test");
    this.metrics = metrics;
    this.meterProvider = mp;
    this.queueSize = queue;
  }

  static RetryPolicy fastRetry(int maxAttempts) {
    return RetryPolicy.builder()
        .setMaxAttempts(maxAttempts)
        .setInitialBackoff(Duration.ofMillis(20))
        .setMaxBackoff(Duration.ofMillis(100))
        .setBackoffMultiplier(2)
        .build();
  }

  static OtlpHttpSpanExporter otlp(String endpoint, Duration timeout, @Nullable RetryPolicy retry) {
    return OtlpHttpSpanExporter.builder()
        .setEndpoint(endpoint + "/v1/traces")
        .setTimeout(timeout)
        .setConnectTimeout(timeout)
        .setRetryPolicy(retry)
        .setMeterProvider(MeterProvider::noop)
        .build();
  }

  static Pipeline create(
      String endpoint,
      int queueSize,
      Duration scheduleDelay,
      Duration exportTimeout,
      @Nullable RetryPolicy retry) {
    return create(otlp(endpoint, exportTimeout, retry), queueSize, scheduleDelay, exportTimeout);
  }

  static Pipeline create(
      SpanExporter exporter, int queueSize, Duration scheduleDelay, Duration exportTimeout) {
    return create(exporter, queueSize, scheduleDelay, exportTimeout, UnaryOperator.identity());
  }

  static Pipeline create(
      SpanExporter exporter,
      int queueSize,
      Duration scheduleDelay,
      Duration exportTimeout,
      UnaryOperator<io.opentelemetry.sdk.trace.SdkTracerProviderBuilder> customizer) {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meterProvider =
        SdkMeterProvider.builder().registerMetricReader(reader).build();
    BatchSpanProcessor bsp =
        BatchSpanProcessor.builder(exporter)
            .setMaxQueueSize(queueSize)
            .setMaxExportBatchSize(
                Math.min(Integer.getInteger("tracekit.load.batch", 512), queueSize))
            .setScheduleDelay(scheduleDelay)
            // the exporter's own timeout (with its retries) ends first; this is the backstop
            .setExporterTimeout(exportTimeout.multipliedBy(3))
            .setMeterProvider(meterProvider)
            .build();
    SdkTracerProvider provider =
        customizer.apply(SdkTracerProvider.builder().addSpanProcessor(bsp)).build();
    return new Pipeline(provider, reader, meterProvider, queueSize);
  }

  /** Spans the BatchSpanProcessor dropped because its queue was full (its own metric). */
  long dropped() {
    return processed(true);
  }

  /** Spans the BatchSpanProcessor handed to the exporter (exported or failed). */
  long handedToExporter() {
    return processed(false);
  }

  /** The BSP's queue size gauge at the last collection, or -1. */
  long queueSizeGauge(Collection<MetricData> data) {
    for (MetricData metric : data) {
      if (metric.getName().equals("queueSize")) {
        return metric.getLongGaugeData().getPoints().stream()
            .mapToLong(LongPointData::getValue)
            .max()
            .orElse(-1);
      }
    }
    return -1;
  }

  private long processed(boolean dropped) {
    long sum = 0;
    for (MetricData metric : metrics.collectAllMetrics()) {
      if (metric.getName().equals("processedSpans")) {
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          if (Boolean.valueOf(dropped).equals(point.getAttributes().get(DROPPED))) {
            sum += point.getValue();
          }
        }
      }
    }
    return sum;
  }

  /** Ends {@code count} spans on this thread; returns the slowest single start+end in nanos. */
  long endSpans(String name, int count) {
    long max = 0;
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      tracer.spanBuilder(name).startSpan().end();
      max = Math.max(max, System.nanoTime() - t0);
    }
    return max;
  }

  @Override
  public void close() {
    provider.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
    meterProvider.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
  }
}
