package dev.tracekit.ai;

/**
 * Which version of the GenAI semantic conventions' names TraceKit emits. The default is {@link
 * #V1_41}, the last version published in {@code open-telemetry/semantic-conventions}; {@link
 * #LATEST_EXPERIMENTAL} follows the newer names of the conventions' own repository ({@code
 * open-telemetry/semantic-conventions-genai}, development status, not released yet), selected with
 * {@code OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental}, the system property {@code
 * otel.semconv-stability.opt-in}, {@link AiTracingBuilder#genAiLatestExperimental(boolean)} or a
 * {@link GenAiConvention} whose {@link GenAiConvention#version()} says so.
 *
 * <p>What {@link #LATEST_EXPERIMENTAL} changes (the renames and removals of the conventions'
 * migration guide from v1.41.0):
 *
 * <ul>
 *   <li>span attribute {@code gen_ai.usage.cache_creation.input_tokens} is {@code
 *       gen_ai.usage.cache_write.input_tokens};
 *   <li>span attribute {@code gen_ai.request.top_k} is an integer (was a double);
 *   <li>an in-process ({@code INTERNAL}) {@code invoke_agent} span carries no {@code
 *       gen_ai.agent.id}, {@code gen_ai.agent.version} or {@code gen_ai.provider.name};
 *   <li>{@code gen_ai.output.messages} carries no per-message {@code finish_reason} (deprecated in
 *       favour of {@code gen_ai.response.finish_reasons});
 *   <li>metric {@code gen_ai.client.operation.duration} is {@code gen_ai.client.inference.duration}
 *       for inference ({@code chat}, {@code text_completion}, {@code generate_content}) and {@code
 *       gen_ai.client.embeddings.duration} for {@code embeddings}; it stays for other operations;
 *   <li>metrics {@code gen_ai.client.operation.time_to_first_chunk} and {@code
 *       .time_per_output_chunk} are {@code gen_ai.client.inference.time_to_first_chunk} and {@code
 *       gen_ai.client.inference.time_per_output_chunk};
 *   <li>metric {@code gen_ai.client.token.usage} (with {@code gen_ai.token.type}) is replaced by
 *       the counters {@code gen_ai.client.inference.usage.input_tokens}, {@code .output_tokens},
 *       {@code .cache_read.input_tokens}, {@code .cache_write.input_tokens}, {@code
 *       .reasoning.output_tokens} (with {@code gen_ai.token.modality}, {@code unknown} since
 *       providers' per-modality counts are not read) and the histograms {@code
 *       gen_ai.client.inference.operation.input_tokens} / {@code .output_tokens}; an embeddings
 *       call's input tokens go to {@code gen_ai.client.embeddings.operation.input_tokens}.
 * </ul>
 *
 * Span names, span kinds and every other key are the same in both.
 */
public enum GenAiConventionVersion {
  /** The GenAI names of semantic-conventions v1.41.0 (the default). */
  V1_41,

  /**
   * The newer names of the GenAI conventions' own repository (development status): opt-in value
   * {@code gen_ai_latest_experimental}.
   */
  LATEST_EXPERIMENTAL;

  /** The {@code OTEL_SEMCONV_STABILITY_OPT_IN} value that selects {@link #LATEST_EXPERIMENTAL}. */
  public static final String OPT_IN_VALUE = "gen_ai_latest_experimental";
}
