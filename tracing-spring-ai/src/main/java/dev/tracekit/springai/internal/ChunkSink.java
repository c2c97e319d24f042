package dev.tracekit.springai.internal;

import dev.tracekit.ai.AiSpan;
import org.jspecify.annotations.Nullable;

/**
 * Where the stream advisor reports chunks of a streamed chat: the observation handler attaches the
 * model call's span when the streaming observation starts below the advisor.
 *
 * <p>Spring AI hands streamed responses to the advisors through {@code publishOn}, so the model's
 * observation may stop while its last chunks are still on their way to the advisor. The handler
 * therefore leaves the ending of a streamed span to the sink, which ends it when the advisor's
 * stream terminates (or when the next model call of the same stream attaches).
 *
 * <p>Internal: not API.
 */
final class ChunkSink {
  private volatile @Nullable AiSpan span;
  private @Nullable Runnable pendingEnd;
  private boolean done;

  void attach(AiSpan span) {
    Runnable end;
    synchronized (this) {
      end = pendingEnd;
      pendingEnd = null;
      this.span = span;
    }
    if (end != null) {
      end.run();
    }
  }

  void chunk() {
    AiSpan current = span;
    if (current != null) {
      current.chunk();
    }
  }

  /**
   * Takes over the ending of {@code span}, unless the advisor's stream already ended.
   *
   * @return false when the caller must end the span itself
   */
  synchronized boolean deferEnd(AiSpan span, Runnable end) {
    if (done || this.span != span) {
      return false;
    }
    pendingEnd = end;
    return true;
  }

  /** The advisor's stream terminated (completed, failed or cancelled). */
  void done() {
    Runnable end;
    synchronized (this) {
      done = true;
      end = pendingEnd;
      pendingEnd = null;
    }
    if (end != null) {
      end.run();
    }
  }
}
