/** JMH benchmarks of tracing-ai against hand-written OpenTelemetry spans. */
package dev.tracekit.benchmarks.ai;
