package dev.tracekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.function.Predicate;

/** A real SDK with in-memory span export and metric reading. */
final class TestOtel implements AutoCloseable {
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();

  OpenTelemetry otel() {
    return sdk;
  }

  List<SpanData> spans() {
    return spans.getFinishedSpanItems();
  }

  /** The single finished span matching the filter. */
  SpanData only(Predicate<SpanData> filter) {
    List<SpanData> found = spans().stream().filter(filter).toList();
    assertThat(found).as("spans matching in %s", names()).hasSize(1);
    return found.get(0);
  }

  /** The single CLIENT span whose name starts with the prefix. */
  SpanData client(String namePrefix) {
    return only(
        s ->
            s.getKind() == io.opentelemetry.api.trace.SpanKind.CLIENT
                && s.getName().startsWith(namePrefix));
  }

  List<String> names() {
    return spans().stream().map(SpanData::getName).toList();
  }

  MetricData metric(String name) {
    return metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  List<HistogramPointData> histogramPoints(String name) {
    return List.copyOf(metric(name).getHistogramData().getPoints());
  }

  @Override
  public void close() {
    sdk.close();
  }
}
