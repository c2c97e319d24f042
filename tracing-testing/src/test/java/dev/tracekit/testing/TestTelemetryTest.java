package dev.tracekit.testing;

import static dev.tracekit.testing.TracekitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.api.Traces;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestTelemetryTest {

  @Test
  void capturesWhatTheDefaultPipelineExportsIncludingRedaction() {
    try (TestTelemetry telemetry = TestTelemetry.create()) {
      telemetry
          .openTelemetry()
          .getTracer("t")
          .spanBuilder("login")
          .setAttribute("password", "hunter2")
          .setAttribute("note", "token sk-abcdefghijklmnopqrstuvwxyz0123456789")
          .startSpan()
          .end();

      SpanData login = telemetry.span("login");
      assertThat(login.getAttributes().get(AttributeKey.stringKey("password")))
          .isEqualTo("REDACTED");
      assertThat(login.getAttributes().get(AttributeKey.stringKey("note")))
          .doesNotContain("sk-abcdefghijklmnopqrstuvwxyz0123456789");
      assertThat(login.getResource().getAttribute(AttributeKey.stringKey("service.name")))
          .isEqualTo("test");
      assertThat(telemetry).hasNoSecrets().doesNotContain("hunter2");
    }
  }

  @Test
  void waitsForSpansThatEndOnAnotherThread() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    try (TestTelemetry telemetry = TestTelemetry.create()) {
      Tracer tracer = telemetry.openTelemetry().getTracer("t");
      Span job = tracer.spanBuilder("job").startSpan();
      Context context = Context.current().with(job);
      pool.submit(
          context.wrap(
              () -> {
                release.await();
                tracer.spanBuilder("step").startSpan().end();
                job.end();
                return null;
              }));
      release.countDown();
      assertThat(telemetry).hasRoot("job").hasChildren("step");
      assertThat(telemetry.awaitSpans(2)).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void waitingFailsAfterTheTimeoutPrintingWhatWasCaptured() {
    try (TestTelemetry telemetry =
        TestTelemetry.builder().timeout(Duration.ofMillis(200)).build()) {
      telemetry.openTelemetry().getTracer("t").spanBuilder("other").startSpan().end();
      assertThatThrownBy(() -> telemetry.span("missing"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("expected a span named \"missing\" within PT0.2S")
          .hasMessageContaining("Captured traces:")
          .hasMessageContaining("other [INTERNAL]");
      assertThatThrownBy(() -> telemetry.awaitSpans(3))
          .hasMessageContaining("expected at least 3 finished spans")
          .hasMessageContaining("other [INTERNAL]");
    }
  }

  @Test
  void spanByNameFailsWhenNotUnique() {
    try (TestTelemetry telemetry = TestTelemetry.create()) {
      Tracer tracer = telemetry.openTelemetry().getTracer("t");
      tracer.spanBuilder("twice").startSpan().end();
      tracer.spanBuilder("twice").startSpan().end();
      assertThat(telemetry.spans("twice")).hasSize(2);
      assertThatThrownBy(() -> telemetry.span("twice"))
          .hasMessageContaining("expected one span named \"twice\", found 2");
    }
  }

  @Test
  void readsMetricsFromTheSdk() {
    try (TestTelemetry telemetry = TestTelemetry.create()) {
      telemetry.openTelemetry().getMeter("m").counterBuilder("orders").build().add(3);
      assertThat(telemetry).metric("orders").hasValue(3);
      assertThatThrownBy(() -> telemetry.metric("absent"))
          .hasMessageContaining("expected a metric named \"absent\"")
          .hasMessageContaining("orders");
    }
  }

  @Test
  void tracksOpenSpansAndClears() {
    try (TestTelemetry telemetry = TestTelemetry.create()) {
      Span open = telemetry.openTelemetry().getTracer("t").spanBuilder("left open").startSpan();
      telemetry.openTelemetry().getTracer("t").spanBuilder("done").startSpan().end();
      assertThat(telemetry.openSpans()).extracting(SpanData::getName).containsExactly("left open");
      telemetry.clear();
      assertThat(telemetry.spans()).isEmpty();
      open.end();
      assertThat(telemetry.openSpans()).isEmpty();
      assertThat(telemetry.span("left open").hasEnded()).isTrue();
    }
  }

  @Test
  void globalInstallIsRestoredOnClose() {
    GlobalOpenTelemetry.resetForTest();
    try (TestTelemetry telemetry = TestTelemetry.builder().global(true).build()) {
      Traces.trace("global work", () -> "done");
      assertThat(telemetry).span("global work").isRoot();
    }
    assertThat(dev.tracekit.api.GlobalOpenTelemetryAccess.isSet()).isFalse();
    // TraceKit's static helpers no longer point at the closed SDK.
    assertThat(Traces.trace("after", Traces::currentTraceId)).isEmpty();
    try (TestTelemetry second = TestTelemetry.builder().global(true).build()) {
      Traces.trace("second", () -> "done");
      assertThat(second).hasSpanNames("second");
    }
  }

  @Test
  void builderFailsFastOnBadOptions() {
    assertThatThrownBy(() -> TestTelemetry.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> TestTelemetry.builder().serviceName(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestTelemetry.builder().serviceName(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void orderFixtureReadsAsATree() {
    try (TestTelemetry telemetry = TestTelemetry.create()) {
      Fixtures.orderTrace(telemetry);
      assertThat(telemetry)
          .hasRoot("POST /orders")
          .hasShape(
              """
              POST /orders
                INSERT orders
                chat gpt-4o
                  execute_tool lookup_order
              """);
      assertThat(TimeUnit.SECONDS).isNotNull();
    }
  }
}
