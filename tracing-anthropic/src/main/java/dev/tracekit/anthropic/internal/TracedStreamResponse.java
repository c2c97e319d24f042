package dev.tracekit.anthropic.internal;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.RawMessageStreamEvent;
import dev.tracekit.ai.AiSpan;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A streamed Messages response whose events fill the span ({@link StreamState}). A failure while
 * reading fails it; closing before {@code message_stop} ends it as abandoned, as does an exception
 * thrown by the caller's own code while consuming. Internal.
 */
final class TracedStreamResponse implements StreamResponse<RawMessageStreamEvent> {
  private final StreamResponse<RawMessageStreamEvent> delegate;
  private final StreamState state;

  TracedStreamResponse(StreamResponse<RawMessageStreamEvent> delegate, AiSpan span) {
    this.delegate = delegate;
    this.state = new StreamState(span);
  }

  @Override
  public Stream<RawMessageStreamEvent> stream() {
    Stream<RawMessageStreamEvent> source;
    try {
      source = delegate.stream();
    } catch (RuntimeException e) {
      state.fail(e);
      throw e;
    }
    return StreamSupport.stream(new Events(source.spliterator()), false).onClose(this::close);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      state.abandon();
    }
  }

  /** The source's events, read before the caller sees them. */
  private final class Events implements Spliterator<RawMessageStreamEvent> {
    private final Spliterator<RawMessageStreamEvent> source;

    Events(Spliterator<RawMessageStreamEvent> source) {
      this.source = source;
    }

    @Override
    public boolean tryAdvance(Consumer<? super RawMessageStreamEvent> action) {
      boolean[] userFailed = {false};
      boolean more;
      try {
        more =
            source.tryAdvance(
                e -> {
                  state.read(e);
                  try {
                    action.accept(e);
                  } catch (RuntimeException | Error u) {
                    userFailed[0] = true;
                    throw u;
                  }
                });
      } catch (RuntimeException | Error t) {
        if (userFailed[0]) {
          // the caller's own code threw while consuming: the stream was given up, not broken
          state.abandon();
        } else {
          state.fail(t);
        }
        throw t;
      }
      if (!more) {
        state.finish();
      }
      return more;
    }

    @Override
    public @Nullable Spliterator<RawMessageStreamEvent> trySplit() {
      return null;
    }

    @Override
    public long estimateSize() {
      return Long.MAX_VALUE;
    }

    @Override
    public int characteristics() {
      return ORDERED | NONNULL;
    }
  }
}
