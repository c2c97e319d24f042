/** JMH benchmarks of HTTP client tracing: plain, TraceKit and OpenTelemetry's library. */
@NullMarked
package dev.tracekit.benchmarks.http;

import org.jspecify.annotations.NullMarked;
