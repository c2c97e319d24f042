package dev.tracekit.ai;

import dev.tracekit.api.support.BoundedValues;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.semconv.SchemaUrls;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * GenAI tracing on the OpenTelemetry GenAI semantic conventions (v1.41; the newer names of the
 * GenAI conventions' own repository on opt-in, see {@link GenAiConventionVersion}): model calls
 * (chat, text completion, embeddings; plain and streamed), tools, agents, agent-workflow nodes and
 * handoffs, semantic caches and ML operations, with the {@code gen_ai.client.*} metrics.
 *
 * <p>One style for every operation: describe it (a method of this class returns a builder), set
 * what is known before it runs, then run it with a lambda.
 *
 * <pre>{@code
 * AiTracing ai = AiTracing.create(openTelemetry);
 * HttpResponse<String> r = ai.chat("openai", "gpt-4o").maxTokens(1000).temperature(0.7)
 *     .server(URI.create("https://api.openai.com"))
 *     .call(() -> http.send(request, BodyHandlers.ofString()));   // read by the wire-format extractor
 * String weather = ai.tool("get_weather").callId("call_42").call(() -> lookUpWeather(city));
 * String answer = ai.agent("travel_planner").invoke(() -> plan(question));
 * }</pre>
 *
 * <p>Null rule: {@link #create} and {@link #builder} (set-up) throw {@link NullPointerException}
 * naming the parameter. The methods that describe an operation are run-time methods: they never
 * throw, a null name becomes a safe default ({@code unknown}, or the default provider) and the
 * first occurrence is reported once through {@code Diagnostics}.
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
  private final Map<String, TracingSemanticCache> caches = new ConcurrentHashMap<>();
  // Cache names become metric attribute values: at most 64 names of at most 128 characters.
  private final BoundedValues cacheNames =
      BoundedValues.of("tracekit.semantic_cache", "tracekit.semantic_cache.name", 64, 128);

  AiTracing(AiRecorder recorder, @Nullable String defaultProvider) {
    this.recorder = recorder;
    this.defaultProvider = defaultProvider;
  }

  /**
   * Creates an instance with the defaults (content capture from the environment, no price table).
   *
   * @param openTelemetry the OpenTelemetry to record with
   * @return the instance
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static AiTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * Starts a builder.
   *
   * @param openTelemetry the OpenTelemetry to record with
   * @return the builder
   * @throws NullPointerException if {@code openTelemetry} is null
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
   *     azure.ai.openai}, {@code aws.bedrock}, {@code anthropic}, {@code groq}; null uses the
   *     builder's default provider (else {@code _OTHER})
   * @param model {@code gen_ai.request.model}; null is recorded as {@code unknown}, reported once
   * @return the call to configure and run
   */
  public ModelCall chat(@Nullable String provider, @Nullable String model) {
    return operation("chat", provider, model);
  }

  /**
   * Describes a chat call with the builder's default provider.
   *
   * @param model {@code gen_ai.request.model}; null is recorded as {@code unknown}, reported once
   * @return the call to configure and run
   */
  public ModelCall chat(@Nullable String model) {
    return operation("chat", null, model);
  }

  /**
   * Describes a legacy text completion call ({@code text_completion}).
   *
   * @param provider the provider; null uses the builder's default provider
   * @param model the model; null is recorded as {@code unknown}, reported once
   * @return the call to configure and run
   */
  public ModelCall textCompletion(@Nullable String provider, @Nullable String model) {
    return operation("text_completion", provider, model);
  }

  /**
   * Describes an embeddings call ({@code embeddings {model}}; dimension count and input tokens are
   * read from the result).
   *
   * @param provider the provider; null uses the builder's default provider
   * @param model the model; null is recorded as {@code unknown}, reported once
   * @return the call to configure and run
   */
  public ModelCall embeddings(@Nullable String provider, @Nullable String model) {
    return operation("embeddings", provider, model);
  }

  /**
   * Describes a model call with any {@code gen_ai.operation.name} (for example {@code
   * generate_content}).
   *
   * @param operation the operation name; null is recorded as {@code chat}, reported once
   * @param provider the provider, or null for the builder's default
   * @param model the model; null is recorded as {@code unknown}, reported once
   * @return the call to configure and run
   */
  public ModelCall operation(
      @Nullable String operation, @Nullable String provider, @Nullable String model) {
    String p =
        provider != null
            ? provider
            : defaultProvider != null ? defaultProvider : GenAiAttributes.PROVIDER_OTHER;
    return new ModelCall(
        recorder,
        AiRecorder.orDefault(operation, "AiTracing.operation", "operation", "chat"),
        p,
        AiRecorder.orDefault(model, "AiTracing.operation", "model", "unknown"));
  }

  /**
   * Describes a tool execution ({@code execute_tool {name}}).
   *
   * @param name {@code gen_ai.tool.name}; null is recorded as {@code unknown}, reported once
   * @return the tool call to configure and run
   */
  public ToolCall tool(@Nullable String name) {
    return new ToolCall(recorder, AiRecorder.orDefault(name, "AiTracing.tool", "name", "unknown"));
  }

  /**
   * Describes an agent ({@code invoke_agent {name}} / {@code create_agent {name}}).
   *
   * @param name {@code gen_ai.agent.name}; null is recorded as {@code unknown}, reported once
   * @return the agent call to configure and run
   */
  public AgentCall agent(@Nullable String name) {
    return new AgentCall(
        recorder, AiRecorder.orDefault(name, "AiTracing.agent", "name", "unknown"));
  }

  /**
   * Describes one node of an agent workflow, run with {@link WorkflowNode#call}: an INTERNAL span
   * {@code {bot}.{node}} with {@code tracekit.workflow.bot} / {@code tracekit.workflow.node}. Use
   * static node names; put ids in attributes.
   *
   * <pre>{@code
   * String intent = ai.workflowNode("intake_bot", "analyze_intent").call(() -> analyze(message));
   * }</pre>
   *
   * @param bot the bot (agent) running the node, for example {@code intake_bot}; null is recorded
   *     as {@code unknown}, reported once
   * @param node the node, for example {@code analyze_intent}; null is recorded as {@code unknown},
   *     reported once
   * @return the node to run
   */
  public WorkflowNode workflowNode(@Nullable String bot, @Nullable String node) {
    return new WorkflowNode(
        recorder,
        AiRecorder.orDefault(bot, "AiTracing.workflowNode", "bot", "unknown"),
        AiRecorder.orDefault(node, "AiTracing.workflowNode", "node", "unknown"));
  }

  /**
   * Describes a handoff of a conversation from one bot to another, run with {@link Handoff#call}:
   * an INTERNAL span {@code handoff {source} -> {target}} with {@code tracekit.handoff.*}, counted
   * in {@code tracekit.handoffs}.
   *
   * <pre>{@code
   * Reply reply = ai.handoff("intake_bot", "billing_bot").confidence(0.92).reason("invoice_question")
   *     .call(() -> billingBot.take(conversation));
   * }</pre>
   *
   * @param source the bot handing off; null is recorded as {@code unknown}, reported once
   * @param target the bot taking over; null is recorded as {@code unknown}, reported once
   * @return the handoff to configure and run
   */
  public Handoff handoff(@Nullable String source, @Nullable String target) {
    return new Handoff(
        recorder,
        AiRecorder.orDefault(source, "AiTracing.handoff", "source", "unknown"),
        AiRecorder.orDefault(target, "AiTracing.handoff", "target", "unknown"));
  }

  /**
   * The tracer of a named semantic cache (one per name). Cache names are meant to be static: a name
   * is cut to 128 characters, and past 64 distinct names further ones share the cache tracer {@code
   * _other} (reported once), so neither memory nor metric series grow with input.
   *
   * @param name {@code tracekit.semantic_cache.name}; null is recorded as {@code default}, reported
   *     once
   * @return the cache tracer
   */
  public TracingSemanticCache cache(@Nullable String name) {
    String n = AiRecorder.orDefault(name, "AiTracing.cache", "name", "default");
    TracingSemanticCache cache = caches.get(n);
    if (cache != null) {
      return cache;
    }
    String bounded = Objects.requireNonNull(cacheNames.bound(n));
    return caches.computeIfAbsent(bounded, k -> new TracingSemanticCache(recorder, k));
  }

  /**
   * Describes an ML operation ({@code {operation} {model}}).
   *
   * @param operation {@code train}, {@code predict}, {@code evaluate}, ...; null is recorded as
   *     {@code unknown}, reported once
   * @param model the ML model's name; null is recorded as {@code unknown}, reported once
   * @return the operation to configure and run
   */
  public MlOperation mlOperation(@Nullable String operation, @Nullable String model) {
    return new MlOperation(
        recorder,
        AiRecorder.orDefault(operation, "AiTracing.mlOperation", "operation", "unknown"),
        AiRecorder.orDefault(model, "AiTracing.mlOperation", "model", "unknown"));
  }
}
