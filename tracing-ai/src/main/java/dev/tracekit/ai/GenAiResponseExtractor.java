package dev.tracekit.ai;

/**
 * Reads what a span should know from a model call's result: response id and model, finish reasons,
 * token usage, output messages. Built-in extractors exist for the OpenAI-compatible wire format
 * ({@link OpenAiCompatible}) and for {@code com.openai:openai-java} ({@code
 * dev.tracekit.ai.openai.OpenAiJavaExtractors}); a user with another client writes one.
 *
 * <p>An extractor should only read; whatever it throws is caught and reported, never passed to the
 * caller.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface GenAiResponseExtractor<R> {
  /**
   * Reads the result into {@code info}.
   *
   * @param response the call's result (may be null if the call returned null)
   * @param info where to put what was read
   */
  void extract(R response, ResponseInfo info);
}
