package dev.tracekit.benchmarks.testing;

import static dev.tracekit.testing.TracekitAssertions.assertThat;

import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;

/**
 * What one test pays: set up an in-memory SDK, record a three-span trace, check its shape, close.
 * {@code tracekitTestTelemetry} uses tracing-testing (TraceKit's own pipeline built by {@code
 * TracingSdk.builder()}, with redaction, and a tree assertion); its peer {@code
 * otelInMemoryExporter} is the plain OpenTelemetry SDK with {@code opentelemetry-sdk-testing}'s
 * {@code InMemorySpanExporter} behind a simple processor and a hand-written parent check.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar TestTelemetryBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TestTelemetryBenchmark {

  private static void trace(Tracer tracer) {
    Span root = tracer.spanBuilder("POST /orders").startSpan();
    try (Scope ignored = root.makeCurrent()) {
      Span child = tracer.spanBuilder("save order").startSpan();
      try (Scope s = child.makeCurrent()) {
        tracer.spanBuilder("INSERT orders").startSpan().end();
      } finally {
        child.end();
      }
    } finally {
      root.end();
    }
  }

  /** tracing-testing: TestTelemetry + hasRoot/withChild. */
  @Benchmark
  public Object tracekitTestTelemetry() {
    try (TestTelemetry telemetry = TestTelemetry.create()) {
      trace(telemetry.openTelemetry().getTracer("bench"));
      return assertThat(telemetry)
          .hasRoot("POST /orders")
          .withChild("save order")
          .withChild("INSERT orders")
          .span();
    }
  }

  /** The peer: plain SDK, InMemorySpanExporter, parent ids compared by hand. */
  @Benchmark
  public Object otelInMemoryExporter() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build()) {
      trace(sdk.getTracer("bench"));
      List<SpanData> spans = exporter.getFinishedSpanItems();
      SpanData root = find(spans, "POST /orders");
      SpanData save = find(spans, "save order");
      SpanData insert = find(spans, "INSERT orders");
      if (!save.getParentSpanId().equals(root.getSpanId())
          || !insert.getParentSpanId().equals(save.getSpanId())) {
        throw new AssertionError("wrong tree");
      }
      return insert;
    }
  }

  private static SpanData find(List<SpanData> spans, String name) {
    for (SpanData s : spans) {
      if (s.getName().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no span " + name);
  }
}
