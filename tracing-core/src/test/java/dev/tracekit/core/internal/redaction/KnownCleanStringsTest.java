package dev.tracekit.core.internal.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownCleanStringsTest {

  @Test
  void remembersShortStringsUpToTheBound() {
    KnownCleanStrings clean = new KnownCleanStrings();
    clean.add("checkout");
    clean.add("x".repeat(KnownCleanStrings.MAX_LENGTH + 1));
    assertThat(clean.contains("checkout")).isTrue();
    assertThat(clean.contains("x".repeat(KnownCleanStrings.MAX_LENGTH + 1))).isFalse();
    for (int i = 0; i < 2 * KnownCleanStrings.MAX_SIZE; i++) {
      clean.add("name-" + i);
    }
    assertThat(clean.contains("name-0")).isTrue();
    assertThat(clean.contains("name-" + (2 * KnownCleanStrings.MAX_SIZE - 1))).isFalse();
  }

  @Test
  void generatedNamesAreRenamedOnEverySpanNotOnlyTheFirst() {
    java.util.List<String> exported = new java.util.ArrayList<>();
    io.opentelemetry.sdk.trace.export.SpanExporter sink =
        new io.opentelemetry.sdk.trace.export.SpanExporter() {
          @Override
          public io.opentelemetry.sdk.common.CompletableResultCode export(
              java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
            spans.forEach(s -> exported.add(s.getName()));
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
          }

          @Override
          public io.opentelemetry.sdk.common.CompletableResultCode flush() {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
          }

          @Override
          public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
            return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
          }
        };
    io.opentelemetry.sdk.trace.SdkTracerProvider provider =
        io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
            .addSpanProcessor(
                io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(
                    dev.tracekit.core.internal.SpanNameCheck.wrap(sink, true)))
            .build();
    for (String name :
        new String[] {"GET /orders/1234", "checkout", "GET /orders/5678", "checkout"}) {
      provider.get("t").spanBuilder(name).startSpan().end();
    }
    provider.close();
    assertThat(exported)
        .containsExactly("GET /orders/{id}", "checkout", "GET /orders/{id}", "checkout");
  }
}
