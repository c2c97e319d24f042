package dev.tracekit.benchmarks.pipeline;

import dev.tracekit.api.Tracing;
import dev.tracekit.core.TracingSdk;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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
 * What a user gets: TraceKit's default {@link TracingSdk} pipeline with {@code Tracing.trace}
 * against a raw OpenTelemetry SDK (parent-based always-on sampler, batch processor, default context
 * storage) written by hand with the raw API. Each {@code pipeline} value runs in its own fork, so
 * the raw fork never builds TraceKit's SDK; both export to OpenTelemetry's no-op exporter (the
 * empty {@link SpanExporter#composite}). {@link PairedRun} runs the two forks back to back several
 * times and reports the median ratio.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.tracekit.benchmarks.pipeline.PairedRun
 * </pre>
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBenchmark {
  /** {@code raw} or {@code tracekit}. */
  @Param({"raw", "tracekit"})
  public String pipeline;

  private OpenTelemetrySdk raw;
  private TracingSdk tracekit;
  private Tracer tracer;
  private Tracing tracing;
  private boolean useTraceKit;

  /** Builds one of the two pipelines. */
  @Setup(Level.Trial)
  public void setUp() {
    useTraceKit = pipeline.equals("tracekit");
    OpenTelemetry otel;
    if (useTraceKit) {
      tracekit =
          TracingSdk.builder()
              .serviceName("bench")
              .exporters("none")
              .addSpanExporter(SpanExporter.composite())
              // Metrics are exported every minute, not per span; off so no collector is needed.
              .property("otel.metrics.exporter", "none")
              .registerGlobal(false)
              .shutdownHook(false)
              .build();
      otel = tracekit.openTelemetry();
    } else {
      raw =
          OpenTelemetrySdk.builder()
              .setTracerProvider(
                  SdkTracerProvider.builder()
                      .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                      .addSpanProcessor(
                          BatchSpanProcessor.builder(SpanExporter.composite()).build())
                      .build())
              .build();
      otel = raw;
    }
    tracer = otel.getTracer("bench");
    tracing = Tracing.create(otel);
  }

  /** Shuts the pipeline down. */
  @TearDown(Level.Trial)
  public void tearDown() {
    if (tracekit != null) {
      if (Boolean.getBoolean("bench.status")) {
        System.err.println("STATUS " + tracekit.status());
      }
      tracekit.close();
    }
    if (raw != null) {
      raw.close();
    }
  }

  /** One span with five attributes, made current and ended. */
  @Benchmark
  public Object oneSpan() {
    return useTraceKit ? tracekitOne("checkout") : rawOne("checkout");
  }

  /** Three nested spans, each with five attributes. */
  @Benchmark
  public Object threeNested() {
    if (useTraceKit) {
      return tracing.trace(
          "outer",
          span -> {
            attributes(span);
            return tracing.trace(
                "middle",
                s2 -> {
                  attributes(s2);
                  return tracekitOne("inner");
                });
          });
    }
    Span outer = tracer.spanBuilder("outer").startSpan();
    try (Scope ignored = outer.makeCurrent()) {
      attributes(outer);
      Span middle = tracer.spanBuilder("middle").startSpan();
      try (Scope ignored2 = middle.makeCurrent()) {
        attributes(middle);
        return rawOne("inner");
      } finally {
        middle.end();
      }
    } finally {
      outer.end();
    }
  }

  private Object tracekitOne(String name) {
    return tracing.trace(
        name,
        span -> {
          attributes(span);
          return span;
        });
  }

  private Object rawOne(String name) {
    Span span = tracer.spanBuilder(name).startSpan();
    try (Scope ignored = span.makeCurrent()) {
      attributes(span);
      return span;
    } finally {
      span.end();
    }
  }

  private static void attributes(Span span) {
    span.setAttribute("order.id", 12345L);
    span.setAttribute("customer.tier", "gold");
    span.setAttribute("cart.items", 3L);
    span.setAttribute("payment.method", "card");
    span.setAttribute("order.express", true);
  }
}
