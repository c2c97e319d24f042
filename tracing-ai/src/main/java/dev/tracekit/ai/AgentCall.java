package dev.tracekit.ai;

import dev.tracekit.api.ThrowingSupplier;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * An agent being invoked or created: {@link #invoke} runs a span {@code invoke_agent {name}},
 * {@link #create} a span {@code create_agent {name}}, with {@code gen_ai.agent.*}. The span is
 * INTERNAL for an in-process agent and CLIENT when a provider is set (a remote agent service). Its
 * methods are run-time methods: they never throw; setters accept nulls (nothing recorded), a null
 * callback is skipped and reported once.
 */
public final class AgentCall {
  private final AiRecorder recorder;
  private final String name;
  private @Nullable String id;
  private @Nullable String description;
  private @Nullable String version;
  private @Nullable String provider;
  private @Nullable String model;
  private @Nullable String conversationId;

  AgentCall(AiRecorder recorder, String name) {
    this.recorder = recorder;
    this.name = name;
  }

  /**
   * {@code gen_ai.agent.id}.
   *
   * @param id the agent id
   * @return this
   */
  public AgentCall id(@Nullable String id) {
    this.id = id;
    return this;
  }

  /**
   * {@code gen_ai.agent.description}.
   *
   * @param description the description
   * @return this
   */
  public AgentCall description(@Nullable String description) {
    this.description = description;
    return this;
  }

  /**
   * {@code gen_ai.agent.version}.
   *
   * @param version the version
   * @return this
   */
  public AgentCall version(@Nullable String version) {
    this.version = version;
    return this;
  }

  /**
   * {@code gen_ai.provider.name}, for an agent run by a provider's service (makes the span CLIENT).
   *
   * @param provider the provider
   * @return this
   */
  public AgentCall provider(@Nullable String provider) {
    this.provider = provider;
    return this;
  }

  /**
   * {@code gen_ai.request.model}: the model the agent uses.
   *
   * @param model the model
   * @return this
   */
  public AgentCall model(@Nullable String model) {
    this.model = model;
    return this;
  }

  /**
   * {@code gen_ai.conversation.id}.
   *
   * @param conversationId the conversation id
   * @return this
   */
  public AgentCall conversationId(@Nullable String conversationId) {
    this.conversationId = conversationId;
    return this;
  }

  /**
   * Runs the agent in an {@code invoke_agent {name}} span; model calls, tools and handoffs inside
   * become its children.
   *
   * @param fn the agent's work; a null fn is skipped (no span, returns null) and reported once
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> @Nullable R invoke(@Nullable ThrowingSupplier<R, E> fn) throws E {
    if (fn == null) {
      AiRecorder.reportNull("AgentCall.invoke", "fn", "nothing is run, null is returned");
      return null;
    }
    return recorder.run(span("invoke_agent"), fn, null);
  }

  /**
   * Starts an {@code invoke_agent {name}} span now, for a framework that reports the agent's end
   * through a callback; end it with {@link AiSpan#end()} or {@link AiSpan#fail(Throwable)}. Make it
   * current ({@link AiSpan#makeCurrent()}) around the agent's work so model and tool calls become
   * its children.
   *
   * @return the started agent invocation
   */
  public AiSpan begin() {
    long start = System.nanoTime();
    Context parent = Context.current();
    return new AiSpan(recorder, null, span("invoke_agent"), parent, start, false);
  }

  /**
   * Runs the creation of the agent in a {@code create_agent {name}} span.
   *
   * @param fn the creation; a null fn is skipped (no span, returns null) and reported once
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> @Nullable R create(@Nullable ThrowingSupplier<R, E> fn) throws E {
    if (fn == null) {
      AiRecorder.reportNull("AgentCall.create", "fn", "nothing is run, null is returned");
      return null;
    }
    return recorder.run(span("create_agent"), fn, null);
  }

  private Span span(String operation) {
    // create_agent is a CLIENT span in the GenAI conventions; invoke_agent is CLIENT for a
    // provider's agent service and INTERNAL for an agent running in this process.
    boolean client = provider != null || "create_agent".equals(operation);
    // The newer GenAI conventions drop agent id, version and provider from the INTERNAL span.
    boolean full = client || !recorder.latest;
    SpanBuilder b =
        recorder
            .tracer
            .spanBuilder(recorder.spanName(operation, name))
            .setSpanKind(client ? SpanKind.CLIENT : SpanKind.INTERNAL)
            .setAttribute(GenAiAttributes.OPERATION_NAME, operation)
            .setAttribute(GenAiAttributes.AGENT_NAME, name);
    if (id != null && full) {
      b.setAttribute(GenAiAttributes.AGENT_ID, id);
    }
    if (description != null) {
      b.setAttribute(GenAiAttributes.AGENT_DESCRIPTION, description);
    }
    if (version != null && full) {
      b.setAttribute(GenAiAttributes.AGENT_VERSION, version);
    }
    if (full) {
      // gen_ai.provider.name is required in v1.41: an in-process agent without one is _OTHER.
      b.setAttribute(
          GenAiAttributes.PROVIDER_NAME,
          provider != null ? provider : GenAiAttributes.PROVIDER_OTHER);
    }
    if (model != null) {
      b.setAttribute(GenAiAttributes.REQUEST_MODEL, model);
    }
    if (conversationId != null) {
      b.setAttribute(GenAiAttributes.CONVERSATION_ID, conversationId);
    }
    return recorder.start(b, operation, name);
  }
}
