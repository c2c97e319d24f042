package dev.tracekit.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolService;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.langchain4j.internal.AgentHandler;
import dev.tracekit.langchain4j.internal.TracingChatModelListener;
import dev.tracekit.langchain4j.internal.TracingEmbeddingModelListener;
import dev.tracekit.langchain4j.internal.TracingStreamingChatModel;
import dev.tracekit.langchain4j.internal.TracingToolExecutor;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * GenAI tracing for LangChain4j, on tracing-ai's spans, metrics, cost and content-capture rules.
 *
 * <pre>{@code
 * LangChain4jTracing lc = LangChain4jTracing.create(openTelemetry);
 * ChatModel model = OpenAiChatModel.builder().apiKey(key).modelName("gpt-4o-mini")
 *     .listeners(List.of(lc.chatModelListener()))          // chat {model} spans
 *     .build();
 * Assistant assistant = lc.agent("assistant", Assistant.class,   // invoke_agent assistant
 *     AiServices.builder(Assistant.class).chatModel(model)
 *         .tools(lc.tools(new WeatherTools()))              // execute_tool {name}
 *         .build());
 * }</pre>
 *
 * <p>Streaming models: add the same listener, and wrap the model with {@link
 * #wrap(StreamingChatModel)} to also record time to first chunk and to run the handler's callbacks
 * (which arrive on the HTTP client's threads) in the caller's context.
 */
public final class LangChain4jTracing {
  private final AiTracing ai;
  private final ChatModelListener chatListener;
  private final EmbeddingModelListener embeddingListener;

  private LangChain4jTracing(AiTracing ai) {
    this.ai = ai;
    this.chatListener = new TracingChatModelListener(ai);
    this.embeddingListener = new TracingEmbeddingModelListener(ai);
  }

  /**
   * Creates an instance recording through a new {@link AiTracing} with its defaults (content
   * capture from {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT}, no price table).
   *
   * @param openTelemetry the OpenTelemetry to record with
   * @return the instance
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static LangChain4jTracing create(OpenTelemetry openTelemetry) {
    return new LangChain4jTracing(
        AiTracing.create(Objects.requireNonNull(openTelemetry, "openTelemetry")));
  }

  /**
   * Creates an instance recording through {@code ai} (its content capture, redaction, price table
   * and conventions apply).
   *
   * @param ai the GenAI tracing to record with
   * @return the instance
   * @throws NullPointerException if {@code ai} is null
   */
  public static LangChain4jTracing create(AiTracing ai) {
    return new LangChain4jTracing(Objects.requireNonNull(ai, "ai"));
  }

  /**
   * The listener to add to chat and streaming chat models ({@code .listeners(List.of(..))}): a
   * CLIENT span {@code chat {model}} per call, with request parameters, response id and model,
   * finish reasons, token usage (including prompt-cache reads and writes), errors, metrics and
   * cost. The span's parent is the context current when the call starts.
   *
   * @return the listener (one shared instance)
   */
  public ChatModelListener chatModelListener() {
    return chatListener;
  }

  /**
   * The listener to add to embedding models ({@code model.addListener(..)}): a CLIENT span {@code
   * embeddings {model}} with input tokens and dimension count.
   *
   * @return the listener (one shared instance)
   */
  public EmbeddingModelListener embeddingModelListener() {
    return embeddingListener;
  }

  /**
   * An embedding model traced with {@link #embeddingModelListener()}.
   *
   * @param model the model
   * @return the traced model
   * @throws NullPointerException if {@code model} is null
   */
  public EmbeddingModel wrap(EmbeddingModel model) {
    return Objects.requireNonNull(model, "model").addListener(embeddingListener);
  }

  /**
   * A streaming chat model whose calls, traced by {@link #chatModelListener()} (which the model
   * must carry), also record {@code gen_ai.response.time_to_first_chunk}, the chunk count and the
   * time per chunk, and whose handler callbacks run in the context of the caller.
   *
   * @param model the model, built with {@link #chatModelListener()} among its listeners
   * @return the traced model
   * @throws NullPointerException if {@code model} is null
   */
  public StreamingChatModel wrap(StreamingChatModel model) {
    Objects.requireNonNull(model, "model");
    return model instanceof TracingStreamingChatModel
        ? model
        : new TracingStreamingChatModel(model);
  }

  /**
   * The {@code @Tool} methods of {@code objectsWithTools}, each run in an {@code execute_tool
   * {name}} span (arguments and result recorded only with content capture on); pass the result to
   * {@code AiServices.builder(..).tools(..)}.
   *
   * @param objectsWithTools objects with {@code @Tool} methods
   * @return the traced tools
   * @throws NullPointerException if {@code objectsWithTools} or one of them is null
   */
  public List<AiServiceTool> tools(Object... objectsWithTools) {
    Objects.requireNonNull(objectsWithTools, "objectsWithTools");
    List<AiServiceTool> tools = new ArrayList<>();
    for (Object o : objectsWithTools) {
      for (AiServiceTool tool :
          ToolService.findTools(Objects.requireNonNull(o, "objectWithTools"))) {
        tools.add(
            tool.toBuilder()
                .toolExecutor(
                    new TracingToolExecutor(ai, tool.toolExecutor(), tool.toolSpecification()))
                .build());
      }
    }
    return tools;
  }

  /**
   * Tools given as specifications and executors, each executor run in an {@code execute_tool
   * {name}} span; pass the result to {@code AiServices.builder(..).tools(..)}.
   *
   * @param tools the tools
   * @return the traced tools, in the same order
   * @throws NullPointerException if {@code tools} is null
   */
  public Map<ToolSpecification, ToolExecutor> tools(Map<ToolSpecification, ToolExecutor> tools) {
    Objects.requireNonNull(tools, "tools");
    Map<ToolSpecification, ToolExecutor> traced = new LinkedHashMap<>();
    tools.forEach((spec, executor) -> traced.put(spec, wrap(executor, spec)));
    return traced;
  }

  /**
   * One tool executor run in {@code execute_tool {name}} spans.
   *
   * @param executor the executor
   * @param specification its specification (name and description), or null to name the span after
   *     each request's tool name
   * @return the traced executor
   * @throws NullPointerException if {@code executor} is null
   */
  public ToolExecutor wrap(ToolExecutor executor, @Nullable ToolSpecification specification) {
    Objects.requireNonNull(executor, "executor");
    return executor instanceof TracingToolExecutor
        ? executor
        : new TracingToolExecutor(ai, executor, specification);
  }

  /**
   * An AI service whose every method runs in an {@code invoke_agent {name}} span, current while the
   * service works so its model calls and tool calls become children; a {@code @MemoryId} argument
   * becomes {@code gen_ai.conversation.id}. A method returning a {@code TokenStream} keeps the span
   * open until the stream completes or fails, and starts the stream in that span.
   *
   * @param name {@code gen_ai.agent.name}
   * @param type the AI service interface
   * @param service the AI service built by {@code AiServices}
   * @param <T> the interface
   * @return the traced service
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code type} is not an interface
   */
  public <T> T agent(String name, Class<T> type, T service) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(service, "service");
    if (!type.isInterface()) {
      throw new IllegalArgumentException("type must be an interface: " + type.getName());
    }
    return AgentHandler.proxy(ai, name, type, service);
  }

  /**
   * The {@link AiTracing} this records with, for calls of your own in the same trace.
   *
   * @return the GenAI tracing
   */
  public AiTracing ai() {
    return ai;
  }
}
