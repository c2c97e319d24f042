package dev.tracekit.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.support.GlobalTracing;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The global accessor on whichever OpenTelemetry API version the build runs with. */
class GlobalOpenTelemetryAccessTest {
  @BeforeEach
  @AfterEach
  void reset() {
    GlobalOpenTelemetry.resetForTest();
    GlobalTracing.reset();
  }

  @Test
  void readsTheStateWithoutLockingTheGlobalToANoop() {
    assertThat(GlobalOpenTelemetryAccess.isSet()).isFalse();
    assertThat(GlobalOpenTelemetryAccess.getIfSet()).isNull();
    assertThat(GlobalOpenTelemetryAccess.getOrNoop()).isSameAs(OpenTelemetry.noop());

    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build()) {
      GlobalOpenTelemetry.set(sdk); // throws if an earlier read had fixed the global
      assertThat(GlobalOpenTelemetryAccess.isSet()).isTrue();
      OpenTelemetry global = GlobalOpenTelemetryAccess.getIfSet();
      assertThat(global).isNotNull().isSameAs(GlobalOpenTelemetry.get());
      assertThat(GlobalOpenTelemetryAccess.getOrNoop()).isSameAs(global);
      global.getTracer("t").spanBuilder("through.global").startSpan().end();
      assertThat(exporter.getFinishedSpanItems())
          .extracting(SpanData::getName)
          .containsExactly("through.global");
    }
  }

  @Test
  void aGlobalFixedToANoopByGetCountsAsSet() {
    GlobalOpenTelemetry.get(); // someone else locked it (1.49 returns the bare no-op this once)
    assertThat(GlobalOpenTelemetryAccess.isSet()).isTrue();
    assertThat(GlobalOpenTelemetryAccess.getIfSet()).isSameAs(GlobalOpenTelemetry.get());
  }

  @Test
  void usesTheRealMethodWhenTheApiHasItAndTheFieldOtherwise() throws Exception {
    String version =
        Resource.getDefault().getAttribute(AttributeKey.stringKey("telemetry.sdk.version"));
    boolean hasGetOrNoop;
    try {
      GlobalOpenTelemetry.class.getMethod("getOrNoop");
      hasGetOrNoop = true;
    } catch (NoSuchMethodException e) {
      hasGetOrNoop = false;
    }
    assertThat(GlobalOpenTelemetryAccess.strategy())
        .as("OpenTelemetry %s", version)
        .isEqualTo(hasGetOrNoop ? "method" : "field");
    if ("1.49.0".equals(version)) {
      assertThat(GlobalOpenTelemetryAccess.strategy()).isEqualTo("field");
    }
    if ("1.67.0".equals(version)) {
      assertThat(GlobalOpenTelemetryAccess.strategy()).isEqualTo("method");
    }
  }

  @Test
  void globalHelpersThrowNothingBeforeOrAfterAnSdkIsInstalled() {
    assertThat(Traces.trace("before", () -> 1)).isEqualTo(1);
    assertThat(TraceCarrier.global().toMap()).isEmpty();
    Workflows.global();
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build()) {
      GlobalOpenTelemetry.set(sdk);
      GlobalTracing.reset();
      Traces.run("after", () -> assertThat(TraceCarrier.global().toMap()).isNotEmpty());
      assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName).contains("after");
    }
  }
}
