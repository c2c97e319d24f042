package dev.tracekit.langchain4j.internal;

import dev.tracekit.ai.AiSpan;
import org.jspecify.annotations.Nullable;

/**
 * Links a streaming call's handler to the span the listener starts for it: the traced streaming
 * model sets {@link #CURRENT} around {@code chat(..)}, the listener's {@code onRequest} (which
 * LangChain4j calls synchronously inside it) attaches its span. Internal.
 */
public final class StreamLink {
  /** The link of the streaming call being started on this thread. */
  public static final ThreadLocal<@Nullable StreamLink> CURRENT = new ThreadLocal<>();

  private volatile @Nullable AiSpan span;

  void attach(AiSpan span) {
    this.span = span;
  }

  /**
   * The span, once the listener started one.
   *
   * @return the span, or null
   */
  public @Nullable AiSpan span() {
    return span;
  }
}
