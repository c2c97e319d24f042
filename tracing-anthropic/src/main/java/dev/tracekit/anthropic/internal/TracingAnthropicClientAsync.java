package dev.tracekit.anthropic.internal;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.ClientOptions;
import com.anthropic.services.async.BetaServiceAsync;
import com.anthropic.services.async.FileServiceAsync;
import com.anthropic.services.async.MessageServiceAsync;
import com.anthropic.services.async.ModelServiceAsync;
import com.anthropic.services.async.OrganizationServiceAsync;
import com.anthropic.services.async.SkillServiceAsync;
import com.anthropic.services.async.UserProfileServiceAsync;
import dev.tracekit.ai.AiTracing;
import java.util.function.Consumer;

/**
 * An asynchronous Anthropic client whose {@code messages()} is traced; every other service passes
 * through. Internal.
 */
public final class TracingAnthropicClientAsync implements AnthropicClientAsync {
  private final AiTracing ai;
  private final AnthropicClientAsync delegate;
  private final MessageServiceAsync messages;

  /**
   * Wraps a client.
   *
   * @param ai where spans go
   * @param delegate the client
   */
  public TracingAnthropicClientAsync(AiTracing ai, AnthropicClientAsync delegate) {
    this.ai = ai;
    this.delegate = delegate;
    this.messages =
        new TracingMessageServiceAsync(
            ai, delegate.messages(), TracingAnthropicClient.endpoint(delegate.options()));
  }

  @Override
  public MessageServiceAsync messages() {
    return messages;
  }

  @Override
  public AnthropicClient sync() {
    return new TracingAnthropicClient(ai, delegate.sync());
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
  public AnthropicClientAsync withOptions(Consumer<ClientOptions.Builder> modifier) {
    return new TracingAnthropicClientAsync(ai, delegate.withOptions(modifier));
  }

  @Override
  public ModelServiceAsync models() {
    return delegate.models();
  }

  @Override
  public FileServiceAsync files() {
    return delegate.files();
  }

  @Override
  public SkillServiceAsync skills() {
    return delegate.skills();
  }

  @Override
  public UserProfileServiceAsync userProfiles() {
    return delegate.userProfiles();
  }

  @Override
  public OrganizationServiceAsync organization() {
    return delegate.organization();
  }

  @Override
  public BetaServiceAsync beta() {
    return delegate.beta();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
