/** JMH benchmarks of tracing-ai against hand-written OpenTelemetry spans. */
@NullMarked
package dev.tracekit.benchmarks.ai;

import org.jspecify.annotations.NullMarked;
