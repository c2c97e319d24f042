package dev.tracekit.core.testing;

import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.OpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * A real SDK recording into memory for the feature modules' tests: a {@link SimpleSpanProcessor}
 * into an {@link InMemorySpanExporter} and an {@link InMemoryMetricReader}. Close it after the
 * test. {@link #otlpBuilder} gives the same shape exporting through the real OTLP/HTTP exporters.
 */
public final class TestSdk implements AutoCloseable {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk;

  private TestSdk(ContextPropagators propagators) {
    this.sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setPropagators(propagators)
            .build();
  }

  /** A recording SDK with no propagators (the SDK default). */
  public static TestSdk create() {
    return new TestSdk(ContextPropagators.noop());
  }

  /** A recording SDK with these propagators. */
  public static TestSdk create(ContextPropagators propagators) {
    return new TestSdk(propagators);
  }

  /**
   * A builder whose tracer provider batches spans into an OTLP/HTTP span exporter and whose meter
   * provider reads metrics into an OTLP/HTTP metric exporter only on flush (hourly otherwise), both
   * sending to the receiver.
   */
  public static OpenTelemetrySdkBuilder otlpBuilder(OtlpReceiver receiver) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .addSpanProcessor(
                    BatchSpanProcessor.builder(
                            OtlpHttpSpanExporter.builder()
                                .setEndpoint(receiver.endpoint() + "/v1/traces")
                                .build())
                        .build())
                .build())
        .setMeterProvider(
            SdkMeterProvider.builder()
                .registerMetricReader(
                    PeriodicMetricReader.builder(
                            OtlpHttpMetricExporter.builder()
                                .setEndpoint(receiver.endpoint() + "/v1/metrics")
                                .build())
                        .setInterval(Duration.ofHours(1))
                        .build())
                .build());
  }

  /** The SDK to hand to the code under test. */
  public OpenTelemetrySdk sdk() {
    return sdk;
  }

  /** The in-memory span exporter (spans are there as soon as they end). */
  public InMemorySpanExporter spanExporter() {
    return spans;
  }

  /** The in-memory metric reader. */
  public InMemoryMetricReader metricReader() {
    return metrics;
  }

  /** The finished spans, in end order. */
  public List<SpanData> spans() {
    return spans.getFinishedSpanItems();
  }

  /**
   * The one finished span with this name; an {@link AssertionError} when there is not exactly one.
   */
  public SpanData span(String name) {
    List<SpanData> finished = spans();
    List<SpanData> found = finished.stream().filter(s -> s.getName().equals(name)).toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one span '"
              + name
              + "', got "
              + finished.stream().map(SpanData::getName).toList());
    }
    return found.get(0);
  }

  /** Collects all metrics now. */
  public Collection<MetricData> collectMetrics() {
    return metrics.collectAllMetrics();
  }

  /** The metric with this name in one collection; an {@link AssertionError} when absent. */
  public MetricData metric(String name) {
    return metric(collectMetrics(), name);
  }

  /** The metric with this name among these; an {@link AssertionError} when absent. */
  public static MetricData metric(Collection<MetricData> all, String name) {
    return all.stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no metric " + name + " in " + all.stream().map(MetricData::getName).toList()));
  }

  /** Closes the SDK. */
  @Override
  public void close() {
    sdk.close();
  }
}
