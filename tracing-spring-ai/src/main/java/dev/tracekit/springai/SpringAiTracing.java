package dev.tracekit.springai;

import dev.tracekit.ai.AiTracing;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.Scopes;
import dev.tracekit.springai.internal.GenAiObservationHandler;
import dev.tracekit.springai.internal.TracingStreamAdvisor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.advisor.api.Advisor;

/**
 * Exports Spring AI's observations as TraceKit GenAI spans and metrics, the same as tracing-ai's
 * own: chat calls ({@code chat {model}}, CLIENT) with request settings, {@code
 * gen_ai.provider.name}, {@code gen_ai.conversation.id} (from the ChatClient's chat memory
 * conversation id), token usage incl. cache tokens, finish reasons and cost; embeddings; tool calls
 * ({@code execute_tool {name}}); ChatClient calls and advisors as INTERNAL spans.
 *
 * <pre>{@code
 * SpringAiTracing springAi = SpringAiTracing.create(AiTracing.create(openTelemetry));
 * ObservationRegistry registry = ObservationRegistry.create();
 * springAi.register(registry);                 // the registry Spring AI's models use
 * ChatClient chat = ChatClient.builder(model)
 *     .defaultAdvisors(springAi.streamAdvisor()) // time to first chunk of streamed calls
 *     .build();
 * }</pre>
 *
 * <p>The Spring Boot starter does this when Spring AI is on the class path. Spring AI observes
 * nothing when its models have no {@link ObservationRegistry} (the no-op one). Message content is
 * recorded only when tracing-ai's content capture is on (redacted and capped there).
 */
public final class SpringAiTracing {
  private final GenAiObservationHandler handler;
  private final TracingStreamAdvisor advisor = new TracingStreamAdvisor();

  SpringAiTracing(AiTracing ai, OpenTelemetry openTelemetry, boolean chatClient, boolean advisors) {
    this.handler =
        new GenAiObservationHandler(
            ai, Scopes.tracer(openTelemetry, "dev.tracekit.springai"), chatClient, advisors);
  }

  /**
   * Spring AI tracing with the defaults, on a tracing-ai instance of its own.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return the tracing
   * @throws NullPointerException if {@code openTelemetry} is null
   */
  public static SpringAiTracing create(OpenTelemetry openTelemetry) {
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    return builder(openTelemetry, AiTracing.create(openTelemetry)).build();
  }

  /**
   * A builder using {@code ai} (its content capture, price table and conventions).
   *
   * @param openTelemetry the OpenTelemetry instance {@code ai} was made with
   * @param ai tracing-ai
   * @return the builder
   * @throws NullPointerException if an argument is null
   */
  public static SpringAiTracingBuilder builder(OpenTelemetry openTelemetry, AiTracing ai) {
    return new SpringAiTracingBuilder(
        Objects.requireNonNull(openTelemetry, "openTelemetry"), Objects.requireNonNull(ai, "ai"));
  }

  /**
   * The observation handler; add it to the {@link ObservationRegistry} Spring AI's models use.
   *
   * @return the handler
   */
  public ObservationHandler<Observation.Context> observationHandler() {
    return handler;
  }

  /**
   * Adds the observation handler to a registry. A null registry is skipped (null is returned) and
   * reported once.
   *
   * @param registry the registry
   * @return the registry
   */
  public @Nullable ObservationRegistry register(@Nullable ObservationRegistry registry) {
    if (registry == null) {
      Diagnostics.reportOnce("spring-ai.register.null", "SpringAiTracing.register(null) ignored");
      return null;
    }
    registry.observationConfig().observationHandler(handler);
    return registry;
  }

  /**
   * The span TraceKit made for a Spring AI observation (to add attributes, or for a bridge that
   * needs it), or an invalid span when there is none. A null context gives an invalid span.
   *
   * @param context the observation's context
   * @return the span
   */
  public static Span span(Observation.@Nullable ContextView context) {
    return context == null ? Span.getInvalid() : GenAiObservationHandler.span(context);
  }

  /**
   * A ChatClient advisor that reports the chunks of streamed calls to the chat span below it
   * ({@code gen_ai.response.time_to_first_chunk}, per-chunk metric). Calls pass through unchanged.
   * Without it a streamed call is still traced, with its tokens, but without chunk timing.
   *
   * @return the advisor
   */
  public Advisor streamAdvisor() {
    return advisor;
  }
}
