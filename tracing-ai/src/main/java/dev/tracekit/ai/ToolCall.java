package dev.tracekit.ai;

import dev.tracekit.api.ThrowingSupplier;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * One tool execution being described and then run in an INTERNAL span {@code execute_tool {name}}
 * with {@code gen_ai.tool.*}. Arguments and result are recorded (redacted, capped) only with
 * content capture on. Its methods are run-time methods: they never throw; setters ignore nulls, a
 * null callback is skipped and reported once.
 */
public final class ToolCall {
  private final AiRecorder recorder;
  private final String name;
  private @Nullable String callId;
  private String type = "function";
  private @Nullable String description;
  private @Nullable String arguments;

  ToolCall(AiRecorder recorder, String name) {
    this.recorder = recorder;
    this.name = name;
  }

  /**
   * {@code gen_ai.tool.call.id}: the id the model gave the call.
   *
   * @param callId the id
   * @return this
   */
  public ToolCall callId(@Nullable String callId) {
    this.callId = callId;
    return this;
  }

  /**
   * {@code gen_ai.tool.type}: {@code function} (default), {@code extension} or {@code datastore}.
   *
   * @param type the type; null keeps {@code function}
   * @return this
   */
  public ToolCall type(@Nullable String type) {
    if (type != null) {
      this.type = type;
    }
    return this;
  }

  /**
   * {@code gen_ai.tool.description}.
   *
   * @param description the description
   * @return this
   */
  public ToolCall description(@Nullable String description) {
    this.description = description;
    return this;
  }

  /**
   * {@code gen_ai.tool.call.arguments}, recorded only with content capture on.
   *
   * @param arguments the arguments (usually JSON)
   * @return this
   */
  public ToolCall arguments(@Nullable String arguments) {
    this.arguments = arguments;
    return this;
  }

  /**
   * Runs the tool; with content capture on, {@code String.valueOf(result)} is recorded as {@code
   * gen_ai.tool.call.result}.
   *
   * @param fn the tool; a null fn is skipped (no span, returns null) and reported once
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> @Nullable R call(@Nullable ThrowingSupplier<R, E> fn) throws E {
    if (fn == null) {
      AiRecorder.reportNull("ToolCall.call", "fn", "nothing is run, null is returned");
      return null;
    }
    Span span = startSpan();
    return recorder.run(
        span,
        fn,
        recorder.captureContent
            ? (s, r) ->
                s.setAttribute(GenAiAttributes.TOOL_CALL_RESULT, recorder.redact(String.valueOf(r)))
            : null);
  }

  /**
   * Starts the tool's span now, for a framework that reports the tool's end through a callback; end
   * it with {@link AiSpan#result(Object)} and {@link AiSpan#end()}, or {@link
   * AiSpan#fail(Throwable)}.
   *
   * @return the started tool call
   */
  public AiSpan begin() {
    long start = System.nanoTime();
    Context parent = Context.current();
    return new AiSpan(recorder, null, startSpan(), parent, start, recorder.captureContent);
  }

  private Span startSpan() {
    SpanBuilder b =
        recorder
            .tracer
            .spanBuilder(recorder.spanName("execute_tool", name))
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(GenAiAttributes.OPERATION_NAME, "execute_tool")
            .setAttribute(GenAiAttributes.TOOL_NAME, name)
            .setAttribute(GenAiAttributes.TOOL_TYPE, type);
    if (callId != null) {
      b.setAttribute(GenAiAttributes.TOOL_CALL_ID, callId);
    }
    if (description != null) {
      b.setAttribute(GenAiAttributes.TOOL_DESCRIPTION, description);
    }
    Span span = recorder.start(b, "execute_tool", name);
    if (recorder.captureContent && arguments != null && span.isRecording()) {
      span.setAttribute(GenAiAttributes.TOOL_CALL_ARGUMENTS, recorder.redact(arguments));
    }
    return span;
  }
}
