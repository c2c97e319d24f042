/**
 * W3C Trace Context propagation that follows the specification where OpenTelemetry Java's own
 * propagator is stricter or looser than it: {@link
 * dev.tracekit.core.propagation.TraceContextPropagator}, selected by {@code
 * OTEL_PROPAGATORS=tracekit-tracecontext} and the default of {@code TracingSdk}. Non-null unless
 * marked otherwise.
 */
@NullMarked
package dev.tracekit.core.propagation;

import org.jspecify.annotations.NullMarked;
