/**
 * Internal code of tracing-core. Public only so that TraceKit's own modules can share it: not API,
 * may change without notice.
 */
@NullMarked
package dev.tracekit.core.internal;

import org.jspecify.annotations.NullMarked;
