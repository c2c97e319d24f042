package dev.tracekit.ai;

import dev.tracekit.api.ThrowingSupplier;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import org.jspecify.annotations.Nullable;

/**
 * One node of an agent workflow, made by {@link AiTracing#workflowNode(String, String)} and run
 * with {@link #call}: an INTERNAL span {@code {bot}.{node}} with {@code tracekit.workflow.bot} and
 * {@code tracekit.workflow.node}. It carries no {@code gen_ai.*} key: the model, tool and agent
 * calls made inside become its children and carry those.
 */
public final class WorkflowNode {
  private final AiRecorder recorder;
  private final String bot;
  private final String node;

  WorkflowNode(AiRecorder recorder, String bot, String node) {
    this.recorder = recorder;
    this.bot = bot;
    this.node = node;
  }

  /**
   * Runs the node's work in its span.
   *
   * @param fn the node's work; a null fn is skipped (returns null) and reported once
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> @Nullable R call(@Nullable ThrowingSupplier<R, E> fn) throws E {
    if (fn == null) {
      AiRecorder.reportNull("WorkflowNode.call", "fn", "nothing is run, null is returned");
      return null;
    }
    String target = bot + "." + node;
    SpanBuilder builder =
        recorder
            .tracer
            .spanBuilder(recorder.spanName(GenAiConvention.WORKFLOW_NODE, target))
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(TracekitAiAttributes.WORKFLOW_BOT, bot)
            .setAttribute(TracekitAiAttributes.WORKFLOW_NODE, node);
    Span span = recorder.start(builder, GenAiConvention.WORKFLOW_NODE, target);
    return recorder.run(span, fn, null);
  }
}
