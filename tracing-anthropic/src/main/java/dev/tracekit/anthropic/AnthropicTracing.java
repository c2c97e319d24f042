package dev.tracekit.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.services.async.MessageServiceAsync;
import com.anthropic.services.blocking.MessageService;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.anthropic.internal.TracingAnthropicClient;
import dev.tracekit.anthropic.internal.TracingAnthropicClientAsync;
import dev.tracekit.anthropic.internal.TracingMessageService;
import dev.tracekit.anthropic.internal.TracingMessageServiceAsync;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * GenAI tracing for Anthropic's {@code anthropic-java} client, on tracing-ai's spans, metrics, cost
 * and content-capture rules.
 *
 * <pre>{@code
 * AnthropicClient client = AnthropicTracing.create(openTelemetry)
 *     .wrap(AnthropicOkHttpClient.fromEnv());
 * Message reply = client.messages().create(params);            // chat {model}
 * try (StreamResponse<RawMessageStreamEvent> events = client.messages().createStreaming(params)) {
 *   events.stream().forEach(this::render);                      // one span, ended on message_stop
 * }
 * }</pre>
 *
 * <p>Each {@code messages().create} and {@code createStreaming} is a CLIENT span {@code chat
 * {model}} with {@code gen_ai.provider.name=anthropic}: request model and max tokens, response id
 * and model, stop reasons ({@code end_turn}, {@code tool_use}, ...), input tokens (including prompt
 * cache reads and writes), output tokens, {@code gen_ai.usage.cache_read.input_tokens}, {@code
 * gen_ai.usage.cache_creation.input_tokens}, time to first chunk, and errors typed by Anthropic's
 * error type ({@code rate_limit_error}, {@code overloaded_error}, ...). A stream closed before
 * {@code message_stop} is marked abandoned. The asynchronous client ({@code client.async()} of a
 * wrapped client, or {@link #wrap(AnthropicClientAsync)}) is traced the same way. Other services
 * (batches, models, files, beta) pass through untraced.
 */
public final class AnthropicTracing {
  private final AiTracing ai;

  private AnthropicTracing(AiTracing ai) {
    this.ai = ai;
  }

  /**
   * Creates an instance recording through a new {@link AiTracing} with its defaults.
   *
   * @param openTelemetry the OpenTelemetry to record with
   * @return the instance
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static AnthropicTracing create(OpenTelemetry openTelemetry) {
    return new AnthropicTracing(
        AiTracing.create(Objects.requireNonNull(openTelemetry, "openTelemetry")));
  }

  /**
   * Creates an instance recording through {@code ai} (its content capture, redaction, price table
   * and conventions apply).
   *
   * @param ai the GenAI tracing to record with
   * @return the instance
   * @throws NullPointerException if {@code ai} is null
   */
  public static AnthropicTracing create(AiTracing ai) {
    return new AnthropicTracing(Objects.requireNonNull(ai, "ai"));
  }

  /**
   * A client whose {@code messages()} calls are traced ({@code server.address} from its base URL).
   *
   * @param client the client
   * @return the traced client
   * @throws NullPointerException if {@code client} is null
   */
  public AnthropicClient wrap(AnthropicClient client) {
    Objects.requireNonNull(client, "client");
    return client instanceof TracingAnthropicClient
        ? client
        : new TracingAnthropicClient(ai, client);
  }

  /**
   * An asynchronous client whose {@code messages()} calls are traced: the span ends when the future
   * completes or the stream's subscriber sees its end, and the subscriber's callbacks run in the
   * caller's context.
   *
   * @param client the client
   * @return the traced client
   * @throws NullPointerException if {@code client} is null
   */
  public AnthropicClientAsync wrap(AnthropicClientAsync client) {
    Objects.requireNonNull(client, "client");
    return client instanceof TracingAnthropicClientAsync
        ? client
        : new TracingAnthropicClientAsync(ai, client);
  }

  /**
   * A traced asynchronous message service ({@code client.async().messages()}).
   *
   * @param messages the service
   * @return the traced service
   * @throws NullPointerException if {@code messages} is null
   */
  public MessageServiceAsync wrap(MessageServiceAsync messages) {
    Objects.requireNonNull(messages, "messages");
    return messages instanceof TracingMessageServiceAsync
        ? messages
        : new TracingMessageServiceAsync(ai, messages, null);
  }

  /**
   * A traced message service ({@code client.messages()}).
   *
   * @param messages the service
   * @return the traced service
   * @throws NullPointerException if {@code messages} is null
   */
  public MessageService wrap(MessageService messages) {
    Objects.requireNonNull(messages, "messages");
    return messages instanceof TracingMessageService
        ? messages
        : new TracingMessageService(ai, messages, null);
  }
}
