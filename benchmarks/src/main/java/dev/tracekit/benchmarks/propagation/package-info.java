/** Propagator benchmarks: TraceKit's W3C Trace Context propagator beside OpenTelemetry's. */
@NullMarked
package dev.tracekit.benchmarks.propagation;

import org.jspecify.annotations.NullMarked;
