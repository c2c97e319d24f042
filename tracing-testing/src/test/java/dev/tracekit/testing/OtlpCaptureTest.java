package dev.tracekit.testing;

import static dev.tracekit.testing.SpanAssertTest.catchError;
import static dev.tracekit.testing.TracekitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.TracingSdk;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OtlpCaptureTest {
  @RegisterExtension static final TracekitExtension tracing = TracekitExtension.create();

  @Test
  void followsOneTraceIntoAnotherProcess() throws Exception {
    try (OtlpCapture otlp = OtlpCapture.start()) {
      Tracer tracer = tracing.openTelemetry().getTracer("shop");
      Span checkout = tracer.spanBuilder("checkout").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = checkout.makeCurrent()) {
        Span send = tracer.spanBuilder("send order").setSpanKind(SpanKind.PRODUCER).startSpan();
        Map<String, String> headers = new HashMap<>();
        tracing
            .openTelemetry()
            .getPropagators()
            .getTextMapPropagator()
            .inject(Context.current().with(send), headers, Map::put);
        send.end();
        runWorker(otlp, headers.get("traceparent"));
      } finally {
        checkout.end();
      }

      assertThat(tracing)
          .withSpansFrom(otlp)
          .hasOneTrace()
          .hasRoot("checkout")
          .hasShape(
              """
              checkout
                send order
                  process order
                    charge card
              """)
          .withDescendant("process order")
          .hasKind(SpanKind.CONSUMER);
      SpanData remote =
          otlp.spans().stream()
              .filter(s -> s.getName().equals("charge card"))
              .findFirst()
              .orElseThrow();
      assertThat(remote.getResource().getAttributes().asMap().toString()).contains("worker");
      assertThat(otlp).span("charge card").hasParent("process order").hasKind(SpanKind.CLIENT);
      assertThat(otlp.requestCount()).isPositive();
    }
  }

  @Test
  void capturesTracingSdkOtlpExportInProcess() {
    try (OtlpCapture otlp = OtlpCapture.start();
        TracingSdk sdk =
            TracingSdk.builder()
                .serviceName("exporter")
                .otlpEndpoint(otlp.endpoint())
                .registerGlobal(false)
                .shutdownHook(false)
                .build()) {
      sdk.tracing().run("exported", () -> sdk.tracing().setAttribute("password", "hunter2"));
      sdk.flush(Duration.ofSeconds(10));
      assertThat(otlp.awaitSpans(1, Duration.ofSeconds(10))).hasSize(1);
      assertThat(otlp).span("exported").isRoot().hasAttribute("password", "REDACTED");
      assertThat(otlp).doesNotContain("hunter2").hasNoSecrets();
      AssertionError e =
          catchError(() -> assertThat(otlp).within(Duration.ofMillis(100)).hasRoot("missing"));
      assertThat(e)
          .hasMessageContaining(
              "Expected a finished trace whose root span is \"missing\" within PT0.1S")
          .hasMessageContaining("exported [INTERNAL]");
      otlp.clear();
      assertThat(otlp.spans()).isEmpty();
    }
  }

  private static void runWorker(OtlpCapture otlp, String traceparent) throws Exception {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isBlank()) {
      classpath = System.getProperty("java.class.path");
    }
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb =
        new ProcessBuilder(java, "-cp", classpath, OtlpWorkerMain.class.getName(), traceparent)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint());
    pb.environment().put("OTEL_METRICS_EXPORTER", "none");
    Process process = pb.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("worker finished").isTrue();
    assertThat(process.exitValue()).isZero();
  }
}
