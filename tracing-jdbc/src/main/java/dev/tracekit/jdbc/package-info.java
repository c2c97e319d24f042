/** JDBC tracing. Non-null unless marked otherwise. */
@NullMarked
package dev.tracekit.jdbc;

import org.jspecify.annotations.NullMarked;
