/**
 * Internal implementation of TraceKit's JDBC tracing: the wrappers, the URL parsers, the
 * conventions and the recording code. Not API: anything here may change without notice.
 */
@NullMarked
package dev.tracekit.jdbc.internal;

import org.jspecify.annotations.NullMarked;
