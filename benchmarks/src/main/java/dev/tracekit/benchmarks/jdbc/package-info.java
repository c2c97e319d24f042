/** JMH benchmarks of the JDBC tracing beside plain H2 and OpenTelemetry's JDBC library. */
@NullMarked
package dev.tracekit.benchmarks.jdbc;

import org.jspecify.annotations.NullMarked;
