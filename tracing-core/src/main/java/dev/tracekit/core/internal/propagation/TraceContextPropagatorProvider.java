package dev.tracekit.core.internal.propagation;

import dev.tracekit.core.propagation.TraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurablePropagatorProvider;

/**
 * Registers the name {@code tracekit-tracecontext} for {@code OTEL_PROPAGATORS}. Being on the class
 * path only adds the name: the propagator is used where the list names it (and by default in {@code
 * TracingSdk}).
 *
 * <p>Internal: not API.
 */
public final class TraceContextPropagatorProvider implements ConfigurablePropagatorProvider {
  /** For the service loader. */
  public TraceContextPropagatorProvider() {}

  @Override
  public TextMapPropagator getPropagator(ConfigProperties config) {
    return TraceContextPropagator.getInstance();
  }

  @Override
  public String getName() {
    return TraceContextPropagator.NAME;
  }
}
