package dev.tracekit.springai.internal;

import dev.tracekit.ai.AiSpan;
import org.jspecify.annotations.Nullable;

/**
 * Where the stream advisor reports chunks of a streamed chat: the observation handler attaches the
 * model call's span when the streaming observation starts below the advisor.
 *
 * <p>Internal: not API.
 */
final class ChunkSink {
  private volatile @Nullable AiSpan span;

  void attach(AiSpan span) {
    this.span = span;
  }

  void chunk() {
    AiSpan current = span;
    if (current != null) {
      current.chunk();
    }
  }
}
