package dev.tracekit.benchmarks.metrics;

import dev.tracekit.benchmarks.BenchSdk;
import dev.tracekit.metrics.SpanMetricsProcessor;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
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
 * The cost per span of {@link SpanMetricsProcessor}: span start + end on an SDK tracer provider
 * whose only other processor does nothing, with and without the span-metrics processor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanMetricsBenchmark {
  private SdkMeterProvider meterProvider;
  private SdkTracerProvider without;
  private SdkTracerProvider with;
  private Tracer tracerWithout;
  private Tracer tracerWith;

  @Setup(Level.Trial)
  public void setUp() {
    meterProvider = BenchSdk.meterProvider();
    without =
        SdkTracerProvider.builder().addSpanProcessor(new BenchSdk.NothingProcessor(true)).build();
    with =
        SdkTracerProvider.builder()
            .addSpanProcessor(new BenchSdk.NothingProcessor(true))
            .addSpanProcessor(SpanMetricsProcessor.create(meterProvider))
            .build();
    tracerWithout = without.get("bench");
    tracerWith = with.get("bench");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    without.close();
    with.close();
    meterProvider.close();
  }

  @Benchmark
  public void spanWithoutProcessor() {
    tracerWithout.spanBuilder("worker.process").startSpan().end();
  }

  @Benchmark
  public void spanWithSpanMetrics() {
    tracerWith.spanBuilder("worker.process").startSpan().end();
  }
}
