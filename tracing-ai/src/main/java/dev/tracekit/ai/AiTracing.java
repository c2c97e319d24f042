package dev.tracekit.ai;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.semconv.SchemaUrls;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * GenAI tracing on the OpenTelemetry GenAI semantic conventions (v1.41): model calls (chat, text
 * completion, embeddings; plain and streamed), tools, agents, agent-workflow nodes and handoffs,
 * semantic caches and ML operations, with the {@code gen_ai.client.*} metrics.
 *
 * <pre>{@code
 * AiTracing ai = AiTracing.create(openTelemetry);
 * HttpResponse<String> r = ai.chat("openai", "gpt-4o").maxTokens(1000).temperature(0.7)
 *     .server(URI.create("https://api.openai.com"))
 *     .call(() -> http.send(request, BodyHandlers.ofString()));   // read by the wire-format extractor
 * }</pre>
 *
 * <p>Prompts and completions are never recorded unless content capture is on ({@code
 * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true} or {@link
 * AiTracingBuilder#captureContent(boolean)}); then they are redacted and capped. Nothing here
 * throws into the caller at run time; the work's own exceptions pass through unchanged.
 */
public final class AiTracing {
  static final String SCOPE = "dev.tracekit.ai";

  /**
   * The conventions the GenAI spans and metrics follow: the GenAI semantic conventions of
   * semantic-conventions 1.41.0.
   */
  static final String SCHEMA_URL = SchemaUrls.V1_41_0;

  private final AiRecorder recorder;
  private final @Nullable String defaultProvider;
  private static final int MAX_CACHES = 256;
  private final Map<String, TracingSemanticCache> caches = new ConcurrentHashMap<>();

  AiTracing(AiRecorder recorder, @Nullable String defaultProvider) {
    this.recorder = recorder;
    this.defaultProvider = defaultProvider;
  }

  /**
   * Creates an instance with the defaults (content capture from the environment, no price table).
   *
   * @param openTelemetry the OpenTelemetry to record with
   * @return the instance
   */
  public static AiTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * Starts a builder.
   *
   * @param openTelemetry the OpenTelemetry to record with
   * @return the builder
   */
  public static AiTracingBuilder builder(OpenTelemetry openTelemetry) {
    return new AiTracingBuilder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Whether prompts and completions are recorded.
   *
   * @return true when content capture is on
   */
  public boolean captureContent() {
    return recorder.captureContent;
  }

  /**
   * Describes a chat call ({@code gen_ai.operation.name=chat}).
   *
   * @param provider {@code gen_ai.provider.name}, for example {@code openai}, {@code
   *     azure.ai.openai}, {@code aws.bedrock}, {@code anthropic}, {@code groq}
   * @param model {@code gen_ai.request.model}
   * @return the call to configure and run
   */
  public ModelCall chat(String provider, String model) {
    return operation("chat", provider, model);
  }

  /**
   * Describes a chat call with the builder's default provider.
   *
   * @param model {@code gen_ai.request.model}
   * @return the call to configure and run
   */
  public ModelCall chat(String model) {
    return operation("chat", null, model);
  }

  /**
   * Describes a legacy text completion call ({@code text_completion}).
   *
   * @param provider the provider
   * @param model the model
   * @return the call to configure and run
   */
  public ModelCall textCompletion(String provider, String model) {
    return operation("text_completion", provider, model);
  }

  /**
   * Describes an embeddings call ({@code embeddings {model}}; dimension count and input tokens are
   * read from the result).
   *
   * @param provider the provider
   * @param model the model
   * @return the call to configure and run
   */
  public ModelCall embeddings(String provider, String model) {
    return operation("embeddings", provider, model);
  }

  /**
   * Describes a model call with any {@code gen_ai.operation.name} (for example {@code
   * generate_content}).
   *
   * @param operation the operation name
   * @param provider the provider, or null for the builder's default
   * @param model the model
   * @return the call to configure and run
   */
  public ModelCall operation(String operation, @Nullable String provider, String model) {
    String p = provider != null ? provider : defaultProvider != null ? defaultProvider : "_OTHER";
    return new ModelCall(
        recorder, operation == null ? "chat" : operation, p, model == null ? "unknown" : model);
  }

  /**
   * Traces a chat completion in the shape of {@code traceAIChatCompletion(provider, model, fn,
   * options)}: {@code ai.traceChatCompletion("openai", "gpt-4", fn, o -> o.messages(3)
   * .maxTokens(1000).temperature(0.7).userId("user-123").organizationId("org-456"))}.
   *
   * @param provider the provider
   * @param model the model
   * @param fn the call; its result is read by the automatic extractor
   * @param options sets request options on the call, may be null
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> R traceChatCompletion(
      String provider, String model, AiCallable<R, E> fn, @Nullable Consumer<ModelCall> options)
      throws E {
    ModelCall call = chat(provider, model);
    if (options != null) {
      options.accept(call);
    }
    return call.call(fn);
  }

  /**
   * Describes a tool execution ({@code execute_tool {name}}).
   *
   * @param name {@code gen_ai.tool.name}
   * @return the tool call to configure and run
   */
  public ToolCall tool(String name) {
    return new ToolCall(recorder, name == null ? "unknown" : name);
  }

  /**
   * Runs a function tool in an {@code execute_tool {name}} span.
   *
   * @param name the tool's name
   * @param callId the model's id of the call, may be null
   * @param fn the tool
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> R executeTool(
      String name, @Nullable String callId, AiCallable<R, E> fn) throws E {
    return tool(name).callId(callId).call(fn);
  }

  /**
   * Describes an agent ({@code invoke_agent {name}} / {@code create_agent {name}}).
   *
   * @param name {@code gen_ai.agent.name}
   * @return the agent call to configure and run
   */
  public AgentCall agent(String name) {
    return new AgentCall(recorder, name == null ? "unknown" : name);
  }

  /**
   * Runs an in-process agent in an {@code invoke_agent {name}} span.
   *
   * @param name the agent's name
   * @param fn the agent's work
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> R invokeAgent(String name, AiCallable<R, E> fn) throws E {
    return agent(name).invoke(fn);
  }

  /**
   * Runs one node of an agent workflow (the style of {@code @trace_workflow_node(bot, node)}) in an
   * INTERNAL span {@code {bot}.{node}} with {@code tracekit.workflow.bot} / {@code
   * tracekit.workflow.node}. Use static node names; put ids in attributes.
   *
   * @param bot the bot (agent) running the node, for example {@code lead_bot}
   * @param node the node, for example {@code analyze_intent}
   * @param fn the node's work
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> R workflowNode(String bot, String node, AiCallable<R, E> fn)
      throws E {
    io.opentelemetry.api.trace.SpanBuilder builder =
        recorder
            .tracer
            .spanBuilder(recorder.spanName(GenAiConvention.WORKFLOW_NODE, bot + "." + node))
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(TracekitAiAttributes.WORKFLOW_BOT, bot)
            .setAttribute(TracekitAiAttributes.WORKFLOW_NODE, node);
    Span span = recorder.start(builder, GenAiConvention.WORKFLOW_NODE, bot + "." + node);
    return recorder.run(span, fn, null);
  }

  /**
   * Runs a handoff of a conversation from one bot to another in an INTERNAL span {@code handoff
   * {source} -> {target}} with {@code tracekit.handoff.*}; the work inside (and the target bot's
   * nodes, when run within) join the same trace. Counts {@code tracekit.handoffs}.
   *
   * @param source the bot handing off
   * @param target the bot taking over
   * @param confidence the decision's confidence (0 to 1), or NaN
   * @param reason a short reason code, may be null
   * @param fn the handoff's work
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> R handoff(
      String source, String target, double confidence, @Nullable String reason, AiCallable<R, E> fn)
      throws E {
    io.opentelemetry.api.trace.SpanBuilder builder =
        recorder
            .tracer
            .spanBuilder(recorder.spanName(GenAiConvention.HANDOFF, source + " -> " + target))
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(TracekitAiAttributes.HANDOFF_SOURCE, source)
            .setAttribute(TracekitAiAttributes.HANDOFF_TARGET, target);
    Span span = recorder.start(builder, GenAiConvention.HANDOFF, source + " -> " + target);
    if (span.isRecording()) {
      if (!Double.isNaN(confidence)) {
        span.setAttribute(TracekitAiAttributes.HANDOFF_CONFIDENCE, confidence);
      }
      if (reason != null) {
        span.setAttribute(TracekitAiAttributes.HANDOFF_REASON, reason);
      }
    }
    if (recorder.instruments.enabled) {
      recorder.instruments.handoffs.add(
          1,
          Attributes.of(
              TracekitAiAttributes.HANDOFF_SOURCE,
              String.valueOf(source),
              TracekitAiAttributes.HANDOFF_TARGET,
              String.valueOf(target)));
    }
    return recorder.run(span, fn, null);
  }

  /**
   * The tracer of a named semantic cache (one per name).
   *
   * @param name {@code tracekit.semantic_cache.name}
   * @return the cache tracer
   */
  public TracingSemanticCache cache(String name) {
    String n = name == null ? "default" : name;
    TracingSemanticCache cache = caches.get(n);
    if (cache != null) {
      return cache;
    }
    if (caches.size() >= MAX_CACHES) {
      // Cache names are meant to be static; past the cap (for example a name per tenant) they
      // collapse into one, so neither this map nor the gauges grow with the input.
      Diagnostics.reportOnce(
          "semantic cache names",
          "more than "
              + MAX_CACHES
              + " semantic cache names; further ones are recorded as '_other'");
      n = "_other";
    }
    return caches.computeIfAbsent(n, k -> new TracingSemanticCache(recorder, k));
  }

  /**
   * Traces a semantic cache access in the shape of {@code traceSemanticCache('lookup', key, fn)} on
   * the cache named {@code default}: {@code lookup} is a lookup (a non-null result is a hit), any
   * other operation a store.
   *
   * @param operation {@code lookup} or {@code store}
   * @param key the key (recorded only as a hash)
   * @param fn the access
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> R traceSemanticCache(
      String operation, String key, AiCallable<R, E> fn) throws E {
    TracingSemanticCache cache = cache("default");
    return "lookup".equals(operation) ? cache.lookup(key, fn) : cache.store(key, fn);
  }

  /**
   * Describes an ML operation ({@code {operation} {model}}).
   *
   * @param operation {@code train}, {@code predict}, {@code evaluate}, ...
   * @param model the ML model's name
   * @return the operation to configure and run
   */
  public MlOperation mlOperation(String operation, String model) {
    return new MlOperation(
        recorder, operation == null ? "unknown" : operation, model == null ? "unknown" : model);
  }

  /**
   * Traces an ML operation in the shape of {@code traceMLOperation('train', model, fn,
   * {datasetSize, features, epochs, batchSize})}.
   *
   * @param operation the operation
   * @param model the model
   * @param fn the work
   * @param options sets options on the operation, may be null
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> R traceMlOperation(
      String operation, String model, AiCallable<R, E> fn, @Nullable Consumer<MlOperation> options)
      throws E {
    MlOperation op = mlOperation(operation, model);
    if (options != null) {
      options.accept(op);
    }
    return op.call(fn);
  }
}
