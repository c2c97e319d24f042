package dev.tracekit.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogHistogramTest {

  @Test
  void everyBucketMidpointIsWithinOneThirtySecondOfItsValues() {
    long[] probes = {1024, 1500, 4096, 99_999, 1_000_000, 123_456_789, 5_000_000_000L, 1L << 43};
    for (long v : probes) {
      long mid = LogHistogram.midpoint(LogHistogram.index(v));
      assertThat(Math.abs(mid - v)).as("value %d", v).isLessThanOrEqualTo(v / 32 + 1);
    }
  }

  @Test
  void indexIsMonotonicAndClampedAtBothEnds() {
    int previous = -1;
    for (long v = 0; v < 10_000_000; v += 997) {
      int index = LogHistogram.index(v);
      assertThat(index).isGreaterThanOrEqualTo(previous);
      previous = index;
    }
    assertThat(LogHistogram.index(-5)).isZero();
    assertThat(LogHistogram.index(Long.MAX_VALUE)).isEqualTo(LogHistogram.index(1L << 50));
  }

  @Test
  void quantilesOfAnEmptyAndASingleValueHistogram() {
    LogHistogram histogram = new LogHistogram();
    assertThat(histogram.snapshot().quantileNanos(0.95)).isZero();
    histogram.record(2_000_000);
    LogHistogram.Snapshot snapshot = histogram.snapshot();
    assertThat(snapshot.count()).isEqualTo(1);
    assertThat(snapshot.sumNanos()).isEqualTo(2_000_000);
    assertThat(snapshot.quantileNanos(0.5)).isCloseTo(2_000_000L, within(2_000_000L / 32));
    assertThat(snapshot.quantileNanos(0.99)).isEqualTo(snapshot.quantileNanos(0.5));
  }

  private static org.assertj.core.data.Offset<Long> within(long value) {
    return org.assertj.core.data.Offset.offset(value);
  }
}
