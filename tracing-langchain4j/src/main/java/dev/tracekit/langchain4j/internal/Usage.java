package dev.tracekit.langchain4j.internal;

import dev.langchain4j.model.output.TokenUsage;
import dev.tracekit.ai.AiSpan;
import dev.tracekit.ai.ResponseInfo;
import dev.tracekit.api.support.Diagnostics;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * Reads token usage, including the provider-specific subclasses' prompt-cache counts ({@code
 * OpenAiTokenUsage.inputTokensDetails().cachedTokens()}, {@code
 * AnthropicTokenUsage.cacheReadInputTokens()/cacheCreationInputTokens()}), which are reached by
 * reflection because those modules are optional. Internal.
 */
public final class Usage {
  private static final ClassValue<Reader> READERS =
      new ClassValue<>() {
        @Override
        protected Reader computeValue(Class<?> type) {
          return Reader.of(type);
        }
      };

  private Usage() {}

  /**
   * Copies usage into the span's response.
   *
   * @param usage the usage, may be null
   * @param call the span
   */
  public static void read(@Nullable TokenUsage usage, AiSpan call) {
    if (usage == null) {
      return;
    }
    ResponseInfo info = call.response();
    Integer in = usage.inputTokenCount();
    Integer out = usage.outputTokenCount();
    long input = in == null ? -1 : in;
    if (out != null) {
      info.outputTokens(out);
    }
    if (usage.getClass() == TokenUsage.class) {
      if (input >= 0) {
        info.inputTokens(input);
      }
      return;
    }
    Reader reader = READERS.get(usage.getClass());
    long cacheRead = reader.cacheRead(usage);
    long cacheCreation = reader.cacheCreation(usage);
    if (reader.cacheExcludedFromInput && input >= 0) {
      // Anthropic counts cached tokens apart from input_tokens; the conventions' input count
      // includes them.
      input += Math.max(0, cacheRead) + Math.max(0, cacheCreation);
    }
    if (input >= 0) {
      info.inputTokens(input);
    }
    if (cacheRead >= 0) {
      info.cacheReadInputTokens(cacheRead);
    }
    info.cacheCreationInputTokens(cacheCreation);
  }

  private static final class Reader {
    private final @Nullable Method details;
    private final @Nullable Method detailsCached;
    private final @Nullable Method cacheRead;
    private final @Nullable Method cacheCreation;
    final boolean cacheExcludedFromInput;

    private Reader(
        @Nullable Method details,
        @Nullable Method detailsCached,
        @Nullable Method cacheRead,
        @Nullable Method cacheCreation) {
      this.details = details;
      this.detailsCached = detailsCached;
      this.cacheRead = cacheRead;
      this.cacheCreation = cacheCreation;
      this.cacheExcludedFromInput = cacheRead != null || cacheCreation != null;
    }

    static Reader of(Class<?> type) {
      Method details = method(type, "inputTokensDetails");
      Method cached = details == null ? null : method(details.getReturnType(), "cachedTokens");
      return new Reader(
          cached == null ? null : details,
          cached,
          method(type, "cacheReadInputTokens"),
          method(type, "cacheCreationInputTokens"));
    }

    private static @Nullable Method method(Class<?> type, String name) {
      try {
        Method m = type.getMethod(name);
        m.setAccessible(true);
        return m;
      } catch (NoSuchMethodException | RuntimeException e) {
        return null;
      }
    }

    long cacheRead(Object usage) {
      if (cacheRead != null) {
        return number(invoke(cacheRead, usage));
      }
      if (details != null && detailsCached != null) {
        Object d = invoke(details, usage);
        return d == null ? -1 : number(invoke(detailsCached, d));
      }
      return -1;
    }

    long cacheCreation(Object usage) {
      return cacheCreation == null ? -1 : number(invoke(cacheCreation, usage));
    }

    private static @Nullable Object invoke(Method m, Object target) {
      try {
        return m.invoke(target);
      } catch (ReflectiveOperationException | RuntimeException e) {
        Diagnostics.reportOnce(
            "langchain4j.usage." + m.getName(), "reading LangChain4j token usage failed", e);
        return null;
      }
    }

    private static long number(@Nullable Object value) {
      return value instanceof Number n ? n.longValue() : -1;
    }
  }
}
