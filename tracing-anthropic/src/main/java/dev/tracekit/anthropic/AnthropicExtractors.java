package dev.tracekit.anthropic;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.RawContentBlockDelta;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Usage;
import dev.tracekit.ai.GenAiChunkExtractor;
import dev.tracekit.ai.GenAiResponseExtractor;
import dev.tracekit.ai.ResponseInfo;
import dev.tracekit.anthropic.internal.Anthropic;
import dev.tracekit.api.support.Diagnostics;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Extractors for anthropic-java's result types, for tracing-ai's builder API when the client is not
 * wrapped:
 *
 * <pre>{@code
 * Message reply = ai.chat("anthropic", "claude-sonnet-4-5")
 *     .call(() -> client.messages().create(params), AnthropicExtractors.message());
 * try (Stream<RawMessageStreamEvent> events = ai.chat("anthropic", "claude-sonnet-4-5")
 *     .stream(() -> AnthropicExtractors.closing(client.messages().createStreaming(params)),
 *             AnthropicExtractors.events())) {
 *   events.forEach(this::render);
 * }
 * }</pre>
 *
 * <p>They read the same data as {@link AnthropicTracing#wrap} (id, model, stop reasons, usage with
 * prompt-cache reads and writes, text with content capture on); a failure is typed by its exception
 * class on this path, by Anthropic's error type with a wrapped client.
 */
public final class AnthropicExtractors {
  private static final GenAiResponseExtractor<Message> MESSAGE = Anthropic::read;
  private static final GenAiChunkExtractor<RawMessageStreamEvent> EVENTS =
      AnthropicExtractors::event;

  private AnthropicExtractors() {}

  /**
   * Reads a {@link Message}.
   *
   * @return the extractor
   */
  public static GenAiResponseExtractor<Message> message() {
    return MESSAGE;
  }

  /**
   * Reads streamed {@link RawMessageStreamEvent}s; each {@code content_block_delta} is a chunk.
   *
   * @return the chunk extractor
   */
  public static GenAiChunkExtractor<RawMessageStreamEvent> events() {
    return EVENTS;
  }

  /**
   * The events of a streamed response as a stream whose {@code close()} also closes the response
   * (and its connection).
   *
   * @param response the streamed response; null gives an empty stream (reported once)
   * @return its events, closing the response on close
   */
  public static Stream<RawMessageStreamEvent> closing(
      @Nullable StreamResponse<RawMessageStreamEvent> response) {
    if (response == null) {
      Diagnostics.reportOnce(
          "anthropic.closing.null", "AnthropicExtractors.closing(null): an empty stream");
      return Stream.empty();
    }
    return response.stream().onClose(response::close);
  }

  private static boolean event(RawMessageStreamEvent event, ResponseInfo info) {
    if (event.isContentBlockDelta()) {
      RawContentBlockDelta delta = event.asContentBlockDelta().delta();
      if (delta.isText()) {
        info.appendOutputText(0, "assistant", delta.asText().text());
      }
      return true;
    }
    if (event.isMessageStart()) {
      Message message = event.asMessageStart().message();
      info.responseId(message.id()).responseModel(message.model().asString());
      Usage usage = message.usage();
      Anthropic.usage(
          info,
          usage.inputTokens(),
          usage.outputTokens(),
          usage.cacheReadInputTokens().orElse(-1L),
          usage.cacheCreationInputTokens().orElse(-1L));
    } else if (event.isMessageDelta()) {
      event
          .asMessageDelta()
          .delta()
          .stopReason()
          .ifPresent(r -> info.addFinishReason(Anthropic.stopReason(r)));
      MessageDeltaUsage usage = event.asMessageDelta().usage();
      info.outputTokens(usage.outputTokens());
      // A delta carrying input tokens carries the cache counts with them (cumulative usage).
      usage
          .inputTokens()
          .ifPresent(
              in ->
                  Anthropic.usage(
                      info,
                      in,
                      usage.outputTokens(),
                      usage.cacheReadInputTokens().orElse(-1L),
                      usage.cacheCreationInputTokens().orElse(-1L)));
    }
    return false;
  }
}
