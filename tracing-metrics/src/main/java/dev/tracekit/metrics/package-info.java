/**
 * Metrics on OpenTelemetry: instruments, the seed catalog and span-derived latency metrics.
 * Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.metrics;

import org.jspecify.annotations.NullMarked;
