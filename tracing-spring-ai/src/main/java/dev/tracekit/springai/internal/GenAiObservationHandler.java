package dev.tracekit.springai.internal;

import dev.tracekit.ai.AiSpan;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.ai.GenAiAttributes;
import dev.tracekit.ai.ModelCall;
import dev.tracekit.ai.ResponseInfo;
import dev.tracekit.ai.ToolCall;
import dev.tracekit.api.support.Diagnostics;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.ErrorAttributes;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.observation.ToolCallingObservationContext;

/**
 * Turns Spring AI's observations into tracing-ai spans: chat and embedding observations through
 * {@link ModelCall#begin()}, tool calls through {@link ToolCall#begin()}, ChatClient calls and
 * advisors as INTERNAL spans. Parents follow the observation tree, so streamed calls started on
 * another thread still nest under their ChatClient call.
 *
 * <p>Internal: not API.
 */
public final class GenAiObservationHandler implements ObservationHandler<Observation.Context> {
  static final AttributeKey<String> ADVISOR_NAME =
      AttributeKey.stringKey("tracekit.spring_ai.advisor.name");

  private static final ThreadLocal<ArrayDeque<Scope>> SCOPES =
      ThreadLocal.withInitial(ArrayDeque::new);

  private final AiTracing ai;
  private final Tracer tracer;
  private final boolean chatClientSpans;
  private final boolean advisorSpans;

  /**
   * Creates the handler.
   *
   * @param ai tracing-ai, whose spans, metrics, prices and content settings are used
   * @param tracer the tracer for ChatClient and advisor spans
   * @param chatClientSpans whether ChatClient calls get a span
   * @param advisorSpans whether advisors get a span
   */
  public GenAiObservationHandler(
      AiTracing ai, Tracer tracer, boolean chatClientSpans, boolean advisorSpans) {
    this.ai = ai;
    this.tracer = tracer;
    this.chatClientSpans = chatClientSpans;
    this.advisorSpans = advisorSpans;
  }

  /**
   * The span made for an observation, or an invalid span.
   *
   * @param context the observation's context
   * @return the span
   */
  public static Span span(Observation.ContextView context) {
    State state = context.get(State.class);
    return state == null ? Span.getInvalid() : state.span;
  }

  /**
   * Every Spring AI observation, also those that get no span (disabled ChatClient or advisor spans,
   * TraceKit's own advisor): under Micrometer tracing this handler then stands in for Micrometer's,
   * so none of them becomes a Micrometer span either.
   */
  @Override
  public boolean supportsContext(Observation.Context context) {
    return context instanceof ChatModelObservationContext
        || context instanceof EmbeddingModelObservationContext
        || context instanceof ToolCallingObservationContext
        || context instanceof ChatClientObservationContext
        || context instanceof AdvisorObservationContext;
  }

  @Override
  public void onStart(Observation.Context context) {
    try {
      Context parent = parent(context);
      State state;
      if (context instanceof ChatModelObservationContext) {
        state = startChat((ChatModelObservationContext) context, parent);
      } else if (context instanceof EmbeddingModelObservationContext) {
        state = startEmbedding((EmbeddingModelObservationContext) context, parent);
      } else if (context instanceof ToolCallingObservationContext) {
        state = startTool((ToolCallingObservationContext) context, parent);
      } else if (context instanceof ChatClientObservationContext) {
        if (!chatClientSpans) {
          return;
        }
        ChatClientObservationContext c = (ChatClientObservationContext) context;
        Span span =
            internal("chat_client", parent)
                .setAttribute(GenAiAttributes.CONVERSATION_ID, conversationId(c.getRequest()))
                .startSpan();
        state = new State(null, span, parent.with(span), false, parent);
      } else if (context instanceof AdvisorObservationContext) {
        String name = ((AdvisorObservationContext) context).getAdvisorName();
        if (!advisorSpans || TracingStreamAdvisor.NAME.equals(name)) {
          return;
        }
        Span span =
            internal("advisor " + name, parent).setAttribute(ADVISOR_NAME, name).startSpan();
        state = new State(null, span, parent.with(span), false, parent);
      } else {
        return;
      }
      context.put(State.class, state);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("spring-ai.start", "starting a span for a Spring AI observation", e);
    }
  }

  @Override
  public void onScopeOpened(Observation.Context context) {
    State state = context.get(State.class);
    if (state != null) {
      SCOPES.get().push(state.context.makeCurrent());
    }
  }

  @Override
  public void onScopeClosed(Observation.Context context) {
    State state = context.get(State.class);
    if (state != null) {
      Scope scope = SCOPES.get().poll();
      if (scope != null) {
        scope.close();
      }
    }
  }

