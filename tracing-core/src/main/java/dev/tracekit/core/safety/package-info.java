/**
 * Containment for telemetry that must never hurt the observed service: {@link
 * dev.tracekit.core.safety.SafeSpanExporter} and {@link dev.tracekit.core.safety.SafeSpanProcessor}
 * wrap user-supplied pieces so that a throwing exporter or processor is reported instead of
 * breaking application threads, and {@link dev.tracekit.core.safety.TracekitLimits} gives the
 * attribute limits TraceKit applies by default. Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.core.safety;

import org.jspecify.annotations.NullMarked;
