package dev.tracekit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.function.Predicate;

/** The core test-jar's {@link TestSdk} with the span/metric helpers these tests use. */
final class TestOtel implements AutoCloseable {
  private final TestSdk test = TestSdk.create();
  final InMemorySpanExporter spans = test.spanExporter();
  final InMemoryMetricReader metrics = test.metricReader();
  final OpenTelemetrySdk sdk = test.sdk();

  OpenTelemetry otel() {
    return sdk;
  }

  List<SpanData> spans() {
    return test.spans();
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
    return test.metric(name);
  }

  List<HistogramPointData> histogramPoints(String name) {
    return List.copyOf(metric(name).getHistogramData().getPoints());
  }

  @Override
  public void close() {
    test.close();
  }
}
