package dev.tracekit.anthropic.internal;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.RawContentBlockDelta;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Usage;
import dev.tracekit.ai.AiSpan;
import dev.tracekit.api.support.Diagnostics;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One streamed Messages response read into its span: {@code message_start} (id, model, input and
 * cache tokens), {@code content_block_delta} (chunks, time to first chunk, text with capture on),
 * {@code message_delta} (stop reason, output tokens), {@code message_stop} (ends the span). The
 * first of {@link #finish()}, {@link #fail(Throwable)} and {@link #abandon()} counts. Internal.
 */
final class StreamState {
  private final AiSpan span;
  private volatile boolean done;
  private long input = -1;
  private long output = -1;
  private long cacheRead = -1;
  private long cacheCreation = -1;

  StreamState(AiSpan span) {
    this.span = span;
  }

  boolean done() {
    return done;
  }

  synchronized void read(RawMessageStreamEvent event) {
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

  synchronized void finish() {
    if (!done) {
      done = true;
      Anthropic.usage(span.response(), input, output, cacheRead, cacheCreation);
      span.end();
    }
  }

  synchronized void fail(Throwable error) {
    if (!done) {
      done = true;
      Throwable t = unwrap(error);
      if (t instanceof CancellationException) {
        span.abandon();
      } else {
        Anthropic.fail(span, t);
      }
    }
  }

  synchronized void abandon() {
    if (!done) {
      done = true;
      span.abandon();
    }
  }

  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
