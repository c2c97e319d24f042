package dev.tracekit.ai;

/**
 * Reads one element of a streamed response (an SSE line, a chunk object) into the stream's {@link
 * ResponseInfo}: later chunks add finish reasons and text and overwrite usage.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface GenAiChunkExtractor<T> {
  /**
   * Reads one element.
   *
   * @param chunk the element
   * @param info the stream's accumulated response data
   * @return true when the element was a response chunk (counted, and the first one sets the time to
   *     first chunk); false for keep-alives, comments, blank lines and the end marker
   */
  boolean extract(T chunk, ResponseInfo info);
}
