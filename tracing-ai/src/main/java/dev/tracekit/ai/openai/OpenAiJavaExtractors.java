package dev.tracekit.ai.openai;

import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import dev.tracekit.ai.GenAiChunkExtractor;
import dev.tracekit.ai.GenAiResponseExtractor;
import dev.tracekit.ai.ResponseInfo;
import dev.tracekit.ai.internal.OpenAiWire;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Extractors for the official {@code com.openai:openai-java} client's result types: {@link
 * ChatCompletion}, {@link CreateEmbeddingResponse} and streamed {@link ChatCompletionChunk}s, and
 * error classification for its exceptions ({@code error.type} is the OpenAI error code, such as
 * {@code rate_limit_exceeded}, else the HTTP status).
 *
 * <p>{@code AiTracing} uses these automatically when openai-java is on the class path, so {@code
 * ai.chat("openai", model).call(() -> client.chat().completions().create(params))} needs no
 * extractor.
 */
public final class OpenAiJavaExtractors {
  private static final GenAiResponseExtractor<ChatCompletion> CHAT =
      (c, info) -> {
        if (info != null) {
          chat(c, info);
        }
      };
  private static final GenAiResponseExtractor<CreateEmbeddingResponse> EMBEDDINGS =
      (e, info) -> {
        if (info != null) {
          embeddings(e, info);
        }
      };
  private static final GenAiChunkExtractor<ChatCompletionChunk> CHUNKS =
      (c, info) -> info != null && chunk(c, info);

  private OpenAiJavaExtractors() {}

  /**
   * Reads a {@link ChatCompletion}.
   *
   * @return the extractor
   */
  public static GenAiResponseExtractor<ChatCompletion> chatCompletion() {
    return CHAT;
  }

  /**
   * Reads a {@link CreateEmbeddingResponse}.
   *
   * @return the extractor
   */
  public static GenAiResponseExtractor<CreateEmbeddingResponse> embeddings() {
    return EMBEDDINGS;
  }

  /**
   * Reads streamed {@link ChatCompletionChunk}s (from {@code createStreaming(params).stream()}).
   *
   * @return the chunk extractor
   */
  public static GenAiChunkExtractor<ChatCompletionChunk> chunks() {
    return CHUNKS;
  }

  /**
   * The elements of a streamed response as a stream whose {@code close()} also closes the response
   * (and its connection): {@code ai.chat("openai", model).stream(() ->
   * OpenAiJavaExtractors.closing(client.chat().completions().createStreaming(params)),
   * OpenAiJavaExtractors.chunks())}.
   *
   * @param response the streamed response
   * @param <T> the element type
   * @return its elements, closing the response on close
   */
  public static <T> Stream<T> closing(StreamResponse<T> response) {
    return response.stream().onClose(response::close);
  }

  /**
   * Reads any of the supported result types; ignores others.
   *
   * @param result the result
   * @param info where to put what was read; null reads nothing
   * @return true when the result was an openai-java type this class knows
   */
  public static boolean extractAny(@Nullable Object result, @Nullable ResponseInfo info) {
    if (info == null) {
      return false;
    }
    if (result instanceof ChatCompletion c) {
      chat(c, info);
    } else if (result instanceof CreateEmbeddingResponse e) {
      embeddings(e, info);
    } else if (result instanceof ChatCompletionChunk c) {
      chunk(c, info);
    } else {
      return false;
    }
    return true;
  }

  /**
   * Reads an openai-java exception: {@code error.type} and rate limiting.
   *
   * @param error the exception thrown by the client; null gives false
   * @param info where to put it; null gives false
   * @return true when the exception came from the OpenAI service
   */
  public static boolean classifyError(@Nullable Throwable error, @Nullable ResponseInfo info) {
    if (info == null || !(error instanceof OpenAIServiceException e)) {
      return false;
    }
    String code = get(() -> e.code().orElse(null));
    String type = get(() -> e.type().orElse(null));
    int status = e.statusCode();
    info.errorType(code != null ? code : type != null ? type : String.valueOf(status));
    if (error instanceof RateLimitException || status == 429) {
      List<String> values = get(() -> e.headers().values("retry-after"));
      info.rateLimited(
          OpenAiWire.retryAfter(values == null || values.isEmpty() ? null : values.get(0)));
    }
    return true;
  }

  private static void chat(ChatCompletion c, ResponseInfo info) {
    if (c == null) {
      return;
    }
    info.responseId(get(c::id));
    info.responseModel(get(c::model));
    List<ChatCompletion.Choice> choices = get(c::choices);
    if (choices != null) {
      for (ChatCompletion.Choice choice : choices) {
        info.addFinishReason(get(() -> choice.finishReason()._value().asString().orElse(null)));
        if (info.captureContent()) {
          Long index = get(choice::index);
          info.appendOutputText(
              index == null ? 0 : index.intValue(),
              "assistant",
              get(() -> choice.message().content().orElse(null)));
        }
      }
    }
    usage(get(c::usage), info);
  }

  private static void embeddings(CreateEmbeddingResponse r, ResponseInfo info) {
    if (r == null) {
      return;
    }
    info.responseModel(get(r::model));
    Integer dims = get(() -> r.data().isEmpty() ? null : r.data().get(0).embedding().size());
    if (dims != null) {
      info.embeddingDimensions(dims);
    }
    Long in = get(() -> r.usage().promptTokens());
    if (in != null) {
      info.inputTokens(in);
    }
  }

  private static boolean chunk(ChatCompletionChunk c, ResponseInfo info) {
    if (c == null) {
      return false;
    }
    info.responseId(get(c::id));
    info.responseModel(get(c::model));
    List<ChatCompletionChunk.Choice> choices = get(c::choices);
    if (choices != null) {
      for (ChatCompletionChunk.Choice choice : choices) {
        info.addFinishReason(
            get(
                () ->
                    choice
                        .finishReason()
                        .map(f -> f._value().asString().orElse(null))
                        .orElse(null)));
        if (info.captureContent()) {
          Long index = get(choice::index);
          info.appendOutputText(
              index == null ? 0 : index.intValue(),
              null,
              get(() -> choice.delta().content().orElse(null)));
        }
      }
    }
    usage(get(c::usage), info);
    return true;
  }

  private static void usage(@Nullable Optional<CompletionUsage> usage, ResponseInfo info) {
    if (usage == null || usage.isEmpty()) {
      return;
    }
    CompletionUsage u = usage.get();
    Long in = get(u::promptTokens);
    Long out = get(u::completionTokens);
    info.inputTokens(in == null ? -1 : in);
    info.outputTokens(out == null ? -1 : out);
    Long cached = get(() -> u.promptTokensDetails().flatMap(d -> d.cachedTokens()).orElse(null));
    info.cacheReadInputTokens(cached == null ? -1 : cached);
    Long reasoning =
        get(() -> u.completionTokensDetails().flatMap(d -> d.reasoningTokens()).orElse(null));
    info.reasoningOutputTokens(reasoning == null ? -1 : reasoning);
  }

  private static <T> @Nullable T get(Supplier<@Nullable T> getter) {
    try {
      return getter.get();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
