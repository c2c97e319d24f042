package dev.tracekit.spring.internal;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.springai.SpringAiTracing;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import org.springframework.beans.factory.ObjectProvider;

/**
 * TraceKit's Spring AI handler presented as a Micrometer tracing handler, so that Boot's grouping
 * (first matching tracing handler wins) lets it, and not Micrometer's default handler, make the
 * spans of Spring AI's observations. Every callback goes to TraceKit's handler; Micrometer's
 * span/scope defaults are not used.
 *
 * <p>Internal: not API.
 */
public final class SpringAiTracingHandler
    implements TracingObservationHandler<Observation.Context> {
  private final ObservationHandler<Observation.Context> delegate;
  private final ObjectProvider<Tracer> tracer;

  /**
   * Wraps the handler.
   *
   * @param delegate TraceKit's Spring AI handler
   * @param tracer Micrometer's tracer (required by the interface, unused by the callbacks)
   */
  public SpringAiTracingHandler(
      ObservationHandler<Observation.Context> delegate, ObjectProvider<Tracer> tracer) {
    this.delegate = delegate;
    this.tracer = tracer;
  }

  @Override
  public Tracer getTracer() {
    return tracer.getIfAvailable(() -> Tracer.NOOP);
  }

  @Override
  public boolean supportsContext(Observation.Context context) {
    return delegate.supportsContext(context);
  }

  @Override
  public void onStart(Observation.Context context) {
    delegate.onStart(context);
    // Micrometer's handlers (exemplars on Boot's metrics, child spans of nested observations)
    // read the span of an observation from its TracingContext: give them TraceKit's.
    try {
      getTracingContext(context).setSpan(OtelSpan.fromOtel(SpringAiTracing.span(context)));
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.reportOnce(
          "spring.spring-ai.tracing-context", "could not hand the GenAI span to Micrometer", e);
    }
  }

  @Override
  public void onError(Observation.Context context) {
    delegate.onError(context);
  }

  @Override
  public void onEvent(Observation.Event event, Observation.Context context) {
    delegate.onEvent(event, context);
  }

  @Override
  public void onScopeOpened(Observation.Context context) {
    delegate.onScopeOpened(context);
  }

  @Override
  public void onScopeClosed(Observation.Context context) {
    delegate.onScopeClosed(context);
  }

  @Override
  public void onScopeReset(Observation.Context context) {
    delegate.onScopeReset(context);
  }

  @Override
  public void onStop(Observation.Context context) {
    delegate.onStop(context);
  }
}
