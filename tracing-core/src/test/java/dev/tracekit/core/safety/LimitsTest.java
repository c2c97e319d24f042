package dev.tracekit.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsTest {
  private static final String HUGE = "x".repeat(1_000_000);

  private static void recordHugeSpan(io.opentelemetry.api.trace.Tracer tracer) {
    Span span = tracer.spanBuilder("huge").setAttribute("big", HUGE).startSpan();
    for (int i = 0; i < 20_000; i++) {
      span.setAttribute("attr." + i, i);
    }
    for (int i = 0; i < 1_000; i++) {
      span.addEvent("event-" + i);
    }
    span.end();
  }

  @Test
  void defaultsTruncateLongValuesAndCapCounts() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setSpanLimits(TracekitLimits.defaults())
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();

    recordHugeSpan(provider.get("limits"));

    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("big"))).hasSize(4096);
    assertThat(span.getAttributes().size()).isEqualTo(128);
    assertThat(span.getTotalAttributeCount()).isEqualTo(20_001);
    assertThat(span.getEvents()).hasSize(128);
    assertThat(span.getTotalRecordedEvents()).isEqualTo(1_000);
    assertThat(SpanLimits.getDefault().getMaxAttributeValueLength()).isEqualTo(Integer.MAX_VALUE);
    provider.shutdown();
  }

  @Test
  void defaultPropertiesApplyThroughAutoconfigureAndStandardVariablesWin() {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("otel.traces.exporter", "none");
    overrides.put("otel.metrics.exporter", "none");
    overrides.put("otel.logs.exporter", "none");
    InMemorySpanExporter exporter = InMemorySpanExporter.create();

    OpenTelemetrySdk sdk = autoconfigure(overrides, exporter);
    try {
      recordHugeSpan(sdk.getTracer("limits"));
      SpanData span = exporter.getFinishedSpanItems().get(0);
      assertThat(span.getAttributes().get(AttributeKey.stringKey("big"))).hasSize(4096);
      assertThat(span.getAttributes().size()).isEqualTo(128);
    } finally {
      sdk.close();
    }

    // OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT (here as its property) overrides TraceKit's default
    overrides.put("otel.attribute.value.length.limit", "100");
    InMemorySpanExporter second = InMemorySpanExporter.create();
    sdk = autoconfigure(overrides, second);
    try {
      recordHugeSpan(sdk.getTracer("limits"));
      assertThat(
              second
                  .getFinishedSpanItems()
                  .get(0)
                  .getAttributes()
                  .get(AttributeKey.stringKey("big")))
          .hasSize(100);
    } finally {
      sdk.close();
    }
  }

  private static OpenTelemetrySdk autoconfigure(
      Map<String, String> overrides, InMemorySpanExporter exporter) {
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(TracekitLimits::defaultProperties)
        .addPropertiesSupplier(() -> overrides)
        .addTracerProviderCustomizer(
            (builder, config) -> builder.addSpanProcessor(SimpleSpanProcessor.create(exporter)))
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
  }
}
