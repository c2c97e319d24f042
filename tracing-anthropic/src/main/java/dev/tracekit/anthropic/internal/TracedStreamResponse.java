package dev.tracekit.anthropic.internal;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.RawContentBlockDelta;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Usage;
import dev.tracekit.ai.AiSpan;
import dev.tracekit.api.support.Diagnostics;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A streamed Messages response whose events fill the span: {@code message_start} (id, model, input
 * and cache tokens), {@code content_block_delta} (chunks, time to first chunk, text with capture
 * on), {@code message_delta} (stop reason, output tokens), {@code message_stop} (ends the span). A
 * failure while reading fails it; closing before {@code message_stop} ends it as abandoned.
 * Internal.
 */
final class TracedStreamResponse implements StreamResponse<RawMessageStreamEvent> {
  private final StreamResponse<RawMessageStreamEvent> delegate;
  private final AiSpan span;
  private volatile boolean done;
  private long input = -1;
  private long output = -1;
  private long cacheRead = -1;
  private long cacheCreation = -1;

  TracedStreamResponse(StreamResponse<RawMessageStreamEvent> delegate, AiSpan span) {
    this.delegate = delegate;
    this.span = span;
  }

  @Override
  public Stream<RawMessageStreamEvent> stream() {
    Stream<RawMessageStreamEvent> source;
    try {
      source = delegate.stream();
    } catch (RuntimeException e) {
      fail(e);
      throw e;
    }
    return StreamSupport.stream(new Events(source.spliterator()), false).onClose(this::close);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      if (!done) {
        done = true;
        span.abandon();
      }
    }
  }

  private void fail(Throwable t) {
    if (!done) {
      done = true;
      Anthropic.fail(span, t);
    }
  }

  private void finish() {
    if (!done) {
      done = true;
      Anthropic.usage(span.response(), input, output, cacheRead, cacheCreation);
      span.end();
    }
  }

  private void read(RawMessageStreamEvent event) {
    try {
      if (event.isContentBlockDelta()) {
        span.chunk();
        RawContentBlockDelta delta = event.asContentBlockDelta().delta();
        if (delta.isText() && span.response().captureContent()) {
          span.response().appendOutputText(0, "assistant", delta.asText().text());
        }
      } else if (event.isMessageStart()) {
        Message message = event.asMessageStart().message();
        span.response().responseId(message.id()).responseModel(message.model().asString());
        Usage usage = message.usage();
        input = usage.inputTokens();
        output = usage.outputTokens();
        cacheRead = usage.cacheReadInputTokens().orElse(-1L);
        cacheCreation = usage.cacheCreationInputTokens().orElse(-1L);
      } else if (event.isMessageDelta()) {
        event
            .asMessageDelta()
            .delta()
            .stopReason()
            .ifPresent(r -> span.response().addFinishReason(Anthropic.stopReason(r)));
        MessageDeltaUsage usage = event.asMessageDelta().usage();
        output = usage.outputTokens();
        input = usage.inputTokens().orElse(input);
        cacheRead = usage.cacheReadInputTokens().orElse(cacheRead);
        cacheCreation = usage.cacheCreationInputTokens().orElse(cacheCreation);
      } else if (event.isMessageStop()) {
        finish();
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "anthropic.stream-event", "reading an Anthropic stream event failed", e);
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
                  read(e);
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
          if (!done) {
            done = true;
            span.abandon();
          }
        } else {
          fail(t);
        }
        throw t;
      }
      if (!more) {
        finish();
      }
      return more;
    }

    @Override
    public @org.jspecify.annotations.Nullable Spliterator<RawMessageStreamEvent> trySplit() {
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
