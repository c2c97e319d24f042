package dev.tracekit.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.redaction.RedactingSpanExporter;
import dev.tracekit.core.testing.OtlpReceiver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RedactingSpanExporterTest {
  private static final String CARD = "4111111111111111";

  private static void recordSecrets(Tracer tracer) {
    Span span =
        tracer
            .spanBuilder("checkout")
            .setAttribute("user.password", "hunter2")
            .setAttribute("http.request.header.authorization", "Bearer abcdefgh")
            .setAttribute("gen_ai.usage.input_tokens", 42L)
            .setAttribute("http.route", "/checkout")
            .startSpan();
    span.addEvent("retry", Attributes.of(AttributeKey.stringKey("token"), "t0ps3cr3t"));
    span.recordException(new IllegalStateException("card " + CARD + " declined"));
    span.setStatus(StatusCode.ERROR, "declined for Bearer abcdefgh");
    span.end();
  }

  @Test
  void redactsAttributesEventsExceptionsAndStatusBeforeExport() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(RedactingSpanExporter.create(memory)))
            .build();

    recordSecrets(provider.get("test"));

    SpanData span = memory.getFinishedSpanItems().get(0);
    Attributes attributes = span.getAttributes();
    assertThat(attributes.get(AttributeKey.stringKey("user.password"))).isEqualTo("REDACTED");
    assertThat(attributes.get(AttributeKey.stringKey("http.request.header.authorization")))
        .isEqualTo("REDACTED");
    assertThat(attributes.get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(42L);
    assertThat(attributes.get(AttributeKey.stringKey("http.route"))).isEqualTo("/checkout");
    EventData retry = span.getEvents().get(0);
    assertThat(retry.getAttributes().get(AttributeKey.stringKey("token"))).isEqualTo("REDACTED");
    EventData exception = span.getEvents().get(1);
    assertThat(exception.getName()).isEqualTo("exception");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("card REDACTED declined");
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
        .contains("card REDACTED declined")
        .doesNotContain(CARD);
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(span.getStatus().getDescription()).isEqualTo("declined for Bearer REDACTED");
    assertThat(span.getName()).isEqualTo("checkout");
    provider.shutdown();
  }

  @Test
  void cleanSpansPassThroughUnchanged() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    InMemorySpanExporter raw = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(RedactingSpanExporter.create(memory)))
            .addSpanProcessor(SimpleSpanProcessor.create(raw))
            .build();
    provider.get("test").spanBuilder("clean").setAttribute("k", "v").startSpan().end();

    assertThat(memory.getFinishedSpanItems().get(0).getAttributes())
        .isEqualTo(raw.getFinishedSpanItems().get(0).getAttributes());
    provider.shutdown();
  }

  @Test
  void nothingSecretReachesTheCollectorOverOtlp() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Pipeline p =
          Pipeline.create(
              RedactingSpanExporter.create(
                  Pipeline.otlp(receiver.endpoint(), Duration.ofSeconds(5), null)),
              1024,
              Duration.ofMillis(50),
              Duration.ofSeconds(5));
      recordSecrets(p.tracer);
      p.provider.shutdown().join(10, TimeUnit.SECONDS);

      OtlpReceiver.ReceivedSpan span = receiver.awaitSpans(1, Duration.ofSeconds(5)).get(0);
      assertThat(span.attr("user.password")).isEqualTo("REDACTED");
      assertThat(span.attr("http.request.header.authorization")).isEqualTo("REDACTED");
      assertThat(span.attr("gen_ai.usage.input_tokens")).isEqualTo("42");
      assertThat(span.span().toString())
          .doesNotContain("hunter2")
          .doesNotContain("t0ps3cr3t")
          .doesNotContain(CARD)
          .doesNotContain("abcdefgh");
      assertThat(span.span().getStatus().getMessage()).isEqualTo("declined for Bearer REDACTED");
      p.close();
    }
  }
}
