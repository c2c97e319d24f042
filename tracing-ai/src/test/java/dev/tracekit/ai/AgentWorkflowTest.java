package dev.tracekit.ai;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentWorkflowTest {

  @Test
  void multiBotConversationIsOneTrace() {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      String result =
          ai.workflowNode("lead_bot", "analyze_intent")
              .call(
                  () -> {
                    ai.chat("openai", "gpt-4o-mini").call(() -> "{\"id\":\"c1\"}");
                    return ai.handoff("lead", "buyer")
                        .confidence(0.85)
                        .reason("buyer_intent_detected")
                        .call(
                            () ->
                                ai.workflowNode("buyer_bot", "qualify_buyer")
                                    .call(
                                        () ->
                                            ai.tool("search_listings")
                                                .callId("call_42")
                                                .call(() -> "3 listings")));
                  });
      assertThat(result).isEqualTo("3 listings");

      SpanData node = sdk.span("lead_bot.analyze_intent");
      SpanData chat = sdk.span("chat gpt-4o-mini");
      SpanData handoff = sdk.span("handoff lead -> buyer");
      SpanData buyer = sdk.span("buyer_bot.qualify_buyer");
      SpanData tool = sdk.span("execute_tool search_listings");
      assertThat(sdk.spans()).extracting(SpanData::getTraceId).containsOnly(node.getTraceId());
      assertThat(chat).hasParent(node);
      assertThat(handoff).hasParent(node);
      assertThat(buyer).hasParent(handoff);
      assertThat(tool).hasParent(buyer);
      assertThat(node)
          .hasKind(SpanKind.INTERNAL)
          .hasAttribute(TracekitAiAttributes.WORKFLOW_BOT, "lead_bot")
          .hasAttribute(TracekitAiAttributes.WORKFLOW_NODE, "analyze_intent");
      assertThat(handoff)
          .hasAttribute(TracekitAiAttributes.HANDOFF_SOURCE, "lead")
          .hasAttribute(TracekitAiAttributes.HANDOFF_TARGET, "buyer")
          .hasAttribute(TracekitAiAttributes.HANDOFF_CONFIDENCE, 0.85)
          .hasAttribute(TracekitAiAttributes.HANDOFF_REASON, "buyer_intent_detected");
      assertThat(tool)
          .hasKind(SpanKind.INTERNAL)
          .hasAttribute(GenAiAttributes.OPERATION_NAME, "execute_tool")
          .hasAttribute(GenAiAttributes.TOOL_NAME, "search_listings")
          .hasAttribute(GenAiAttributes.TOOL_CALL_ID, "call_42")
          .hasAttribute(GenAiAttributes.TOOL_TYPE, "function");
      List<LongPointData> handoffs =
          List.copyOf(sdk.metric("tracekit.handoffs").getLongSumData().getPoints());
      assertThat(handoffs).hasSize(1);
      assertThat(handoffs.get(0).getValue()).isEqualTo(1);
      assertThat(handoffs.get(0).getAttributes())
          .isEqualTo(
              Attributes.of(
                  TracekitAiAttributes.HANDOFF_SOURCE,
                  "lead",
                  TracekitAiAttributes.HANDOFF_TARGET,
                  "buyer"));
    }
  }

  @Test
  void agentsInvokeAndCreate() {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      ai.agent("Math Tutor").id("asst_1").version("2").create(() -> "created");
      ai.agent("Math Tutor")
          .id("asst_1")
          .provider("openai")
          .model("gpt-4o")
          .conversationId("thread_9")
          .invoke(() -> ai.chat("openai", "gpt-4o").call(() -> "{}"));
      assertThat(sdk.span("create_agent Math Tutor"))
          .hasKind(SpanKind.CLIENT)
          .hasAttribute(GenAiAttributes.OPERATION_NAME, "create_agent")
          .hasAttribute(GenAiAttributes.PROVIDER_NAME, "_OTHER")
          .hasAttribute(GenAiAttributes.AGENT_ID, "asst_1")
          .hasAttribute(GenAiAttributes.AGENT_VERSION, "2");
      SpanData invoke = sdk.span("invoke_agent Math Tutor");
      assertThat(invoke)
          .hasKind(SpanKind.CLIENT)
          .hasAttribute(GenAiAttributes.AGENT_NAME, "Math Tutor")
          .hasAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
          .hasAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
          .hasAttribute(GenAiAttributes.CONVERSATION_ID, "thread_9");
      assertThat(sdk.span("chat gpt-4o")).hasParent(invoke);
    }
  }

  @Test
  void failingNodeRecordsErrorAndRethrows() {
    try (TestTelemetry sdk = TestTelemetry.create()) {
      AiTracing ai = AiTracing.create(sdk.openTelemetry());
      IllegalArgumentException boom = new IllegalArgumentException("bad state");
      assertThatThrownBy(
              () ->
                  ai.workflowNode("seller_bot", "qualify_seller")
                      .call(
                          () -> {
                            throw boom;
                          }))
          .isSameAs(boom);
      SpanData span = sdk.span("seller_bot.qualify_seller");
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(span)
          .hasAttribute(ErrorAttributes.ERROR_TYPE, "java.lang.IllegalArgumentException");
    }
  }

  @Test
  void noopOpenTelemetryAddsNothingAndStillRuns() throws Exception {
    AiTracing ai = AiTracing.create(io.opentelemetry.api.OpenTelemetry.noop());
    assertThat(ai.chat("openai", "gpt-4o").maxTokens(5).call(() -> "x")).isEqualTo("x");
    assertThat(ai.cache("c").lookup("k", () -> "v")).isEqualTo("v");
    assertThat(ai.mlOperation("train", "m").call(() -> 1)).isEqualTo(1);
  }
}
