package dev.tracekit.ai;

import dev.tracekit.api.ThrowingSupplier;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import org.jspecify.annotations.Nullable;

/**
 * A handoff of a conversation from one bot to another, made by {@link AiTracing#handoff(String,
 * String)}, configured, then run with {@link #call}: an INTERNAL span {@code handoff {source} ->
 * {target}} with {@code tracekit.handoff.*}; the work inside (and the target bot's nodes, when run
 * within) join the same trace. Counts {@code tracekit.handoffs} (source and target bounded in
 * length and number of distinct values).
 */
public final class Handoff {
  private final AiRecorder recorder;
  private final String source;
  private final String target;
  private double confidence = Double.NaN;
  private @Nullable String reason;

  Handoff(AiRecorder recorder, String source, String target) {
    this.recorder = recorder;
    this.source = source;
    this.target = target;
  }

  /**
   * {@code tracekit.handoff.confidence}: the decision's confidence, 0 to 1 (NaN: not recorded).
   *
   * @param confidence the confidence
   * @return this
   */
  public Handoff confidence(double confidence) {
    this.confidence = confidence;
    return this;
  }

  /**
   * {@code tracekit.handoff.reason}: a short reason code.
   *
   * @param reason the reason; null records none
   * @return this
   */
  public Handoff reason(@Nullable String reason) {
    this.reason = reason;
    return this;
  }

  /**
   * Runs the handoff's work in its span.
   *
   * @param fn the handoff's work; a null fn is skipped (returns null) and reported once
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> @Nullable R call(@Nullable ThrowingSupplier<R, E> fn) throws E {
    if (fn == null) {
      AiRecorder.reportNull("Handoff.call", "fn", "nothing is run, null is returned");
      return null;
    }
    String name = source + " -> " + target;
    SpanBuilder builder =
        recorder
            .tracer
            .spanBuilder(recorder.spanName(GenAiConvention.HANDOFF, name))
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(TracekitAiAttributes.HANDOFF_SOURCE, source)
            .setAttribute(TracekitAiAttributes.HANDOFF_TARGET, target);
    Span span = recorder.start(builder, GenAiConvention.HANDOFF, name);
    if (span.isRecording()) {
      if (!Double.isNaN(confidence)) {
        span.setAttribute(TracekitAiAttributes.HANDOFF_CONFIDENCE, confidence);
      }
      if (reason != null) {
        span.setAttribute(TracekitAiAttributes.HANDOFF_REASON, reason);
      }
    }
    if (recorder.instruments.enabled) {
      recorder.instruments.handoffs.add(
          1,
          Attributes.of(
              TracekitAiAttributes.HANDOFF_SOURCE,
              recorder.instruments.handoffSources.bound(source),
              TracekitAiAttributes.HANDOFF_TARGET,
              recorder.instruments.handoffTargets.bound(target)));
    }
    return recorder.run(span, fn, null);
  }
}
