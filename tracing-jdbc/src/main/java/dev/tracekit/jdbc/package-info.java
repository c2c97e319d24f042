/**
 * JDBC tracing: {@link dev.tracekit.jdbc.JdbcTracing} wraps data sources and connections, {@link
 * dev.tracekit.jdbc.TracingDriver} traces {@code jdbc:tracekit:} URLs. Non-null unless marked
 * otherwise.
 */
@NullMarked
package dev.tracekit.jdbc;

import org.jspecify.annotations.NullMarked;
