/** JMH benchmarks of tracing-metrics against the raw OpenTelemetry instruments on the same SDK. */
@NullMarked
package dev.tracekit.benchmarks.metrics;

import org.jspecify.annotations.NullMarked;
