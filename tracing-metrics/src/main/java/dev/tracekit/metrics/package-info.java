/**
 * Metrics on OpenTelemetry: instruments, exporters and span-derived latency metrics. Non-null
 * unless marked otherwise.
 */
@NullMarked
package dev.tracekit.metrics;

import org.jspecify.annotations.NullMarked;
