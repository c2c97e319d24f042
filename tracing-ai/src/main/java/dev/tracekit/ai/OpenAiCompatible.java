package dev.tracekit.ai;

import dev.tracekit.ai.internal.OpenAiWire;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Extractors for the OpenAI-compatible HTTP wire format, spoken by OpenAI, Azure OpenAI, Ollama,
 * vLLM, Groq, OpenRouter and most gateways: chat completions, text completions and embeddings
 * response bodies, error bodies ({@code {"error":{"code":..}}}), and server-sent-event streams
 * ({@code data: {...}} lines ending with {@code data: [DONE]}; usage arrives in the last chunk when
 * the request set {@code stream_options.include_usage}).
 *
 * <p>The JSON is read by a small internal reader: malformed bodies give a span with less data,
 * never an exception. The extractors are run-time code: a null result or info reads nothing.
 */
public final class OpenAiCompatible {
  private static final GenAiResponseExtractor<String> JSON =
      (body, info) -> {
        if (body != null && info != null) {
          OpenAiWire.body(body, info);
        }
      };

  private static final GenAiResponseExtractor<HttpResponse<?>> HTTP = OpenAiCompatible::http;

  private static final GenAiChunkExtractor<String> SSE =
      (line, info) -> info != null && OpenAiWire.sseLine(line, info);

  private OpenAiCompatible() {}

  /**
   * Reads a JSON response body.
   *
   * @return the extractor
   */
  public static GenAiResponseExtractor<String> json() {
    return JSON;
  }

  /**
   * Reads a {@link java.net.http.HttpResponse}: status (4xx/5xx mark the span as failed; 429 as
   * rate limited with {@code retry-after}) and a {@code String} or {@code byte[]} body.
   *
   * @return the extractor
   */
  public static GenAiResponseExtractor<HttpResponse<?>> httpResponse() {
    return HTTP;
  }

  /**
   * Reads server-sent-event lines of a streamed chat or text completion.
   *
   * @return the chunk extractor
   */
  public static GenAiChunkExtractor<String> sseLines() {
    return SSE;
  }

  private static void http(HttpResponse<?> response, ResponseInfo info) {
    if (response == null || info == null) {
      return;
    }
    OpenAiWire.status(response.statusCode(), response.headers(), info);
    Object body = response.body();
    if (body instanceof String s) {
      OpenAiWire.body(s, info);
    } else if (body instanceof byte[] b) {
      OpenAiWire.body(new String(b, StandardCharsets.UTF_8), info);
    }
    if (response.statusCode() >= 400 && info.errorType == null) {
      info.errorType(String.valueOf(response.statusCode()));
    }
  }
}
