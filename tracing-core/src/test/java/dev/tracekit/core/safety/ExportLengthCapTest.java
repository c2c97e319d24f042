package dev.tracekit.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.TracingSdk;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TraceKit's default 4,096-character cap on attribute values holds in what is exported, whether the
 * SDK cuts at record time (Java 23+) or TraceKit cuts on the export thread (Java 17-22).
 */
class ExportLengthCapTest {
  private static final String LONG = "x".repeat(100_000);

  @Test
  void longValuesOfSpansEventsLinksAndArraysAreCutShortOnesKept() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    List<SpanData> exported;
    try (TracingSdk sdk =
        TracingSdk.builder()
            .serviceName("cap")
            .exporters("none")
            .addSpanExporter(exporter)
            .property("otel.metrics.exporter", "none")
            .registerGlobal(false)
            .shutdownHook(false)
            .build()) {
      SpanContext linked =
          SpanContext.create(
              "0af7651916cd43dd8448eb211c80319c",
              "b7ad6b7169203331",
              TraceFlags.getSampled(),
              TraceState.getDefault());
      Span span =
          sdk.openTelemetry()
              .getTracer("cap")
              .spanBuilder("long values")
              .addLink(linked, Attributes.of(AttributeKey.stringKey("why"), LONG))
              .startSpan();
      span.setAttribute("payload", LONG);
      span.setAttribute("short", "kept");
      span.setAttribute("count", 3L);
      span.setAttribute(AttributeKey.stringArrayKey("list"), List.of("a", LONG));
      span.addEvent("event", Attributes.of(AttributeKey.stringKey("body"), LONG));
      span.end();
      assertThat(sdk.flush(java.time.Duration.ofSeconds(5))).isTrue();
      exported = exporter.getFinishedSpanItems();
    }
    SpanData span = exported.get(0);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("payload"))).hasSize(4096);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("short"))).isEqualTo("kept");
    assertThat(span.getAttributes().get(AttributeKey.longKey("count"))).isEqualTo(3L);
    assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("list")))
        .containsExactly("a", "x".repeat(4096));
    assertThat(span.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("body")))
        .hasSize(4096);
    assertThat(span.getLinks().get(0).getAttributes().get(AttributeKey.stringKey("why")))
        .hasSize(4096);
  }

  @Test
  void anApplicationLimitIsTheSdksAtRecordTime() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    List<SpanData> exported;
    try (TracingSdk sdk =
        TracingSdk.builder()
            .serviceName("cap")
            .exporters("none")
            .addSpanExporter(exporter)
            .property("otel.metrics.exporter", "none")
            .property("otel.attribute.value.length.limit", "100")
            .registerGlobal(false)
            .shutdownHook(false)
            .build()) {
      Span span = sdk.openTelemetry().getTracer("cap").spanBuilder("limited").startSpan();
      span.setAttribute("payload", LONG);
      span.end();
      assertThat(sdk.flush(java.time.Duration.ofSeconds(5))).isTrue();
      exported = exporter.getFinishedSpanItems();
    }
    assertThat(exported.get(0).getAttributes().get(AttributeKey.stringKey("payload"))).hasSize(100);
  }
}
