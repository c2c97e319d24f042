package dev.tracekit.ai;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Operations begun in one callback and ended in another, as framework listeners report them. */
class AiSpanTest {

  @Test
  void modelCallBegunAndEndedOnAnotherThreadCarriesTheResponse() throws Exception {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      AiSpan agent = ai.agent("planner").begin();
      AiSpan chat;
      try (Scope ignored = agent.makeCurrent()) {
        chat = ai.chat("openai", "gpt-4o-mini").begin();
      }
      AiSpan call = chat;
      CompletableFuture.runAsync(
              () -> {
                call.chunk().chunk().chunk();
                call.response()
                    .responseModel("gpt-4o-mini-2024-07-18")
                    .inputTokens(12)
                    .outputTokens(40)
                    .addFinishReason("stop");
                call.end();
                call.fail(new IllegalStateException("ignored: already ended"));
              })
          .get();
      agent.end();

      SpanData chatSpan = sdk.span("chat gpt-4o-mini");
      assertThat(chatSpan)
          .hasKind(SpanKind.CLIENT)
          .hasParent(sdk.span("invoke_agent planner"))
          .hasAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 12L)
          .hasAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 40L)
          .hasAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"))
          .hasAttribute(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-mini-2024-07-18")
          .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 3L);
      assertThat(chatSpan.getAttributes().get(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK))
          .isNotNull();
      assertThat(chatSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(sdk.spans()).hasSize(2);
    }
  }

  @Test
  void failedToolAndAbandonedStream() {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      ai.tool("lookup").begin().fail(new IllegalArgumentException("no such order"));
      AiSpan stream = ai.chat("openai", "gpt-4o").begin();
      stream.chunk();
      stream.abandon();

      assertThat(sdk.span("execute_tool lookup"))
          .hasStatus(io.opentelemetry.sdk.trace.data.StatusData.error())
          .hasAttribute(ErrorAttributes.ERROR_TYPE, IllegalArgumentException.class.getName());
      assertThat(sdk.span("chat gpt-4o"))
          .hasAttribute(TracekitAiAttributes.STREAM_ABANDONED, true)
          .hasAttribute(TracekitAiAttributes.RESPONSE_CHUNK_COUNT, 1L);
    }
  }
}
