package dev.tracekit.ai.internal;

import dev.tracekit.ai.ResponseInfo;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads the OpenAI-compatible wire format (chat completions, text completions, embeddings, SSE
 * chunks, error bodies) into a {@link ResponseInfo}. Never throws; malformed input yields less
 * data.
 *
 * <p>Internal: not API.
 */
public final class OpenAiWire {
  private OpenAiWire() {}

  /**
   * Reads a response body (chat completion, completion, embeddings or an error object).
   *
   * @param body the JSON text
   * @param info where to put what was read
   * @return false when the body is not JSON
   */
  public static boolean body(@Nullable String body, ResponseInfo info) {
    Object root = Json.parse(body);
    if (!(root instanceof Map<?, ?>)) {
      if (body != null && body.startsWith("data:")) {
        // a whole server-sent-event stream read into one string
        boolean any = false;
        for (String line : body.split("\\R", 100_000)) {
          any |= sseLine(line, info);
        }
        return any;
      }
      return false;
    }
    node(root, info, false);
    return true;
  }

  /**
   * Reads one parsed response or chunk object.
   *
   * @param root the parsed object
   * @param info where to put what was read
   * @param chunk true for a streamed chunk (text in {@code delta})
   */
  public static void node(Object root, ResponseInfo info, boolean chunk) {
    Object error = Json.get(root, "error");
    if (error != null) {
      error(error, info);
      return;
    }
    info.responseId(Json.string(root, "id"));
    info.responseModel(Json.string(root, "model"));
    info.serviceTier(Json.string(root, "service_tier"));
    info.systemFingerprint(Json.string(root, "system_fingerprint"));
    String object = Json.string(root, "object");
    if (object != null && object.startsWith("chat.completion")) {
      info.openAiApiType("chat_completions");
    } else if ("response".equals(object)) {
      info.openAiApiType("responses");
    }
    if ("list".equals(Json.string(root, "object")) || "embedding".equals(firstObjectType(root))) {
      List<Object> data = Json.list(root, "data");
      if (!data.isEmpty()) {
        Object emb = Json.get(data.get(0), "embedding");
        if (emb instanceof List<?> l) {
          info.embeddingDimensions(l.size());
        }
      }
    }
    for (Object choice : Json.list(root, "choices")) {
      long index = Json.integer(choice, "index");
      int i = index < 0 ? 0 : (int) Math.min(index, Integer.MAX_VALUE);
      info.addFinishReason(Json.string(choice, "finish_reason"));
      if (info.captureContent()) {
        Object msg = Json.get(choice, chunk ? "delta" : "message");
        if (msg != null) {
          info.appendOutputText(i, Json.string(msg, "role"), Json.string(msg, "content"));
        } else if (Json.string(choice, "text") != null) {
          info.appendOutputText(i, null, Json.string(choice, "text"));
        }
      }
    }
    usage(Json.get(root, "usage"), info);
  }

  private static @Nullable String firstObjectType(Object root) {
    List<Object> data = Json.list(root, "data");
    return data.isEmpty() ? null : Json.string(data.get(0), "object");
  }

  /**
   * Reads a {@code usage} object (chat: prompt/completion tokens and their details; embeddings:
   * prompt tokens; also the newer input/output token names).
   *
   * @param usage the parsed usage object, may be null
   * @param info where to put it
   */
  public static void usage(@Nullable Object usage, ResponseInfo info) {
    if (usage == null) {
      return;
    }
    long in = Json.integer(usage, "prompt_tokens");
    info.inputTokens(in >= 0 ? in : Json.integer(usage, "input_tokens"));
    long out = Json.integer(usage, "completion_tokens");
    info.outputTokens(out >= 0 ? out : Json.integer(usage, "output_tokens"));
    Object pd = Json.get(usage, "prompt_tokens_details");
    if (pd == null) {
      pd = Json.get(usage, "input_tokens_details");
    }
    info.cacheReadInputTokens(Json.integer(pd, "cached_tokens"));
    Object cd = Json.get(usage, "completion_tokens_details");
    if (cd == null) {
      cd = Json.get(usage, "output_tokens_details");
    }
    info.reasoningOutputTokens(Json.integer(cd, "reasoning_tokens"));
  }

  private static void error(Object error, ResponseInfo info) {
    if (error instanceof String s) {
      info.errorType(s.length() <= 64 ? s : "error");
      return;
    }
    String code = Json.string(error, "code");
    String type = Json.string(error, "type");
    Object numeric = Json.get(error, "code");
    if (code == null && numeric instanceof Long l) {
      code = String.valueOf(l);
    }
    info.errorType(code != null ? code : type != null ? type : "error");
    if ("rate_limit_exceeded".equals(code) || "rate_limit_error".equals(type)) {
      info.rateLimited(Double.NaN);
    }
  }

  /**
   * Reads one server-sent-event line: {@code data: {...}} chunks and {@code data: [DONE]}.
   *
   * @param line the line
   * @param info the stream's data
   * @return true when the line was a response chunk
   */
  public static boolean sseLine(@Nullable String line, ResponseInfo info) {
    if (line == null || !line.startsWith("data:")) {
      return false;
    }
    String payload = line.substring(5).strip();
    if (payload.isEmpty() || payload.equals("[DONE]")) {
      return false;
    }
    Object root = Json.parse(payload);
    if (!(root instanceof Map<?, ?>)) {
      return false;
    }
    node(root, info, true);
    return Json.get(root, "error") == null;
  }

  /**
   * Reads the HTTP status and headers of an OpenAI-compatible response.
   *
   * @param status the HTTP status
   * @param headers the headers
   * @param info where to put an error
   */
  public static void status(int status, HttpHeaders headers, ResponseInfo info) {
    if (status >= 400) {
      info.errorType(String.valueOf(status));
    }
    if (status == 429) {
      info.rateLimited(retryAfter(headers.firstValue("retry-after").orElse(null)));
    }
  }

  /**
   * Parses a {@code retry-after} header given in seconds.
   *
   * @param value the header value
   * @return seconds, or NaN
   */
  public static double retryAfter(@Nullable String value) {
    if (value == null) {
      return Double.NaN;
    }
    try {
      double d = Double.parseDouble(value.strip());
      return d >= 0 ? d : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
