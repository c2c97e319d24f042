package dev.tracekit.core.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.redaction.SpanNameGuard;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpanNameGuardTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "lead_bot.contact_12345|lead_bot.contact_{id}",
        "process_98765|process_{id}",
        "GET /users/8f14e45f-ceea-467f-a0e6-5b1c2d3e4f50/orders|GET /users/{uuid}/orders",
        "notify bob.smith@example.com|notify {email}",
        "job deadbeef1234|job {id}",
        "GET /reports/2024/summary|GET /reports/{id}/summary",
        "order12345x|order{id}x",
      })
  void generatedLookingPartsAreNormalised(String name, String expected) {
    assertThat(SpanNameGuard.normalise(name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "lead_bot.analyze_intent",
        "GET /api/v1/webhooks/ghl",
        "POST /users/{id}",
        "SELECT orders",
        "http2 ipv4 oauth2 s3 h264",
        "handoff.lead_to_buyer",
        "decade",
        "abc123",
      })
  void staticNamesAreLeftAlone(String name) {
    assertThat(SpanNameGuard.normalise(name)).isSameAs(name);
  }

  @Test
  void reportsOncePerPatternAndOptionallyRenames() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider reporting =
        SdkTracerProvider.builder()
            .addSpanProcessor(SpanNameGuard.reporting())
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    reporting.get("t").spanBuilder("lead_bot.contact_12345").startSpan().end();
    reporting.get("t").spanBuilder("lead_bot.contact_67890").startSpan().end();

    assertThat(Diagnostics.wasReported("span-name-cardinality:lead_bot.contact_{id}")).isTrue();
    assertThat(exporter.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactly("lead_bot.contact_12345", "lead_bot.contact_67890");

    exporter.reset();
    SdkTracerProvider renaming =
        SdkTracerProvider.builder()
            .addSpanProcessor(SpanNameGuard.renaming())
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    renaming.get("t").spanBuilder("seller_bot.contact_55555").startSpan().end();
    renaming.get("t").spanBuilder("seller_bot.qualify").startSpan().end();

    assertThat(exporter.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactly("seller_bot.contact_{id}", "seller_bot.qualify");
    reporting.shutdown();
    renaming.shutdown();
  }
}
