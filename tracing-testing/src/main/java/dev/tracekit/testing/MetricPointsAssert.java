package dev.tracekit.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.assertj.MetricAssert;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the points of one metric (counters, up-down counters, gauges, histograms), each
 * point selected by a subset of its attributes. A failure lists every point of the metric.
 *
 * <pre>{@code
 * assertThat(telemetry).metric("http.server.request.duration")
 *     .hasHistogramCount(2, Attributes.of(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200L));
 * }</pre>
 */
public final class MetricPointsAssert extends AbstractAssert<MetricPointsAssert, MetricData> {

  MetricPointsAssert(MetricData metric) {
    super(metric, MetricPointsAssert.class);
  }

  /**
   * Checks that a point carries these attributes (and maybe more).
   *
   * @param attributes the attributes the point must have
   * @return this
   */
  public MetricPointsAssert hasPointWith(Attributes attributes) {
    Objects.requireNonNull(attributes, "attributes");
    if (matching(attributes).isEmpty()) {
      fail("Expected a point with " + attributes);
    }
    return this;
  }

  /**
   * Checks the value of a counter, up-down counter or gauge summed over every point.
   *
   * @param value the expected value
   * @return this
   */
  public MetricPointsAssert hasValue(double value) {
    return hasValue(value, Attributes.empty());
  }

  /**
   * Checks the value of a counter, up-down counter or gauge summed over the points carrying these
   * attributes.
   *
   * @param value the expected value
   * @param attributes the attributes the points must have
   * @return this
   */
  public MetricPointsAssert hasValue(double value, Attributes attributes) {
    Objects.requireNonNull(attributes, "attributes");
    List<PointData> points = matching(attributes);
    double sum = 0;
    for (PointData p : points) {
      if (p instanceof LongPointData l) {
        sum += l.getValue();
      } else if (p instanceof DoublePointData d) {
        sum += d.getValue();
      } else {
        fail(
            "Expected a counter or gauge value, but "
                + actual.getName()
                + " is "
                + actual.getType());
      }
    }
    if (points.isEmpty() || Double.compare(sum, value) != 0) {
      fail(
          "Expected the value "
              + value
              + (attributes.isEmpty() ? "" : " for points with " + attributes)
              + ", but it is "
              + (points.isEmpty() ? "absent (no matching point)" : sum));
    }
    return this;
  }

  /**
   * Checks how many measurements a histogram recorded, over the points carrying these attributes.
   *
   * @param count the expected count
   * @param attributes the attributes the points must have (empty for all)
   * @return this
   */
  public MetricPointsAssert hasHistogramCount(long count, Attributes attributes) {
    Objects.requireNonNull(attributes, "attributes");
    long total = 0;
    List<PointData> points = matching(attributes);
    for (PointData p : points) {
      if (p instanceof HistogramPointData h) {
        total += h.getCount();
      } else {
        fail("Expected a histogram, but " + actual.getName() + " is " + actual.getType());
      }
    }
    if (total != count) {
      fail(
          "Expected "
              + count
              + " measurements"
              + (attributes.isEmpty() ? "" : " for points with " + attributes)
              + ", but there are "
              + total);
    }
    return this;
  }

  /**
   * Checks how many measurements a histogram recorded over all points.
   *
   * @param count the expected count
   * @return this
   */
  public MetricPointsAssert hasHistogramCount(long count) {
    return hasHistogramCount(count, Attributes.empty());
  }

  /**
   * Checks the unit.
   *
   * @param unit the expected unit, for example {@code s}
   * @return this
   */
  public MetricPointsAssert hasUnit(String unit) {
    if (!actual.getUnit().equals(unit)) {
      fail("Expected the unit \"" + unit + "\", but it is \"" + actual.getUnit() + "\"");
    }
    return this;
  }

  /**
   * Runs OpenTelemetry's own metric assertions ({@code opentelemetry-sdk-testing}).
   *
   * @param assertions the assertions
   * @return this
   */
  public MetricPointsAssert satisfiesOtel(Consumer<MetricAssert> assertions) {
    Objects.requireNonNull(assertions, "assertions");
    assertions.accept(OpenTelemetryAssertions.assertThat(actual));
    return this;
  }

  private List<PointData> matching(Attributes subset) {
    List<PointData> out = new ArrayList<>();
    for (PointData p : actual.getData().getPoints()) {
      if (contains(p.getAttributes(), subset)) {
        out.add(p);
      }
    }
    return out;
  }

  private static boolean contains(Attributes attributes, Attributes subset) {
    for (Map.Entry<AttributeKey<?>, Object> e : subset.asMap().entrySet()) {
      if (!e.getValue().equals(attributes.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private void fail(String expectation) {
    StringBuilder sb = new StringBuilder();
    sb.append(expectation)
        .append(" in metric \"")
        .append(actual.getName())
        .append("\" (")
        .append(actual.getType())
        .append(")\nActual points:\n");
    for (PointData p : actual.getData().getPoints()) {
      sb.append("  ").append(p.getAttributes()).append(" -> ").append(value(p)).append('\n');
    }
    failWithMessage("%s", sb.toString());
  }

  private static String value(PointData p) {
    if (p instanceof LongPointData l) {
      return Long.toString(l.getValue());
    }
    if (p instanceof DoublePointData d) {
      return Double.toString(d.getValue());
    }
    if (p instanceof HistogramPointData h) {
      return "count=" + h.getCount() + " sum=" + h.getSum();
    }
    return p.toString();
  }
}
