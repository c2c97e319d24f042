/**
 * TraceKit's user-facing tracing helpers: {@code Traces}, {@code Tracing}, {@code Traced} and
 * context carriers. Depends on the OpenTelemetry API only; non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.api;

import org.jspecify.annotations.NullMarked;
