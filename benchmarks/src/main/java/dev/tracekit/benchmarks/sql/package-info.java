/** JMH benchmarks of TraceKit's SQL sanitizer beside OpenTelemetry's {@code SqlQueryAnalyzer}. */
package dev.tracekit.benchmarks.sql;
