package dev.tracekit.springai;

import dev.tracekit.ai.AiTracing;
import io.opentelemetry.api.OpenTelemetry;

/** Configures {@link SpringAiTracing}. */
public final class SpringAiTracingBuilder {
  private final OpenTelemetry openTelemetry;
  private final AiTracing ai;
  private boolean chatClientSpans = true;
  private boolean advisorSpans = true;

  SpringAiTracingBuilder(OpenTelemetry openTelemetry, AiTracing ai) {
    this.openTelemetry = openTelemetry;
    this.ai = ai;
  }

  /**
   * Whether each ChatClient call gets an INTERNAL span {@code chat_client} above its advisors and
   * model calls. Default: on.
   *
   * @param enabled whether to record them
   * @return this
   */
  public SpringAiTracingBuilder chatClientSpans(boolean enabled) {
    this.chatClientSpans = enabled;
    return this;
  }

  /**
   * Whether each advisor gets an INTERNAL span {@code advisor {name}}. Default: on.
   *
   * @param enabled whether to record them
   * @return this
   */
  public SpringAiTracingBuilder advisorSpans(boolean enabled) {
    this.advisorSpans = enabled;
    return this;
  }

  /**
   * Builds the tracing.
   *
   * @return the tracing
   */
  public SpringAiTracing build() {
    return new SpringAiTracing(ai, openTelemetry, chatClientSpans, advisorSpans);
  }
}