  @Override
  public void onStop(Observation.Context context) {
    State state = context.get(State.class);
    if (state == null) {
      return;
    }
    context.remove(State.class);
    Throwable error = context.getError();
    try {
      AiSpan ai = state.aiSpan;
      if (ai == null) {
        if (error != null && state.span.isRecording()) {
          state.span.setStatus(StatusCode.ERROR);
          state.span.setAttribute(ErrorAttributes.ERROR_TYPE, error.getClass().getName());
        }
        state.span.end();
      } else if (error != null && state.sink == null) {
        ai.fail(error);
      } else if (context instanceof ChatModelObservationContext) {
        ChatModelObservationContext chat = (ChatModelObservationContext) context;
        ChunkSink sink = state.sink;
        if (sink == null || !sink.deferEnd(ai, () -> endChat(chat, ai, state.streaming))) {
          endChat(chat, ai, state.streaming);
        }
      } else if (context instanceof EmbeddingModelObservationContext) {
        EmbeddingResponse response = ((EmbeddingModelObservationContext) context).getResponse();
        if (response != null) {
          read(response, ai.response());
        }
        ai.end();
      } else if (context instanceof ToolCallingObservationContext) {
        ai.result(((ToolCallingObservationContext) context).getToolCallResult());
        ai.end();
      } else {
        ai.end();
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("spring-ai.stop", "ending a span for a Spring AI observation", e);
      state.span.end();
    }
  }

  private static void endChat(ChatModelObservationContext context, AiSpan ai, boolean streaming) {
    try {
      Throwable error = context.getError();
      ChatResponse response = context.getResponse();
      if (error != null) {
        ai.fail(error);
      } else if (response == null && streaming) {
        ai.abandon();
      } else {
        if (response != null) {
          read(response, ai);
        }
        ai.end();
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("spring-ai.stop", "ending a span for a Spring AI observation", e);
      ai.end();
    }
  }

  private State startChat(ChatModelObservationContext context, Context parent) {
    Prompt prompt = context.getRequest();
    ChatOptions options = prompt.getOptions();
    String model = options == null ? null : options.getModel();
    ModelCall call =
        ai.chat(
            Providers.genAiName(context.getOperationMetadata().provider()),
            model == null ? "unknown" : model);
    if (options != null) {
      if (options.getMaxTokens() != null) {
        call.maxTokens(options.getMaxTokens());
      }
      if (options.getTemperature() != null) {
        call.temperature(options.getTemperature());
      }
      if (options.getTopP() != null) {
        call.topP(options.getTopP());
      }
      if (options.getTopK() != null) {
        call.topK(options.getTopK());
      }
      if (options.getFrequencyPenalty() != null) {
        call.frequencyPenalty(options.getFrequencyPenalty());
      }
      if (options.getPresencePenalty() != null) {
        call.presencePenalty(options.getPresencePenalty());
      }
      List<String> stop = options.getStopSequences();
      if (stop != null && !stop.isEmpty()) {
        call.stopSequences(stop);
      }
    }
    boolean streaming = Compat.streaming(context) || sinkAbove(context) != null;
    call.streamRequested(streaming);
    call.conversationId(conversationIdAbove(context));
    List<Message> messages = prompt.getInstructions();
    call.messages(messages.size());
    if (ai.captureContent()) {
      for (Message message : messages) {
        call.message(message.getMessageType().getValue(), message.getText());
      }
    }
    AiSpan span;
    try (Scope ignored = parent.makeCurrent()) {
      span = call.begin();
    }
    ChunkSink sink = sinkAbove(context);
    if (sink != null) {
      sink.attach(span);
    }
    State state = new State(span, span.span(), span.context(), streaming, parent);
    state.sink = sink;
    return state;
  }

  private State startEmbedding(EmbeddingModelObservationContext context, Context parent) {
    EmbeddingOptions options = context.getRequest().getOptions();
    String model = options == null ? null : options.getModel();
    ModelCall call =
        ai.embeddings(
            Providers.genAiName(context.getOperationMetadata().provider()),
            model == null ? "unknown" : model);
    call.messages(context.getRequest().getInstructions().size());
    AiSpan span;
    try (Scope ignored = parent.makeCurrent()) {
      span = call.begin();
    }
    return new State(span, span.span(), span.context(), false, parent);
  }

  private State startTool(ToolCallingObservationContext context, Context parent) {
    ToolDefinition definition = context.getToolDefinition();
    ToolCall call =
        ai.tool(definition.name())
            .description(definition.description())
            .callId(Compat.toolCallId(context))
            .arguments(context.getToolCallArguments());
    AiSpan span;
    try (Scope ignored = parent.makeCurrent()) {
      span = call.begin();
    }
    return new State(span, span.span(), span.context(), false, parent);
  }

  private io.opentelemetry.api.trace.SpanBuilder internal(String name, Context parent) {
    return tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL);
  }

  private static void read(ChatResponse response, AiSpan span) {
    ResponseInfo info = span.response();
    ChatResponseMetadata metadata = response.getMetadata();
    if (metadata != null) {
      info.responseId(metadata.getId());
      info.responseModel(metadata.getModel());
      Usage usage = metadata.getUsage();
      if (usage != null && reported(usage)) {
        Integer in = usage.getPromptTokens();
        Integer out = usage.getCompletionTokens();
        if (in != null) {
          info.inputTokens(in);
        }
        if (out != null) {
          info.outputTokens(out);
        }
        Long cacheRead = Compat.cacheReadTokens(usage);
        if (cacheRead != null) {
          info.cacheReadInputTokens(cacheRead);
        }
        Long cacheWrite = Compat.cacheWriteTokens(usage);
        if (cacheWrite != null && span.span().isRecording()) {
          span.span().setAttribute(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, cacheWrite);
        }
      }
    }
    List<Generation> generations = response.getResults();
    for (int i = 0; i < generations.size(); i++) {
      Generation generation = generations.get(i);
      ChatGenerationMetadata meta = generation.getMetadata();
      String reason = meta == null ? null : meta.getFinishReason();
      if (reason != null && !reason.isEmpty()) {
        info.addFinishReason(reason.toLowerCase(java.util.Locale.ROOT));
      }
      if (info.captureContent() && generation.getOutput() != null) {
        info.appendOutputText(i, "assistant", generation.getOutput().getText());
      }
    }
  }

  private static void read(EmbeddingResponse response, ResponseInfo info) {
    EmbeddingResponseMetadata metadata = response.getMetadata();
    if (metadata != null) {
      info.responseModel(metadata.getModel());
      Usage usage = metadata.getUsage();
      if (usage != null && reported(usage) && usage.getPromptTokens() != null) {
        info.inputTokens(usage.getPromptTokens());
      }
    }
    if (!response.getResults().isEmpty()) {
      float[] vector = response.getResults().get(0).getOutput();
      if (vector != null && vector.length > 0) {
        info.embeddingDimensions(vector.length);
      }
    }
  }

  /** Spring AI's {@code EmptyUsage} says 0/0 when the provider reported nothing: not a count. */
  private static boolean reported(Usage usage) {
    Integer in = usage.getPromptTokens();
    Integer out = usage.getCompletionTokens();
    boolean zero = (in == null || in == 0) && (out == null || out == 0);
    return !zero || usage.getNativeUsage() != null;
  }

  /**
   * The context of the nearest enclosing observation that has a span, else the current one. The
   * current context wins only when it holds a span of the same trace that is none of the enclosing
   * spans nor their parents: one the application started inside the enclosing call.
   */
  private static Context parent(Observation.Context context) {
    Context current = Context.current();
    State nearest = null;
    SpanContext here = Span.fromContext(current).getSpanContext();
    for (ObservationView p = context.getParentObservation();
        p != null;
        p = p.getContextView().getParentObservation()) {
      State state = p.getContextView().get(State.class);
      if (state == null) {
        continue;
      }
      if (nearest == null) {
        nearest = state;
        if (!here.isValid()
            || !here.getTraceId().equals(state.span.getSpanContext().getTraceId())) {
          return state.context;
        }
      }
      if (here.getSpanId().equals(state.span.getSpanContext().getSpanId())
          || here.getSpanId().equals(state.parentSpanId)) {
        return nearest.context; // the current span encloses the nearest one
      }
    }
    return current;
  }

  private static @Nullable ChunkSink sinkAbove(Observation.Context context) {
    for (ObservationView p = context.getParentObservation();
        p != null;
        p = p.getContextView().getParentObservation()) {
      ChunkSink sink = p.getContextView().get(ChunkSink.class);
      if (sink != null) {
        return sink;
      }
    }
    return null;
  }

  private static @Nullable String conversationIdAbove(Observation.Context context) {
    for (ObservationView p = context.getParentObservation();
        p != null;
        p = p.getContextView().getParentObservation()) {
      Observation.ContextView view = p.getContextView();
      ChatClientRequest request = null;
      if (view instanceof ChatClientObservationContext) {
        request = ((ChatClientObservationContext) view).getRequest();
      } else if (view instanceof AdvisorObservationContext) {
        request = ((AdvisorObservationContext) view).getChatClientRequest();
      }
      String id = conversationId(request);
      if (id != null) {
        return id;
      }
    }
    return null;
  }

  private static @Nullable String conversationId(@Nullable ChatClientRequest request) {
    if (request == null) {
      return null;
    }
    Map<String, Object> values = request.context();
    Object id = values == null ? null : values.get(ChatMemory.CONVERSATION_ID);
    return id == null ? null : String.valueOf(id);
  }

  /** What the handler keeps in an observation's context. */
  static final class State {
    final @Nullable AiSpan aiSpan;
    final Span span;
    final Context context;
    final boolean streaming;
    final String parentSpanId;
    @Nullable ChunkSink sink;

    State(@Nullable AiSpan aiSpan, Span span, Context context, boolean streaming, Context parent) {
      this.aiSpan = aiSpan;
      this.span = span;
      this.context = context;
      this.streaming = streaming;
      this.parentSpanId = Span.fromContext(parent).getSpanContext().getSpanId();
    }
  }
}
