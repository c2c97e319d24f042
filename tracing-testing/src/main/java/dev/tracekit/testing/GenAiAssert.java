package dev.tracekit.testing;

import dev.tracekit.testing.internal.SpanTexts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a GenAI span as TraceKit's {@code tracing-ai} records it (OpenTelemetry GenAI
 * semantic conventions): operation, provider, model, token usage, finish reasons, tool calls, and
 * whether message content was captured. Reached through {@link SpanAssert#genAi()}.
 *
 * <pre>{@code
 * assertThat(telemetry).span("chat gpt-4o").genAi()
 *     .hasOperation("chat").hasProvider("openai").hasModel("gpt-4o")
 *     .hasTokens(12, 30).hasFinishReasons("stop").hasNoContent();
 * }</pre>
 */
public final class GenAiAssert extends AbstractAssert<GenAiAssert, SpanData> {
  static final String OPERATION_NAME = "gen_ai.operation.name";
  static final String PROVIDER_NAME = "gen_ai.provider.name";
  static final String REQUEST_MODEL = "gen_ai.request.model";
  static final String RESPONSE_MODEL = "gen_ai.response.model";
  static final String INPUT_TOKENS = "gen_ai.usage.input_tokens";
  static final String OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
  static final String FINISH_REASONS = "gen_ai.response.finish_reasons";
  static final String TOOL_NAME = "gen_ai.tool.name";

  /** Keys that hold message or tool content, recorded only when content capture is on. */
  static final List<String> CONTENT_KEYS =
      List.of(
          "gen_ai.input.messages",
          "gen_ai.output.messages",
          "gen_ai.system_instructions",
          "gen_ai.tool.call.arguments",
          "gen_ai.tool.call.result");

  private final SpanAssert span;

  GenAiAssert(SpanAssert span) {
    super(span.span(), GenAiAssert.class);
    this.span = span;
  }

  /**
   * Goes back to the span assertions.
   *
   * @return the span assertions
   */
  public SpanAssert and() {
    return span;
  }

  private GenAiAssert has(String key, Object value) {
    Object found = SpanTexts.attribute(actual.getAttributes(), key);
    if (!SpanTexts.matches(found, value)) {
      span.fail(
          "Expected GenAI span \""
              + actual.getName()
              + "\" to have "
              + key
              + "="
              + SpanTexts.show(value)
              + ", but it is "
              + SpanTexts.show(found));
    }
    return this;
  }

  /**
   * Checks {@code gen_ai.operation.name}, for example {@code chat}, {@code embeddings}, {@code
   * execute_tool}.
   *
   * @param operation the expected operation
   * @return this
   */
  public GenAiAssert hasOperation(String operation) {
    return has(OPERATION_NAME, Objects.requireNonNull(operation, "operation"));
  }

  /**
   * Checks {@code gen_ai.provider.name}, for example {@code openai}.
   *
   * @param provider the expected provider
   * @return this
   */
  public GenAiAssert hasProvider(String provider) {
    return has(PROVIDER_NAME, Objects.requireNonNull(provider, "provider"));
  }

  /**
   * Checks the requested model ({@code gen_ai.request.model}).
   *
   * @param model the expected model
   * @return this
   */
  public GenAiAssert hasModel(String model) {
    return has(REQUEST_MODEL, Objects.requireNonNull(model, "model"));
  }

  /**
   * Checks the model that answered ({@code gen_ai.response.model}).
   *
   * @param model the expected model
   * @return this
   */
  public GenAiAssert hasResponseModel(String model) {
    return has(RESPONSE_MODEL, Objects.requireNonNull(model, "model"));
  }

  /**
   * Checks {@code gen_ai.usage.input_tokens}.
   *
   * @param tokens the expected count
   * @return this
   */
  public GenAiAssert hasInputTokens(long tokens) {
    return has(INPUT_TOKENS, tokens);
  }

  /**
   * Checks {@code gen_ai.usage.output_tokens}.
   *
   * @param tokens the expected count
   * @return this
   */
  public GenAiAssert hasOutputTokens(long tokens) {
    return has(OUTPUT_TOKENS, tokens);
  }

  /**
   * Checks both token counts.
   *
   * @param input the expected input tokens
   * @param output the expected output tokens
   * @return this
   */
  public GenAiAssert hasTokens(long input, long output) {
    return hasInputTokens(input).hasOutputTokens(output);
  }

  /**
   * Checks {@code gen_ai.response.finish_reasons}, in order.
   *
   * @param reasons the expected reasons, for example {@code stop}
   * @return this
   */
  public GenAiAssert hasFinishReasons(String... reasons) {
    Objects.requireNonNull(reasons, "reasons");
    return has(FINISH_REASONS, Arrays.asList(reasons));
  }

  /**
   * Checks that a tool with this name was executed under this span ({@code execute_tool} span with
   * {@code gen_ai.tool.name}).
   *
   * @param toolName the tool's name
   * @return this
   */
  public GenAiAssert hasToolCall(String toolName) {
    Objects.requireNonNull(toolName, "toolName");
    List<String> tools = new ArrayList<>();
    for (SpanData s : span.forest().subtree(actual)) {
      String name = s.getAttributes().get(AttributeKey.stringKey(TOOL_NAME));
      if (s != actual && name != null) {
        if (name.equals(toolName)) {
          return this;
        }
        tools.add(name);
      }
    }
    span.fail(
        "Expected a tool call \""
            + toolName
            + "\" under GenAI span \""
            + actual.getName()
            + "\", but the tools called are "
            + tools);
    return this;
  }

  /**
   * Checks that no message or tool content was recorded (TraceKit's default: content is off unless
   * captured on purpose): none of {@code gen_ai.input.messages}, {@code gen_ai.output.messages},
   * {@code gen_ai.system_instructions}, {@code gen_ai.tool.call.arguments}, {@code
   * gen_ai.tool.call.result}.
   *
   * @return this
   */
  public GenAiAssert hasNoContent() {
    List<String> present = new ArrayList<>();
    for (String key : CONTENT_KEYS) {
      if (SpanTexts.attribute(actual.getAttributes(), key) != null) {
        present.add(key);
      }
    }
    if (!present.isEmpty()) {
      span.fail(
          "Expected GenAI span \""
              + actual.getName()
              + "\" to record no content, but it has "
              + present);
    }
    return this;
  }

  /**
   * Checks that message content was captured ({@code gen_ai.input.messages} or {@code
   * gen_ai.output.messages}), for tests of opt-in content capture.
   *
   * @return this
   */
  public GenAiAssert hasContent() {
    if (SpanTexts.attribute(actual.getAttributes(), CONTENT_KEYS.get(0)) == null
        && SpanTexts.attribute(actual.getAttributes(), CONTENT_KEYS.get(1)) == null) {
      span.fail(
          "Expected GenAI span \""
              + actual.getName()
              + "\" to have captured content (gen_ai.input.messages or gen_ai.output.messages),"
              + " but it has none");
    }
    return this;
  }
}
