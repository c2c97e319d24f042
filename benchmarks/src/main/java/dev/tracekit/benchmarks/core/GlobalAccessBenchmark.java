package dev.tracekit.benchmarks.core;

import dev.tracekit.api.GlobalOpenTelemetryAccess;
import dev.tracekit.api.Traces;
import dev.tracekit.api.Tracing;
import dev.tracekit.benchmarks.BenchSdk;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading the global OpenTelemetry: TraceKit's version-tolerant {@code
 * GlobalOpenTelemetryAccess.getOrNoop()} against OpenTelemetry's own {@code
 * GlobalOpenTelemetry.getOrNoop()} (the benchmark class path has 1.65.0, where it exists), with the
 * global set and not set; and {@code Traces.tracing()}, the cached hot path of the static helpers.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar GlobalAccessBenchmark -f 3 -wi 3 -i 5
 * </pre>
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GlobalAccessBenchmark {
  /** Whether an SDK is installed as the global instance. */
  @Param({"set", "unset"})
  public String global;

  private OpenTelemetrySdk sdk;

  /** Installs (or not) the SDK. */
  @Setup(Level.Trial)
  public void setUp() {
    GlobalOpenTelemetry.resetForTest();
    dev.tracekit.api.support.GlobalTracing.reset();
    sdk = BenchSdk.traces();
    if (global.equals("set")) {
      GlobalOpenTelemetry.set(sdk);
    }
  }

  /** Shuts the SDK down. */
  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
    GlobalOpenTelemetry.resetForTest();
    dev.tracekit.api.support.GlobalTracing.reset();
  }

  /** The peer: OpenTelemetry's own method (API 1.5x+ only). */
  @Benchmark
  public OpenTelemetry openTelemetryGetOrNoop() {
    return GlobalOpenTelemetry.getOrNoop();
  }

  /** TraceKit's accessor, which also works on 1.49.0 and under the agent. */
  @Benchmark
  public OpenTelemetry traceKitGetOrNoop() {
    return GlobalOpenTelemetryAccess.getOrNoop();
  }

  /** The static helpers' lookup: a volatile read once the global is set. */
  @Benchmark
  public Tracing tracesTracing() {
    return Traces.tracing();
  }
}
