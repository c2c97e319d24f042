package dev.tracekit.anthropic.internal;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.ClientOptions;
import com.anthropic.services.blocking.BetaService;
import com.anthropic.services.blocking.FileService;
import com.anthropic.services.blocking.MessageService;
import com.anthropic.services.blocking.ModelService;
import com.anthropic.services.blocking.OrganizationService;
import com.anthropic.services.blocking.SkillService;
import com.anthropic.services.blocking.UserProfileService;
import dev.tracekit.ai.AiTracing;
import java.net.URI;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An Anthropic client whose {@code messages()} (and {@code async().messages()}) is traced; every
 * other service passes through. Internal.
 */
public final class TracingAnthropicClient implements AnthropicClient {
  private final AiTracing ai;
  private final AnthropicClient delegate;
  private final MessageService messages;

  /**
   * Wraps a client.
   *
   * @param ai where spans go
   * @param delegate the client
   */
  public TracingAnthropicClient(AiTracing ai, AnthropicClient delegate) {
    this.ai = ai;
    this.delegate = delegate;
    this.messages =
        new TracingMessageService(ai, delegate.messages(), endpoint(delegate.options()));
  }

  /**
   * The client's base URL, for {@code server.address}.
   *
   * @param options the client's options
   * @return the URI, or null
   */
  static @Nullable URI endpoint(ClientOptions options) {
    try {
      return URI.create(options.baseUrl());
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public MessageService messages() {
    return messages;
  }

  @Override
  public AnthropicClientAsync async() {
    return new TracingAnthropicClientAsync(ai, delegate.async());
  }

  @Override
  public WithRawResponse withRawResponse() {
    return delegate.withRawResponse();
  }

  @Override
  public ClientOptions options() {
    return delegate.options();
  }

  @Override
  public AnthropicClient withOptions(Consumer<ClientOptions.Builder> modifier) {
    return new TracingAnthropicClient(ai, delegate.withOptions(modifier));
  }

  @Override
  public ModelService models() {
    return delegate.models();
  }

  @Override
  public FileService files() {
    return delegate.files();
  }

  @Override
  public SkillService skills() {
    return delegate.skills();
  }

  @Override
  public UserProfileService userProfiles() {
    return delegate.userProfiles();
  }

  @Override
  public OrganizationService organization() {
    return delegate.organization();
  }

  @Override
  public BetaService beta() {
    return delegate.beta();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
