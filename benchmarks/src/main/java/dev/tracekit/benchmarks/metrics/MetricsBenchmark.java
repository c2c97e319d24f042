package dev.tracekit.benchmarks.metrics;

import dev.tracekit.benchmarks.BenchSdk;
import dev.tracekit.metrics.MetricsTracing;
import dev.tracekit.metrics.TracingCounter;
import dev.tracekit.metrics.TracingHistogram;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Counter add and histogram record through TraceKit against the raw OpenTelemetry instruments, on
 * one SDK meter provider (same aggregation, same attributes {@code outcome=ok, queue=ai}).
 *
 * <ul>
 *   <li>{@code raw*}: {@code LongCounter.add(1, attributes)} / {@code DoubleHistogram.record}.
 *   <li>{@code bound*}: TraceKit's pre-checked handle ({@code counter.bind("ok", "ai")}).
 *   <li>{@code checked*}: TraceKit with positional values checked and looked up on every call.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetricsBenchmark {
  private OpenTelemetrySdk sdk;
  private LongCounter rawCounter;
  private DoubleHistogram rawHistogram;
  private Attributes attributes;
  private TracingCounter counter;
  private TracingCounter.Bound boundCounter;
  private TracingHistogram histogram;
  private TracingHistogram.Bound boundHistogram;

  @Setup(Level.Trial)
  public void setUp() {
    sdk = BenchSdk.metrics();
    Meter meter = sdk.getMeter("raw");
    rawCounter = meter.counterBuilder("raw.jobs").setUnit("{job}").build();
    rawHistogram =
        meter
            .histogramBuilder("raw.latency")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(TracingHistogram.DEFAULT_SECONDS_BUCKETS)
            .build();
    attributes =
        Attributes.of(
            AttributeKey.stringKey("outcome"), "ok", AttributeKey.stringKey("queue"), "ai");

    MetricsTracing metrics = MetricsTracing.create(sdk);
    counter = metrics.counter("tracekit.jobs").unit("{job}").attributes("outcome", "queue").build();
    boundCounter = counter.bind("ok", "ai");
    histogram = metrics.histogram("tracekit.latency").attributes("outcome", "queue").build();
    boundHistogram = histogram.bind("ok", "ai");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
  }

  @Benchmark
  public void counterRaw() {
    rawCounter.add(1, attributes);
  }

  @Benchmark
  public void counterBound() {
    boundCounter.add(1);
  }

  @Benchmark
  public void counterChecked() {
    counter.add(1, "ok", "ai");
  }

  @Benchmark
  public void histogramRaw() {
    rawHistogram.record(0.123, attributes);
  }

  @Benchmark
  public void histogramBound() {
    boundHistogram.record(0.123);
  }

  @Benchmark
  public void histogramChecked() {
    histogram.record(0.123, "ok", "ai");
  }
}
