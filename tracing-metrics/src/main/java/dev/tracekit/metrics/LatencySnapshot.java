package dev.tracekit.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Latency per operation (span name) as seen in this process by a {@link SpanMetricsProcessor}:
 * count, errors, mean and estimated P50/P95/P99.
 *
 * <p>Percentiles come from a log-linear histogram with 16 buckets per power of two and are the
 * middle of the bucket holding the rank {@code ceil(q * count)}: within 1/32 (3.125%) of the
 * recorded value at that rank for durations from about 1 µs to 4.9 hours.
 */
public final class LatencySnapshot {
  private final List<Operation> operations;

  LatencySnapshot(List<Operation> operations) {
    List<Operation> sorted = new ArrayList<>(operations);
    sorted.sort(Comparator.comparing(Operation::name));
    this.operations = List.copyOf(sorted);
  }

  /**
   * Every operation seen, sorted by name ({@code _other} collects names beyond the cap).
   *
   * @return the operations
   */
  public List<Operation> operations() {
    return operations;
  }

  /**
   * One operation.
   *
   * @param name the span name
   * @return its figures, or null if no span of that name finished (or {@code name} is null)
   */
  public @Nullable Operation operation(@Nullable String name) {
    if (name == null) {
      return null;
    }
    for (Operation operation : operations) {
      if (operation.name().equals(name)) {
        return operation;
      }
    }
    return null;
  }

  /**
   * A plain-text table, one row per operation, durations in milliseconds:
   *
   * <pre>
   * operation                 count  errors  err%     p50 ms     p95 ms     p99 ms
   * webhook.process             12       1   8.3     45.100     60.200     61.000
   * </pre>
   *
   * @return the table, ending with a newline
   */
  public String toTable() {
    int width = "operation".length();
    for (Operation operation : operations) {
      width = Math.max(width, operation.name().length());
    }
    StringBuilder out = new StringBuilder();
    String format = "%-" + width + "s %8s %7s %6s %10s %10s %10s%n";
    out.append(
        String.format(
            Locale.ROOT,
            format,
            "operation",
            "count",
            "errors",
            "err%",
            "p50 ms",
            "p95 ms",
            "p99 ms"));
    for (Operation o : operations) {
      out.append(
          String.format(
              Locale.ROOT,
              format,
              o.name(),
              o.count(),
              o.errors(),
              String.format(Locale.ROOT, "%.1f", o.errorRate() * 100),
              millis(o.p50()),
              millis(o.p95()),
              millis(o.p99())));
    }
    return out.toString();
  }

  private static String millis(Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e6);
  }

  @Override
  public String toString() {
    return toTable();
  }

  /**
   * The figures of one operation.
   *
   * @param name the span name
   * @param count how many spans finished
   * @param errors how many of them had status ERROR
   * @param meanNanos the mean duration in nanoseconds
   * @param p50Nanos the estimated median in nanoseconds
   * @param p95Nanos the estimated 95th percentile in nanoseconds
   * @param p99Nanos the estimated 99th percentile in nanoseconds
   */
  public record Operation(
      String name,
      long count,
      long errors,
      long meanNanos,
      long p50Nanos,
      long p95Nanos,
      long p99Nanos) {

    /**
     * The share of spans with status ERROR.
     *
     * @return between 0 and 1 (0 when no span finished)
     */
    public double errorRate() {
      return count == 0 ? 0 : (double) errors / count;
    }

    /**
     * The median.
     *
     * @return the estimated median duration
     */
    public Duration p50() {
      return Duration.ofNanos(p50Nanos);
    }

    /**
     * The 95th percentile.
     *
     * @return the estimated 95th percentile duration
     */
    public Duration p95() {
      return Duration.ofNanos(p95Nanos);
    }

    /**
     * The 99th percentile.
     *
     * @return the estimated 99th percentile duration
     */
    public Duration p99() {
      return Duration.ofNanos(p99Nanos);
    }

    /**
     * The mean.
     *
     * @return the mean duration
     */
    public Duration mean() {
      return Duration.ofNanos(meanNanos);
    }
  }
}
