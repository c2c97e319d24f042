package dev.tracekit.metrics.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free log-linear histogram of durations in nanoseconds, for in-process percentiles.
 *
 * <p>Each power of two from 1.024 µs up to about 4.9 hours is split into 16 equal sub-buckets; a
 * percentile is reported as the middle of its bucket, so the relative error is at most 1/32
 * (3.125%) of the true value in that range. Values below 1.024 µs share one bucket (reported as 0.5
 * µs); larger values are clamped to the top bucket. Memory: 545 longs (about 4.4 KB).
 *
 * <p>Internal: not API.
 */
public final class LogHistogram {
  private static final int SUB_BITS = 4;
  private static final int SUB_BUCKETS = 1 << SUB_BITS;
  private static final int MIN_EXPONENT = 10;
  private static final int MAX_EXPONENT = 43;
  private static final int BUCKETS = 1 + (MAX_EXPONENT - MIN_EXPONENT + 1) * SUB_BUCKETS;
  private static final long MAX_VALUE = (1L << (MAX_EXPONENT + 1)) - 1;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final LongAdder sum = new LongAdder();

  /**
   * Records one duration (negative values count as zero).
   *
   * @param nanos the duration in nanoseconds
   */
  public void record(long nanos) {
    counts.incrementAndGet(index(nanos));
    sum.add(Math.max(0, nanos));
  }

  static int index(long nanos) {
    if (nanos < (1L << MIN_EXPONENT)) {
      return 0;
    }
    long v = Math.min(nanos, MAX_VALUE);
    int exponent = 63 - Long.numberOfLeadingZeros(v);
    int sub = (int) ((v >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1));
    return 1 + (exponent - MIN_EXPONENT) * SUB_BUCKETS + sub;
  }

  static long midpoint(int index) {
    if (index == 0) {
      return 1L << (MIN_EXPONENT - 1);
    }
    int exponent = (index - 1) / SUB_BUCKETS + MIN_EXPONENT;
    int sub = (index - 1) % SUB_BUCKETS;
    long width = 1L << (exponent - SUB_BITS);
    return (1L << exponent) + sub * width + width / 2;
  }

  /**
   * A copy of the counts (each bucket read once).
   *
   * @return the snapshot
   */
  public Snapshot snapshot() {
    long[] copy = new long[BUCKETS];
    long total = 0;
    for (int i = 0; i < BUCKETS; i++) {
      copy[i] = counts.get(i);
      total += copy[i];
    }
    return new Snapshot(copy, total, sum.sum());
  }

  /** Counts copied at one moment. */
  public static final class Snapshot {
    private final long[] counts;
    private final long count;
    private final long sumNanos;

    Snapshot(long[] counts, long count, long sumNanos) {
      this.counts = counts;
      this.count = count;
      this.sumNanos = sumNanos;
    }

    /**
     * How many values were recorded.
     *
     * @return the count
     */
    public long count() {
      return count;
    }

    /**
     * The sum of the recorded values.
     *
     * @return the sum in nanoseconds
     */
    public long sumNanos() {
      return sumNanos;
    }

    /**
     * The estimated value at a quantile, in nanoseconds (0 when empty).
     *
     * @param quantile between 0 and 1
     * @return the estimate in nanoseconds
     */
    public long quantileNanos(double quantile) {
      if (count == 0) {
        return 0;
      }
      long rank = Math.max(1, (long) Math.ceil(quantile * count));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          return midpoint(i);
        }
      }
      return midpoint(counts.length - 1);
    }
  }
}
