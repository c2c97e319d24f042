package dev.tracekit.ai;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** A real SDK with in-memory span exporter and metric reader. */
final class Sdk implements AutoCloseable {
  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final OpenTelemetrySdk otel =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();

  SpanData span(String name) {
    List<SpanData> found =
        spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one span '"
              + name
              + "', got "
              + spans.getFinishedSpanItems().stream().map(SpanData::getName).toList());
    }
    return found.get(0);
  }

  Collection<MetricData> collect() {
    return metrics.collectAllMetrics();
  }

  static MetricData metric(Collection<MetricData> all, String name) {
    return all.stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no metric " + name + " in " + all.stream().map(MetricData::getName).toList()));
  }

  static List<HistogramPointData> histogram(
      Collection<MetricData> all, String name, AttributeKey<String> key, String value) {
    return metric(all, name).getHistogramData().getPoints().stream()
        .filter(p -> value.equals(p.getAttributes().get(key)))
        .collect(Collectors.toList());
  }

  static List<LongPointData> longSums(Collection<MetricData> all, String name) {
    return new ArrayList<>(metric(all, name).getLongSumData().getPoints());
  }

  static List<DoublePointData> doubleSums(Collection<MetricData> all, String name) {
    return new ArrayList<>(metric(all, name).getDoubleSumData().getPoints());
  }

  @Override
  public void close() {
    otel.close();
  }
}
