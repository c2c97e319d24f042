package dev.tracekit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.Tracing;
import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one-line set-up, end to end: real OTLP http/protobuf exporter into a decoding receiver. */
class TracingSdkOtlpTest {
  private OtlpReceiver receiver;

  @BeforeEach
  void start() {
    receiver = OtlpReceiver.start();
  }

  @AfterEach
  void stop() {
    receiver.close();
    GlobalOpenTelemetry.resetForTest();
    dev.tracekit.api.support.GlobalTracing.reset();
  }

  @Test
  void exportsATreeWithParentsKindsStatusEventsAndResource() {
    try (TracingSdk sdk =
        SdkFixture.builder(SdkFixture.env(receiver))
            .serviceVersion("1.4.2")
            .deploymentEnvironment("staging")
            .build()) {
      Tracing tracing = sdk.tracing();
      tracing
          .span("POST /chatwoot/webhook")
          .kind(SpanKind.SERVER)
          .run(
              () ->
                  tracing.run(
                      "chatwoot.webhook.process",
                      () -> {
                        tracing.addEvent("message.received", Map.of("chars", 42));
                        tracing.span("http.woocommerce").kind(SpanKind.CLIENT).run(() -> {});
                        try {
                          tracing.run(
                              "orders.governor.evaluate",
                              () -> {
                                throw new IllegalStateException("quota exceeded");
                              });
                        } catch (IllegalStateException expected) {
                          // recorded on the span
                        }
                      }));
    }
    List<ReceivedSpan> spans = receiver.awaitSpans(4, Duration.ofSeconds(10));
    assertThat(spans).hasSize(4);
    ReceivedSpan server = receiver.span("POST /chatwoot/webhook");
    ReceivedSpan process = receiver.span("chatwoot.webhook.process");
    ReceivedSpan client = receiver.span("http.woocommerce");
    ReceivedSpan governor = receiver.span("orders.governor.evaluate");

    assertThat(server.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(server.span().getParentSpanId().isEmpty()).isTrue();
    assertThat(process.parentSpanId()).isEqualTo(server.spanId());
    assertThat(client.parentSpanId()).isEqualTo(process.spanId());
    assertThat(client.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(governor.parentSpanId()).isEqualTo(process.spanId());
    assertThat(spans).extracting(ReceivedSpan::traceId).containsOnly(server.traceId());

    assertThat(governor.span().getStatus().getCode())
        .isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(governor.span().getStatus().getMessage()).isEqualTo("quota exceeded");
    assertThat(governor.attr("error.type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(governor.span().getEventsList())
        .extracting(Span.Event::getName)
        .contains("exception");
    assertThat(process.span().getEventsList())
        .extracting(Span.Event::getName)
        .containsExactly("message.received");

    assertThat(server.resourceAttr("service.name")).isEqualTo("test-service");
    assertThat(server.resourceAttr("service.version")).isEqualTo("1.4.2");
    assertThat(server.resourceAttr("deployment.environment.name")).isEqualTo("staging");
    assertThat(server.resourceAttr("process.pid"))
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    assertThat(server.resourceAttr("os.type")).isNotBlank();
    assertThat(server.resourceAttr("process.runtime.version")).isNotBlank();
    assertThat(server.resourceAttr("telemetry.sdk.language")).isEqualTo("java");
    assertThat(server.scope()).isEqualTo("dev.tracekit");
  }

  @Test
  void fromEnvironmentRegistersGlobally() {
    GlobalOpenTelemetry.resetForTest();
    dev.tracekit.api.support.GlobalTracing.reset();
    try (TracingSdk sdk =
        TracingSdk.builder().environment(SdkFixture.env(receiver)).shutdownHook(false).build()) {
      assertThat(dev.tracekit.api.GlobalOpenTelemetryAccess.isSet()).isTrue();
      dev.tracekit.api.Traces.run("via.global", () -> {});
      assertThat(sdk.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(receiver.awaitSpans(1, Duration.ofSeconds(5)))
          .extracting(ReceivedSpan::name)
          .contains("via.global");
    }
  }

  @Test
  void closeFlushesEverythingEndedAndIsIdempotent() {
    TracingSdk sdk =
        SdkFixture.builder(SdkFixture.env(receiver, "OTEL_BSP_SCHEDULE_DELAY", "60000")).build();
    for (int i = 0; i < 50; i++) {
      sdk.tracing().run("job", () -> {});
    }
    sdk.close();
    sdk.close();
    assertThat(receiver.awaitSpans(50, Duration.ofSeconds(5))).hasSize(50);
  }

  @Test
  void closeReturnsWithinItsTimeoutWhenTheCollectorHangs() {
    receiver.behaviour(OtlpReceiver.answerAfter(20_000));
    TracingSdk sdk =
        SdkFixture.builder(SdkFixture.env(receiver, "OTEL_BSP_SCHEDULE_DELAY", "60000"))
            .shutdownTimeout(Duration.ofMillis(1500))
            .build();
    sdk.tracing().run("stuck", () -> {});
    long start = System.nanoTime();
    sdk.close();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(millis).isLessThan(5_000);
  }

  @Test
  void closeIsOneBoundEvenWithMetricsExportingToAHungCollectorAndSaysWhatWasLost() {
    receiver.behaviour(OtlpReceiver.answerAfter(30_000));
    TracingSdk sdk =
        SdkFixture.builder(
                SdkFixture.env(
                    receiver,
                    "OTEL_METRICS_EXPORTER",
                    "otlp",
                    "OTEL_METRIC_EXPORT_INTERVAL",
                    "600000",
                    "OTEL_BSP_SCHEDULE_DELAY",
                    "60000"))
            .shutdownTimeout(Duration.ofMillis(2000))
            .build();
    sdk.tracing().run("stuck", () -> {});
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    long millis;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      long start = System.nanoTime();
      sdk.close();
      millis = (System.nanoTime() - start) / 1_000_000;
    } finally {
      System.setErr(original);
    }
    // OpenTelemetry's own shutdown blocks ~5 s on the final metric export before its result can
    // be waited on; TraceKit's bound includes that wait. Generous margin for a loaded machine.
    assertThat(millis).isBetween(1_900L, 3_500L);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("TraceKit: telemetry was not fully exported within 2000 ms")
        .doesNotContain("Exception");
  }
}
