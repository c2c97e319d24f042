package dev.tracekit.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tracekit.api.Tracing;
import dev.tracekit.core.testing.OtlpReceiver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Log lines written while a span is current carry its ids in the MDC (Logback, the binding of this
 * test JVM); nothing changes before TracingSdk is built or after it is closed, and OpenTelemetry's
 * context storage is never replaced. Runs in its own JVM without opentelemetry-sdk-testing (whose
 * storage provider would otherwise be the process's storage).
 */
class LogCorrelationTest {
  private final Logger log = (Logger) LoggerFactory.getLogger("app.orders");
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  @BeforeEach
  void attach() {
    appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    appender.start();
    log.setLevel(ch.qos.logback.classic.Level.INFO);
    log.addAppender(appender);
  }

  @AfterEach
  void detach() {
    log.detachAppender(appender);
  }

  @Test
  void logLinesCarryTheCurrentSpansIds() {
    String defaultStorage = ContextStorage.get().getClass().getName();
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TracingSdk sdk = SdkFixture.builder(SdkFixture.env(receiver)).build()) {
      Tracing tracing = sdk.tracing();
      AtomicReference<String> outerSpan = new AtomicReference<>();
      AtomicReference<String> innerSpan = new AtomicReference<>();
      AtomicReference<String> outerFlags = new AtomicReference<>();
      log.info("before any span");
      tracing.run(
          "outer",
          () -> {
            outerSpan.set(Span.current().getSpanContext().getSpanId());
            outerFlags.set(Span.current().getSpanContext().getTraceFlags().asHex());
            log.info("in outer");
            tracing.run(
                "inner",
                () -> {
                  innerSpan.set(Span.current().getSpanContext().getSpanId());
                  log.warn("in inner");
                });
            log.info("back in outer");
          });
      log.info("after the spans");

      List<ILoggingEvent> events = appender.list;
      assertThat(events).hasSize(5);
      assertThat(events.get(0).getMDCPropertyMap()).doesNotContainKey("trace_id");
      assertThat(events.get(1).getMDCPropertyMap())
          .containsEntry("span_id", outerSpan.get())
          .containsEntry("trace_flags", outerFlags.get())
          .containsKey("trace_id");
      assertThat(events.get(2).getMDCPropertyMap()).containsEntry("span_id", innerSpan.get());
      assertThat(events.get(2).getMDCPropertyMap().get("trace_id"))
          .isEqualTo(events.get(1).getMDCPropertyMap().get("trace_id"))
          .hasSize(32);
      assertThat(events.get(3).getMDCPropertyMap()).containsEntry("span_id", outerSpan.get());
      assertThat(events.get(4).getMDCPropertyMap())
          .doesNotContainKeys("trace_id", "span_id", "trace_flags");
      // Log correlation happens at log time: OpenTelemetry's context storage is untouched.
      assertThat(ContextStorage.get().getClass().getName()).isEqualTo(defaultStorage);
      assertThat(defaultStorage).doesNotStartWith("dev.tracekit");
    }
  }

  @Test
  void keyNamesAreConfigurableAndNothingIsWrittenAfterClose() {
    Span span;
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TracingSdk sdk =
            SdkFixture.builder(SdkFixture.env(receiver))
                .mdcKeys("traceId", "spanId", "traceFlags")
                .build()) {
      span = sdk.tracing().tracer().spanBuilder("x").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        log.info("inside");
      } finally {
        span.end();
      }
    }
    try (Scope ignored = span.makeCurrent()) {
      org.slf4j.MDC.clear();
      log.info("after close");
    }
    assertThat(appender.list.get(0).getMDCPropertyMap())
        .containsEntry("traceId", span.getSpanContext().getTraceId())
        .containsEntry("spanId", span.getSpanContext().getSpanId());
    assertThat(appender.list.get(1).getMDCPropertyMap()).doesNotContainKey("traceId");
  }

  @Test
  void offWhenAskedAndWhenNoSdkWasBuilt() {
    Span span =
        io.opentelemetry.api.OpenTelemetry.noop().getTracer("t").spanBuilder("x").startSpan();
    try (OtlpReceiver receiver = OtlpReceiver.start();
        TracingSdk sdk =
            SdkFixture.builder(SdkFixture.env(receiver)).logCorrelation(false).build()) {
      Span real = sdk.tracing().tracer().spanBuilder("x").startSpan();
      try (Scope ignored = real.makeCurrent()) {
        org.slf4j.MDC.clear();
        log.info("off");
      } finally {
        real.end();
      }
    }
    try (Scope ignored = span.makeCurrent()) {
      log.info("no sdk");
    }
    assertThat(appender.list).allSatisfy(e -> assertThat(e.getMDCPropertyMap()).isEmpty());
  }
}
