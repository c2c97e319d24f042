package dev.tracekit.ai;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * A GenAI operation started now and ended later, for frameworks that report a call through separate
 * callbacks (a listener's request, response and error; an observation handler's start and stop)
 * instead of letting TraceKit wrap it. Made by {@link ModelCall#begin()}, {@link ToolCall#begin()}
 * and {@link AgentCall#begin()}; the span, its attributes, metrics and cost are the same as with
 * their {@code call}/{@code invoke} methods.
 *
 * <pre>{@code
 * AiSpan call = ai.chat("openai", "gpt-4o-mini").begin();   // in onRequest
 * call.response().inputTokens(12).outputTokens(40).addFinishReason("stop");
 * call.end();                                             // in onResponse
 * }</pre>
 *
 * <p>It may be ended on another thread than the one that began it. Only the first {@link #end()} or
 * {@link #fail(Throwable)} counts; later calls are ignored. No method throws.
 */
public final class AiSpan {
  private final AiRecorder recorder;
  private final @Nullable ModelCall call;
  private final Span span;
  private final Context context;
  private final long startNanos;
  private final ResponseInfo info;
  private final boolean captureResult;
  private boolean ended;
  private long chunks;
  private long lastChunkNanos;
  private double timeToFirstChunk = Double.NaN;
  private @Nullable Attributes chunkAttributes;
  private @Nullable Object result;
  private boolean resultSet;

  AiSpan(
      AiRecorder recorder,
      @Nullable ModelCall call,
      Span span,
      Context parent,
      long startNanos,
      boolean captureResult) {
    this.recorder = recorder;
    this.call = call;
    this.span = span;
    this.context = parent.with(span);
    this.startNanos = startNanos;
    this.info = new ResponseInfo(recorder.captureContent);
    this.captureResult = captureResult;
  }

  /**
   * The span, to add attributes of your own.
   *
   * @return the span
   */
  public Span span() {
    return span;
  }

  /**
   * The context in which the operation began, with its span: hand it to callbacks that run on other
   * threads so their work becomes its children.
   *
   * @return the context
   */
  public Context context() {
    return context;
  }

  /**
   * Makes the span current on this thread; close the scope on the same thread.
   *
   * @return the scope
   */
  public Scope makeCurrent() {
    return context.makeCurrent();
  }

  /**
   * What the response said, filled in before {@link #end()}: response id and model, finish reasons,
   * token usage, error type. Used by model calls; ignored for tools and agents.
   *
   * @return the response information of this call
   */
  public ResponseInfo response() {
    return info;
  }

  /**
   * A streamed chunk arrived: the first sets {@code gen_ai.response.time_to_first_chunk}, each
   * later one records {@code gen_ai.client.operation.time_per_output_chunk}.
   *
   * @return this
   */
  public synchronized AiSpan chunk() {
    if (ended) {
      return this;
    }
    try {
      long now = System.nanoTime();
      if (chunks == 0) {
        timeToFirstChunk = (now - startNanos) / 1e9;
      } else if (call != null && recorder.instruments.enabled) {
        Attributes attributes = chunkAttributes;
        if (attributes == null) {
          attributes = recorder.chunkAttributes(call);
          chunkAttributes = attributes;
        }
        recorder.instruments.timePerOutputChunk.record((now - lastChunkNanos) / 1e9, attributes);
      }
      lastChunkNanos = now;
      chunks++;
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("ai.span.chunk", "recording a streamed chunk failed", e);
    }
    return this;
  }

  /**
   * The result of a tool, recorded as {@code gen_ai.tool.call.result} when content capture is on.
   *
   * @param result the result
   * @return this
   */
  public synchronized AiSpan result(@Nullable Object result) {
    this.result = result;
    this.resultSet = true;
    return this;
  }

  /** Ends the operation as a success (or as the error type set on {@link #response()}). */
  public void end() {
    finish(null, false);
  }

  /**
   * Ends a stream that was closed before its end: the span is marked {@code
   * tracekit.gen_ai.stream.abandoned=true}.
   */
  public void abandon() {
    finish(null, true);
  }

  /**
   * Ends the operation as failed: status ERROR, {@code error.type}, an exception event (the message
   * only with content capture on).
   *
   * @param error the failure; null is recorded as an unknown failure
   */
  public void fail(@Nullable Throwable error) {
    finish(error == null ? new IllegalStateException("failed") : error, false);
  }

  private void finish(@Nullable Throwable error, boolean abandoned) {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
    }
    try {
      if (call != null) {
        ResponseInfo response = info;
        if (error != null) {
          ResponseInfo failure = recorder.errorInfo(error);
          response.errorType(failure.errorType);
        }
        recorder.endModelCall(
            call,
            span,
            span.isRecording(),
            response,
            error,
            startNanos,
            System.nanoTime(),
            timeToFirstChunk,
            chunks > 0 ? chunks : -1,
            abandoned);
        return;
      }
      if (span.isRecording()) {
        if (error != null) {
          recorder.fail(span, error, recorder.errorInfo(error).errorType);
        } else if (info.errorType != null) {
          recorder.fail(span, new IllegalStateException(info.errorType), info.errorType);
        } else if (captureResult && resultSet) {
          span.setAttribute(
              GenAiAttributes.TOOL_CALL_RESULT, recorder.redact(String.valueOf(result)));
        }
      }
      if (call == null) {
        span.end();
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("ai.span.end", "ending a GenAI span failed", e);
      span.end();
    }
  }
}
