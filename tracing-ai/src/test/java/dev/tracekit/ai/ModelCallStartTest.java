package dev.tracekit.ai;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import io.opentelemetry.semconv.ServerAttributes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ModelCallStartTest {

  @Test
  void samplerSeesRequestAttributesAndCanDrop() throws Exception {
    List<Attributes> seen = new CopyOnWriteArrayList<>();
    Sampler sampler =
        new Sampler() {
          @Override
          public SamplingResult shouldSample(
              Context parentContext,
              String traceId,
              String name,
              SpanKind spanKind,
              Attributes attributes,
              List<LinkData> parentLinks) {
            seen.add(attributes);
            return "cheap-model".equals(attributes.get(GenAiAttributes.REQUEST_MODEL))
                ? SamplingResult.drop()
                : SamplingResult.recordAndSample();
          }

          @Override
          public String getDescription() {
            return "by model";
          }
        };
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk otel =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .setSampler(sampler)
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build()) {
      AiTracing ai =
          AiTracing.builder(otel)
              .defaultProvider(GenAiAttributes.PROVIDER_AZURE_AI_OPENAI)
              .serverAddress("example.openai.azure.com", 443)
              .build();
      ai.chat("gpt-4o").maxTokens(10).temperature(0.2).call(() -> "{}");
      ai.chat("cheap-model").call(() -> "{}");
      ai.embeddings("openai", "text-embedding-3-small")
          .encodingFormats(List.of("float"))
          .call(() -> "{}");

      Attributes first = seen.get(0);
      assertThat(first.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("azure.ai.openai");
      assertThat(first.get(GenAiAttributes.OPERATION_NAME)).isEqualTo("chat");
      assertThat(first.get(GenAiAttributes.REQUEST_MAX_TOKENS)).isEqualTo(10L);
      assertThat(first.get(GenAiAttributes.REQUEST_TEMPERATURE)).isEqualTo(0.2);
      assertThat(first.get(ServerAttributes.SERVER_ADDRESS)).isEqualTo("example.openai.azure.com");
      assertThat(first.get(ServerAttributes.SERVER_PORT)).isEqualTo(443L);
      assertThat(exporter.getFinishedSpanItems())
          .extracting(s -> s.getName())
          .containsExactly("chat gpt-4o", "embeddings text-embedding-3-small");
      assertThat(exporter.getFinishedSpanItems().get(1))
          .hasAttribute(GenAiAttributes.REQUEST_ENCODING_FORMATS, List.of("float"));
    }
  }

  @Test
  void streamFailingMidwayEndsSpanAsErrorAndRethrows() {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      java.io.UncheckedIOException cut =
          new java.io.UncheckedIOException(new java.io.IOException("connection reset"));
      java.util.Iterator<String> lines =
          new java.util.Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
              if (i == 2) {
                throw cut;
              }
              return true;
            }

            @Override
            public String next() {
              i++;
              return "data: {\"id\":\"s\",\"choices\":[]}";
            }
          };
      List<String> seen = new java.util.ArrayList<>();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> {
                try (java.util.stream.Stream<String> s =
                    ai.chat("openai", "m").stream(
                        () ->
                            java.util.stream.StreamSupport.stream(
                                java.util.Spliterators.spliteratorUnknownSize(lines, 0), false),
                        OpenAiCompatible.sseLines())) {
                  s.forEach(seen::add);
                }
              })
          .isSameAs(cut);
      assertThat(seen).hasSize(2);
      assertThat(sdk.span("chat m"))
          .hasAttribute(
              io.opentelemetry.semconv.ErrorAttributes.ERROR_TYPE, "java.io.UncheckedIOException")
          .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 2L);
      assertThat(sdk.span("chat m").getAttributes().get(TracekitAiAttributes.STREAM_ABANDONED))
          .isNull();
    }
  }

  @Test
  void wholeSseBodyReadAsOneString() throws Exception {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      String body =
          "data: {\"id\":\"s1\",\"model\":\"m-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},"
              + "\"finish_reason\":null}]}\n\n"
              + "data: {\"id\":\"s1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}\n\n"
              + "data: [DONE]\n\n";
      ai.chat("openai", "m").streamRequested(true).call(() -> body);
      assertThat(sdk.span("chat m"))
          .hasAttribute(GenAiAttributes.REQUEST_STREAM, true)
          .hasAttribute(GenAiAttributes.RESPONSE_ID, "s1")
          .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
          .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 1L);
    }
  }
}
