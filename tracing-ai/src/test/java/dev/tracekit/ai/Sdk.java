package dev.tracekit.ai;

import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** The core test-jar's {@link TestSdk} with the metric-point helpers these tests use. */
final class Sdk implements AutoCloseable {
  private final TestSdk test = TestSdk.create();
  final InMemorySpanExporter spans = test.spanExporter();
  final InMemoryMetricReader metrics = test.metricReader();
  final OpenTelemetrySdk otel = test.sdk();

  SpanData span(String name) {
    return test.span(name);
  }

  Collection<MetricData> collect() {
    return test.collectMetrics();
  }

  static MetricData metric(Collection<MetricData> all, String name) {
    return TestSdk.metric(all, name);
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
    test.close();
  }
}
