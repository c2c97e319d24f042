package dev.tracekit.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.support.GlobalTracing;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TracesTest {
  @AfterEach
  void reset() {
    GlobalOpenTelemetry.resetForTest();
    GlobalTracing.reset();
  }

  @Test
  void beforeAnSdkIsInstalledNothingIsTracedAndTheGlobalIsNotLocked() {
    GlobalOpenTelemetry.resetForTest();
    GlobalTracing.reset();
    assertThat(Traces.trace("early", () -> "ran")).isEqualTo("ran");
    assertThat(Traces.tracing().isNoop()).isTrue();

    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build()) {
      GlobalOpenTelemetry.set(sdk); // would throw if the early call had locked the global
      Traces.run(
          "late",
          () -> {
            Traces.setAttribute("k", "v");
            Traces.run("late.child", () -> {});
          });
      assertThat(exporter.getFinishedSpanItems())
          .extracting(SpanData::getName)
          .containsExactly("late.child", "late");
      assertThat(Traces.tracing().isNoop()).isFalse();
    }
  }
}
