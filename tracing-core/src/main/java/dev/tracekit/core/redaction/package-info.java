/**
 * Keeping secrets, PII and unbounded names out of exported telemetry: {@link
 * dev.tracekit.core.redaction.Redactor} (sensitive keys and values), {@link
 * dev.tracekit.core.redaction.RedactingSpanExporter} (applied to every span before export) and
 * {@link dev.tracekit.core.redaction.SpanNameGuard} (generated-looking span names). Non-null unless
 * marked otherwise.
 */
@NullMarked
package dev.tracekit.core.redaction;

import org.jspecify.annotations.NullMarked;
