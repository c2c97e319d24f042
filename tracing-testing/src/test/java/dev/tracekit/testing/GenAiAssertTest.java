package dev.tracekit.testing;

import static dev.tracekit.testing.SpanAssertTest.catchError;
import static dev.tracekit.testing.TracekitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GenAiAssertTest {
  @RegisterExtension static final TracekitExtension tracing = TracekitExtension.create();

  private GenAiAssert chat() {
    Fixtures.orderTrace(tracing.telemetry());
    return assertThat(tracing).hasRoot("POST /orders").withChild("chat gpt-4o").genAi();
  }

  @Test
  void passesOnWhatTheSpanRecorded() {
    chat()
        .hasOperation("chat")
        .hasProvider("openai")
        .hasModel("gpt-4o")
        .hasResponseModel("gpt-4o-2024-08-06")
        .hasTokens(12, 30)
        .hasFinishReasons("stop")
        .hasToolCall("lookup_order")
        .hasNoContent()
        .and()
        .hasParent("POST /orders");
  }

  @Test
  void tokenFailureSaysExpectedAndActualAndPrintsTheTree() {
    GenAiAssert chat = chat();
    AssertionError e = catchError(() -> chat.hasTokens(12, 31));
    assertThat(e)
        .hasMessageContaining(
            "Expected GenAI span \"chat gpt-4o\" to have gen_ai.usage.output_tokens=31, but it is 30")
        .hasMessageContaining("Actual trace:")
        .hasMessageContaining("    chat gpt-4o [CLIENT]   <-- here");
    e = catchError(() -> chat.hasInputTokens(5));
    assertThat(e).hasMessageContaining("gen_ai.usage.input_tokens=5, but it is 12");
  }

  @Test
  void modelProviderOperationFinishReasonFailures() {
    GenAiAssert chat = chat();
    assertThat(catchError(() -> chat.hasModel("gpt-4o-mini")))
        .hasMessageContaining("gen_ai.request.model=\"gpt-4o-mini\", but it is \"gpt-4o\"");
    assertThat(catchError(() -> chat.hasResponseModel("gpt-4o")))
        .hasMessageContaining("gen_ai.response.model=\"gpt-4o\", but it is \"gpt-4o-2024-08-06\"");
    assertThat(catchError(() -> chat.hasProvider("anthropic")))
        .hasMessageContaining("gen_ai.provider.name=\"anthropic\", but it is \"openai\"");
    assertThat(catchError(() -> chat.hasOperation("embeddings")))
        .hasMessageContaining("gen_ai.operation.name=\"embeddings\", but it is \"chat\"");
    assertThat(catchError(() -> chat.hasFinishReasons("length")))
        .hasMessageContaining("gen_ai.response.finish_reasons=[length], but it is [stop]");
  }

  @Test
  void toolCallAndContentFailures() {
    GenAiAssert chat = chat();
    assertThat(catchError(() -> chat.hasToolCall("cancel_order")))
        .hasMessageContaining(
            "Expected a tool call \"cancel_order\" under GenAI span \"chat gpt-4o\", but the tools"
                + " called are [lookup_order]")
        .hasMessageContaining("      execute_tool lookup_order [INTERNAL]");
    assertThat(catchError(chat::hasContent))
        .hasMessageContaining(
            "to have captured content (gen_ai.input.messages or gen_ai.output.messages), but it"
                + " has none");
    tracing
        .openTelemetry()
        .getTracer("t")
        .spanBuilder("chat captured")
        .setAttribute("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[]}]")
        .startSpan()
        .end();
    GenAiAssert captured = assertThat(tracing).span("chat captured").genAi().hasContent();
    assertThat(catchError(captured::hasNoContent))
        .hasMessageContaining(
            "Expected GenAI span \"chat captured\" to record no content, but it has"
                + " [gen_ai.input.messages]");
  }
}
