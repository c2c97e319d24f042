package dev.tracekit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.Tracing;
import dev.tracekit.core.internal.MdcContextStorageProvider;
import dev.tracekit.core.testing.OtlpReceiver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** While a span is current, SLF4J's MDC holds its ids; they are restored when the scope closes. */
class LogCorrelationTest {
  @Test
  void mdcFollowsTheCurrentSpan() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TracingSdk sdk = SdkFixture.builder(SdkFixture.env(receiver)).build()) {
      assertThat(MdcContextStorageProvider.active()).isTrue();
      Tracing tracing = sdk.tracing();
      AtomicReference<String> outerTrace = new AtomicReference<>();
      AtomicReference<String> innerSpan = new AtomicReference<>();
      AtomicReference<String> afterInner = new AtomicReference<>();
      assertThat(MDC.get("trace_id")).isNull();
      tracing.run(
          "outer",
          () -> {
            outerTrace.set(MDC.get("trace_id"));
            assertThat(MDC.get("span_id")).isEqualTo(Span.current().getSpanContext().getSpanId());
            assertThat(MDC.get("trace_flags"))
                .isEqualTo(Span.current().getSpanContext().getTraceFlags().asHex());
            String outerSpan = MDC.get("span_id");
            tracing.run("inner", () -> innerSpan.set(MDC.get("span_id")));
            afterInner.set(MDC.get("span_id"));
            assertThat(innerSpan.get()).isNotEqualTo(outerSpan);
            assertThat(afterInner.get()).isEqualTo(outerSpan);
          });
      assertThat(outerTrace.get()).hasSize(32);
      assertThat(MDC.get("trace_id")).isNull();
      assertThat(MDC.get("span_id")).isNull();
    }
  }

  @Test
  void keyNamesAreConfigurable() {
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TracingSdk sdk =
            SdkFixture.builder(SdkFixture.env(receiver))
                .mdcKeys("traceId", "spanId", "traceFlags")
                .build()) {
      Span span = sdk.tracing().tracer().spanBuilder("x").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        assertThat(MDC.get("traceId")).isEqualTo(span.getSpanContext().getTraceId());
        assertThat(MDC.get("spanId")).isEqualTo(span.getSpanContext().getSpanId());
      } finally {
        span.end();
        MdcContextStorageProvider.setKeys("trace_id", "span_id", "trace_flags");
      }
      assertThat(MDC.get("traceId")).isNull();
    }
  }
}
