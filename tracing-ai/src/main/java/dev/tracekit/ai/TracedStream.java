package dev.tracekit.ai;

import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/** A stream view that reports each element, the end, failures and early close to its state. */
final class TracedStream<T> implements Spliterator<T> {
  private final Spliterator<T> delegate;
  private final StreamState<T> state;

  private TracedStream(Spliterator<T> delegate, StreamState<T> state) {
    this.delegate = delegate;
    this.state = state;
  }

  static <T> Stream<T> wrap(Stream<T> source, StreamState<T> state) {
    Spliterator<T> spliterator;
    try {
      spliterator = source.spliterator();
    } catch (RuntimeException e) {
      state.failed(e);
      throw e;
    }
    return StreamSupport.stream(new TracedStream<>(spliterator, state), false)
        .onClose(
            () -> {
              try {
                source.close();
              } finally {
                state.closed();
              }
            });
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    boolean more;
    try {
      more =
          delegate.tryAdvance(
              t -> {
                state.onElement(t);
                action.accept(t);
              });
    } catch (RuntimeException | Error e) {
      state.failed(e);
      throw e;
    }
    if (!more) {
      state.completed();
    }
    return more;
  }

  @Override
  public void forEachRemaining(Consumer<? super T> action) {
    while (tryAdvance(action)) {
      // one element at a time so that the end is seen
    }
  }

  @Override
  public @Nullable Spliterator<T> trySplit() {
    return null;
  }

  @Override
  public long estimateSize() {
    return delegate.estimateSize();
  }

  @Override
  public int characteristics() {
    return delegate.characteristics() & (ORDERED | NONNULL | IMMUTABLE);
  }
}
