package dev.tracekit.ai;

import static dev.tracekit.testing.TracekitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** tracing-testing's GenAI assertions read the keys this module records. */
class GenAiAssertionsTest {
  @RegisterExtension static final TracekitExtension tracing = TracekitExtension.create();

  private static final String RESPONSE =
      "{\"id\":\"r1\",\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30}}";

  @Test
  void agentChatAndToolReadAsRecorded() throws Exception {
    AiTracing ai = AiTracing.create(tracing.openTelemetry());
    ai.agent("support")
        .invoke(
            () -> {
              ai.chat("openai", "gpt-4o")
                  .message("user", "where is order 42?")
                  .call(() -> RESPONSE);
              return ai.tool("lookup_order").callId("call_1").call(() -> "shipped");
            });

    assertThat(tracing)
        .hasRoot("invoke_agent support")
        .genAi()
        .hasOperation(GenAiAttributes.OPERATION_INVOKE_AGENT)
        .hasToolCall("lookup_order")
        .and()
        .withChild("chat gpt-4o")
        .hasKind(SpanKind.CLIENT)
        .genAi()
        .hasOperation(GenAiAttributes.OPERATION_CHAT)
        .hasProvider(GenAiAttributes.PROVIDER_OPENAI)
        .hasModel("gpt-4o")
        .hasResponseModel("gpt-4o-2024-08-06")
        .hasTokens(12, 30)
        .hasFinishReasons("stop")
        .hasNoContent();
    assertThat(tracing).isSafe().doesNotContain("where is order 42?");
    assertThat(tracing)
        .metric(GenAiAttributes.METRIC_TOKEN_USAGE)
        .hasHistogramCount(
            1, io.opentelemetry.api.common.Attributes.of(GenAiAttributes.TOKEN_TYPE, "input"));
  }

  @Test
  void capturedContentIsSeen() throws Exception {
    AiTracing ai = AiTracing.builder(tracing.openTelemetry()).captureContent(true).build();
    ai.chat("openai", "gpt-4o").message("user", "hello").call(() -> RESPONSE);
    assertThat(tracing).span("chat gpt-4o").genAi().hasContent();
    assertThatThrownBy(() -> assertThat(tracing).span("chat gpt-4o").genAi().hasNoContent())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("gen_ai.input.messages");
  }
}
