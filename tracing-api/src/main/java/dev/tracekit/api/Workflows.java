package dev.tracekit.api;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.MessagingAttributes;
import dev.tracekit.api.support.MessagingInstruments;
import dev.tracekit.api.support.Scopes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Spans for background tasks and the steps of multi-step workflows (Trigger.dev-, Temporal- or
 * hand-written job runners).
 *
 * <pre>{@code
 * Workflows workflows = Workflows.create(openTelemetry);
 * workflows.task("lead-scoring", runId, attempt, payload, () -> {
 *   Lead lead = workflows.workflowStep("lead-scoring", "fetch-data", 0, () -> fetch(id));
 *   int score = workflows.workflowStep("lead-scoring", "calculate-score", 1, () -> score(lead));
 *   return score;
 * });
 * }</pre>
 *
 * <ul>
 *   <li>{@code task(..)} opens {@code task {name}} with {@code tracekit.task.name}, {@code
 *       tracekit.task.run_id} (when given) and {@code tracekit.task.attempt}. Without a payload it
 *       is an INTERNAL span under the current context; with a payload it continues the trace the
 *       payload carries (any shape {@link TraceCarrier} reads) as an INTERNAL span under that
 *       context.
 *   <li>{@code workflowStep(..)} opens {@code step {workflow}/{step}} as an INTERNAL child of the
 *       current span (the task's, when called inside it) with {@code tracekit.workflow.name},
 *       {@code tracekit.workflow.step} and {@code tracekit.workflow.step_index}.
 * </ul>
 *
 * An exception from the user's code marks the span as an error (status, exception event, {@code
 * error.type}) and is rethrown unchanged. Nulls never throw: a null {@code fn} is skipped (the
 * method returns null), a null name becomes {@code unnamed}; each is reported once.
 */
public final class Workflows {
  private final @Nullable Tracer fixed;
  private final TraceCarrier carrier;
  private final ErrorRecorder errors;
  private volatile @Nullable OpenTelemetry globalSeen;
  private volatile @Nullable Tracer globalTracer;

  private Workflows(@Nullable OpenTelemetry openTelemetry) {
    this.fixed =
        openTelemetry == null ? null : Scopes.tracer(openTelemetry, MessagingInstruments.SCOPE);
    this.carrier =
        openTelemetry == null ? TraceCarrier.global() : TraceCarrier.create(openTelemetry);
    this.errors =
        openTelemetry == null
            ? ErrorRecorder.spanEvents()
            : ErrorRecorder.create(openTelemetry, MessagingInstruments.SCOPE);
  }

