package dev.tracekit.anthropic.internal;

import com.anthropic.core.ClientOptions;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.services.blocking.MessageService;
import com.anthropic.services.blocking.messages.BatchService;
import dev.tracekit.ai.AiSpan;
import dev.tracekit.ai.AiTracing;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Anthropic's Messages API with {@code create} and {@code createStreaming} in {@code chat {model}}
 * spans; batches, token counting and raw responses pass through untraced. Internal.
 */
public final class TracingMessageService implements MessageService {
  private final AiTracing ai;
  private final MessageService delegate;
  private final @Nullable URI server;

  /**
   * Wraps a message service.
   *
   * @param ai where spans go
   * @param delegate the service
   * @param server the endpoint for {@code server.address}, or null
   */
  public TracingMessageService(AiTracing ai, MessageService delegate, @Nullable URI server) {
    this.ai = ai;
    this.delegate = delegate;
    this.server = server;
  }

  @Override
  @SuppressWarnings("try") // the scope only needs closing
  public Message create(MessageCreateParams params, RequestOptions requestOptions) {
    AiSpan span = Anthropic.call(ai, params, server, false).begin();
    Message message;
    try (Scope ignored = span.makeCurrent()) {
      message = delegate.create(params, requestOptions);
    } catch (Throwable t) {
      Anthropic.fail(span, t);
      throw t;
    }
    Anthropic.read(message, span);
    span.end();
    return message;
  }

  @Override
  @SuppressWarnings("try") // the scope only needs closing
  public StreamResponse<RawMessageStreamEvent> createStreaming(
      MessageCreateParams params, RequestOptions requestOptions) {
    AiSpan span = Anthropic.call(ai, params, server, true).begin();
    StreamResponse<RawMessageStreamEvent> response;
    try (Scope ignored = span.makeCurrent()) {
      response = delegate.createStreaming(params, requestOptions);
    } catch (Throwable t) {
      Anthropic.fail(span, t);
      throw t;
    }
    return new TracedStreamResponse(response, span);
  }

  @Override
  public MessageTokensCount countTokens(
      MessageCountTokensParams params, RequestOptions requestOptions) {
    return delegate.countTokens(params, requestOptions);
  }

  @Override
  public WithRawResponse withRawResponse() {
    return delegate.withRawResponse();
  }

  @Override
  public MessageService withOptions(Consumer<ClientOptions.Builder> modifier) {
    return new TracingMessageService(ai, delegate.withOptions(modifier), server);
  }

  @Override
  public BatchService batches() {
    return delegate.batches();
  }
}
