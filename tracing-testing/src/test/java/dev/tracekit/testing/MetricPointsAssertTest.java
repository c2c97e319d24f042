package dev.tracekit.testing;

import static dev.tracekit.testing.SpanAssertTest.catchError;
import static dev.tracekit.testing.TracekitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MetricPointsAssertTest {
  @RegisterExtension static final TracekitExtension tracing = TracekitExtension.create();

  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");

  private void record() {
    Meter meter = tracing.openTelemetry().getMeter("m");
    meter.counterBuilder("orders").build().add(2, Attributes.of(ROUTE, "/a"));
    meter.counterBuilder("orders").build().add(3, Attributes.of(ROUTE, "/b"));
    meter.gaugeBuilder("queue.depth").build().set(7.5);
    meter.histogramBuilder("latency").setUnit("s").build().record(0.2, Attributes.of(ROUTE, "/a"));
    meter.histogramBuilder("latency").setUnit("s").build().record(0.4, Attributes.of(ROUTE, "/a"));
  }

  @Test
  void passes() {
    record();
    assertThat(tracing)
        .metric("orders")
        .hasValue(5)
        .hasValue(2, Attributes.of(ROUTE, "/a"))
        .hasPointWith(Attributes.of(ROUTE, "/b"))
        .satisfiesOtel(m -> m.hasName("orders"));
    assertThat(tracing).metric("queue.depth").hasValue(7.5);
    assertThat(tracing)
        .metric("latency")
        .hasUnit("s")
        .hasHistogramCount(2)
        .hasHistogramCount(2, Attributes.of(ROUTE, "/a"));
  }

  @Test
  void failuresListEveryPoint() {
    record();
    MetricPointsAssert orders = assertThat(tracing).metric("orders");
    AssertionError e = catchError(() -> orders.hasValue(4, Attributes.of(ROUTE, "/b")));
    assertThat(e)
        .hasMessageContaining(
            "Expected the value 4.0 for points with {http.route=\"/b\"}, but it is 3.0 in metric"
                + " \"orders\" (LONG_SUM)")
        .hasMessageContaining("Actual points:\n")
        .hasMessageContaining("{http.route=\"/a\"} -> 2")
        .hasMessageContaining("{http.route=\"/b\"} -> 3");
    e = catchError(() -> orders.hasPointWith(Attributes.of(ROUTE, "/c")));
    assertThat(e).hasMessageContaining("Expected a point with {http.route=\"/c\"} in metric");
    e = catchError(() -> orders.hasValue(1, Attributes.of(ROUTE, "/c")));
    assertThat(e).hasMessageContaining("but it is absent (no matching point)");
    e = catchError(() -> orders.hasHistogramCount(1));
    assertThat(e)
        .hasMessageContaining("Expected a histogram, but orders is " + MetricDataType.LONG_SUM);
    MetricPointsAssert latency = assertThat(tracing).metric("latency");
    e = catchError(() -> latency.hasHistogramCount(3, Attributes.of(ROUTE, "/a")));
    assertThat(e)
        .hasMessageContaining(
            "Expected 3 measurements for points with {http.route=\"/a\"}, but there are 2")
        .hasMessageContaining("count=2 sum=0.6");
    e = catchError(() -> latency.hasUnit("ms"));
    assertThat(e).hasMessageContaining("Expected the unit \"ms\", but it is \"s\"");
    e = catchError(() -> latency.hasValue(1));
    assertThat(e)
        .hasMessageContaining("Expected a counter or gauge value, but latency is HISTOGRAM");
  }
}