  /**
   * Task and workflow helpers for the given instance.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return the helpers
   * @throws NullPointerException if openTelemetry is null
   */
  public static Workflows create(OpenTelemetry openTelemetry) {
    return new Workflows(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Task and workflow helpers on the global OpenTelemetry, looked up on each call (they do not fix
   * the global instance).
   *
   * @return the helpers
   */
  public static Workflows global() {
    return new Workflows(null);
  }

  private Tracer tracer() {
    Tracer tracer = fixed;
    if (tracer != null) {
      return tracer;
    }
    OpenTelemetry global = GlobalOpenTelemetryAccess.getOrNoop();
    tracer = globalTracer;
    if (tracer == null || globalSeen != global) {
      tracer = Scopes.tracer(global, MessagingInstruments.SCOPE);
      globalTracer = tracer;
      globalSeen = global;
    }
    return tracer;
  }

  /**
   * Runs a task under a {@code task {name}} span, child of the current context.
   *
   * @param name the task name, for example {@code whatsapp-handler}
   * @param runId the run id, or null
   * @param attempt the attempt number (1 for the first run)
   * @param fn the task's code; a null one is skipped and reported once
   * @param <T> the result type
   * @param <E> the exception type of the task's code
   * @return fn's result; null when fn is null
   * @throws E fn's exception, unchanged
   */
  public <T, E extends Throwable> @Nullable T task(
      @Nullable String name,
      @Nullable String runId,
      int attempt,
      @Nullable ThrowingSupplier<? extends T, E> fn)
      throws E {
    if (fn == null) {
      return skipped("task");
    }
    Span span;
    try {
      span = taskSpan(name, runId, attempt, Context.current(), SpanKind.INTERNAL);
    } catch (Throwable t) {
      return untraced(t, fn);
    }
    return Tracing.callIn(errors, span, fn);
  }

  /**
   * Runs a task that continues the trace carried by its payload ({@code traceparent} at the top
   * level, {@code _traceContext}, or a bare {@code trace_id}).
   *
   * @param name the task name
   * @param runId the run id, or null
   * @param attempt the attempt number (1 for the first run)
   * @param payload the task payload; null or without context starts a new trace
   * @param fn the task's code; a null one is skipped and reported once
   * @param <T> the result type
   * @param <E> the exception type of the task's code
   * @return fn's result; null when fn is null
   * @throws E fn's exception, unchanged
   */
  public <T, E extends Throwable> @Nullable T task(
      @Nullable String name,
      @Nullable String runId,
      int attempt,
      @Nullable Map<String, ?> payload,
      @Nullable ThrowingSupplier<? extends T, E> fn)
      throws E {
    if (fn == null) {
      return skipped("task");
    }
    Span span;
    Context parent;
    try {
      parent = carrier.extract(payload);
      // INTERNAL, not CONSUMER: the payload's producer is no messaging span whose attributes a
      // CONSUMER span would have to repeat.
      span = taskSpan(name, runId, attempt, parent, SpanKind.INTERNAL);
    } catch (Throwable t) {
      return untraced(t, fn);
    }
    // The payload's baggage (a correlation id, a user id) is current while the task runs.
    return Tracing.callIn(errors, span, parent.with(span), fn);
  }

  /**
   * Runs one workflow step under a {@code step {workflow}/{step}} span, child of the current span.
   *
   * @param workflow the workflow name, for example {@code lead-scoring}
   * @param step the step name, for example {@code calculate-score}
   * @param index the step's position in the workflow, from 0
   * @param fn the step's code; a null one is skipped and reported once
   * @param <T> the result type
   * @param <E> the exception type of the step's code
   * @return fn's result; null when fn is null
   * @throws E fn's exception, unchanged
   */
  public <T, E extends Throwable> @Nullable T workflowStep(
      @Nullable String workflow,
      @Nullable String step,
      int index,
      @Nullable ThrowingSupplier<? extends T, E> fn)
      throws E {
    if (fn == null) {
      return skipped("workflowStep");
    }
    workflow = orUnnamed(workflow);
    step = orUnnamed(step);
    Span span;
    try {
      span =
          tracer()
              .spanBuilder("step " + workflow + "/" + step)
              .setSpanKind(SpanKind.INTERNAL)
              .setParent(Context.current())
              .startSpan();
      if (span.isRecording()) {
        span.setAttribute(MessagingAttributes.WORKFLOW_NAME, String.valueOf(workflow));
        span.setAttribute(MessagingAttributes.WORKFLOW_STEP, String.valueOf(step));
        span.setAttribute(MessagingAttributes.WORKFLOW_STEP_INDEX, (long) index);
      }
    } catch (Throwable t) {
      return untraced(t, fn);
    }
    return Tracing.callIn(errors, span, fn);
  }

  private Span taskSpan(
      @Nullable String rawName,
      @Nullable String runId,
      int attempt,
      Context parent,
      SpanKind kind) {
    String name = orUnnamed(rawName);
    Span span =
        tracer().spanBuilder("task " + name).setSpanKind(kind).setParent(parent).startSpan();
    if (span.isRecording()) {
      span.setAttribute(MessagingAttributes.TASK_NAME, String.valueOf(name));
      if (runId != null) {
        span.setAttribute(MessagingAttributes.TASK_RUN_ID, runId);
      }
      span.setAttribute(MessagingAttributes.TASK_ATTEMPT, (long) attempt);
      if (TraceCarrier.isTraceIdOnly(parent)) {
        span.setAttribute(MessagingAttributes.TRACE_ID_ONLY, true);
      }
    }
    return span;
  }

  private static <T> @Nullable T skipped(String method) {
    Diagnostics.reportOnce(
        "workflow null fn", "Workflows." + method + "(.., null): no code to run, skipped");
    return null;
  }

  private static String orUnnamed(@Nullable String name) {
    if (name == null) {
      Diagnostics.reportOnce("workflow null name", "Workflows: a null task or step name: unnamed");
      return "unnamed";
    }
    return name;
  }

  private static <T, E extends Throwable> T untraced(
      Throwable t, ThrowingSupplier<? extends T, E> fn) throws E {
    Diagnostics.propagateIfFatal(t);
    Diagnostics.reportOnce(
        "workflow span " + t.getClass().getName(),
        "could not start a task or step span; the code runs untraced",
        t);
    return fn.get();
  }
}
