/**
 * JMH benchmarks of TraceKit's SQL sanitizer beside OpenTelemetry's {@code SqlQueryAnalyzer}. State
 * fields are set in {@code @Setup} methods before any benchmark call.
 */
@NullMarked
package dev.tracekit.benchmarks.sql;

import org.jspecify.annotations.NullMarked;
