package dev.tracekit.ai;

import io.opentelemetry.api.common.AttributesBuilder;

/**
 * How TraceKit names its AI spans and which attributes it adds beyond the standard ones, in one
 * place: {@link #DEFAULT} is the GenAI semantic conventions ({@code {gen_ai.operation.name}
 * {target}}) plus TraceKit's names for what the conventions do not cover. Replace or extend it with
 * {@link AiTracingBuilder#convention(GenAiConvention)}.
 *
 * <p>The operations: {@code chat}, {@code text_completion}, {@code embeddings}, {@code
 * generate_content}, {@code invoke_agent}, {@code create_agent}, {@code execute_tool} (target:
 * model, agent or tool name); TraceKit's {@link #WORKFLOW_NODE} (target {@code bot.node}), {@link
 * #HANDOFF} (target {@code source -> target}), {@code semantic_cache.lookup}/{@code
 * semantic_cache.store} (target: cache name) and the ML operations (target: model). A convention
 * that throws is reported once and the default is used for that span.
 *
 * <p>The keys and metric names follow {@link #version()}: the v1.41 names by default, the newer
 * names of the GenAI conventions' own repository with {@link #LATEST_EXPERIMENTAL} (see {@link
 * GenAiConventionVersion} for the list of differences).
 */
public interface GenAiConvention {
  /** TraceKit's operation of a workflow node. */
  String WORKFLOW_NODE = "tracekit.workflow_node";

  /** TraceKit's operation of a handoff between bots. */
  String HANDOFF = "tracekit.handoff";

  /** The GenAI semantic conventions (v1.41 names) and TraceKit's names. */
  GenAiConvention DEFAULT = new DefaultGenAiConvention();

  /**
   * The same span names with the newer names of the GenAI conventions' own repository: see {@link
   * GenAiConventionVersion#LATEST_EXPERIMENTAL}.
   */
  GenAiConvention LATEST_EXPERIMENTAL =
      new DefaultGenAiConvention(GenAiConventionVersion.LATEST_EXPERIMENTAL);

  /**
   * The span name.
   *
   * @param operation the operation
   * @param target the model, agent, tool, cache or node
   * @return the name
   */
  String spanName(String operation, String target);

  /**
   * Adds attributes when the span starts (set after the standard ones).
   *
   * @param operation the operation
   * @param target the model, agent, tool, cache or node
   * @param attributes where to put them
   */
  default void onStart(String operation, String target, AttributesBuilder attributes) {}

  /**
   * Which version of the GenAI conventions' attribute keys and metric names is emitted: read once,
   * when {@link AiTracingBuilder#build()} runs. The opt-in ({@code
   * OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental} or {@link
   * AiTracingBuilder#genAiLatestExperimental(boolean)}) selects {@link
   * GenAiConventionVersion#LATEST_EXPERIMENTAL} whatever this returns.
   *
   * @return the version; {@link GenAiConventionVersion#V1_41} by default
   */
  default GenAiConventionVersion version() {
    return GenAiConventionVersion.V1_41;
  }
}
