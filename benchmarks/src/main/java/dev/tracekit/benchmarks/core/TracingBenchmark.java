package dev.tracekit.benchmarks.core;

import dev.tracekit.api.Traces;
import dev.tracekit.api.Tracing;
import dev.tracekit.benchmarks.BenchSdk;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code Traces.trace} / {@code Tracing.trace} against raw OpenTelemetry span + makeCurrent + end
 * on the same SDK (always-on sampler, batch processor, no-op exporter); and the disabled path
 * against {@code OpenTelemetry.noop()}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TracingBenchmark -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracingBenchmark {
  private OpenTelemetrySdk sdk;
  private Tracer rawTracer;
  private Tracing tracing;
  private Tracer noopTracer;
  private Tracing disabled;

  /** Builds the SDK once per trial. */
  @Setup(Level.Trial)
  public void setUp() {
    sdk = BenchSdk.traces();
    GlobalOpenTelemetry.resetForTest();
    dev.tracekit.api.support.GlobalTracing.reset();
    GlobalOpenTelemetry.set(sdk);
    rawTracer = sdk.getTracer("dev.tracekit");
    tracing = Tracing.create(sdk);
    noopTracer = OpenTelemetry.noop().getTracer("dev.tracekit");
    disabled = Tracing.create(OpenTelemetry.noop());
  }

  /** Shuts the SDK down. */
  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
    GlobalOpenTelemetry.resetForTest();
    dev.tracekit.api.support.GlobalTracing.reset();
  }

  /** Raw OpenTelemetry: span, makeCurrent, end. */
  @Benchmark
  public String rawOpenTelemetry() {
    Span span = rawTracer.spanBuilder("op").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return "result";
    } finally {
      span.end();
    }
  }

  /** The instance helper. */
  @Benchmark
  public String tracingTrace() {
    return tracing.trace("op", () -> "result");
  }

  /** The static helper on the global instance. */
  @Benchmark
  public String tracesTrace() {
    return Traces.trace("op", () -> "result");
  }

  /** Raw OpenTelemetry on the no-op API. */
  @Benchmark
  public String noopRawOpenTelemetry() {
    Span span = noopTracer.spanBuilder("op").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      return "result";
    } finally {
      span.end();
    }
  }

  /** TraceKit's helper when tracing is disabled. */
  @Benchmark
  public String disabledTracingTrace() {
    return disabled.trace("op", () -> "result");
  }
}
