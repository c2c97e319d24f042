/**
 * Internal code of TraceKit. Public only so that TraceKit's own modules can share it: not API, may
 * change without notice.
 */
@NullMarked
package dev.tracekit.api.internal;

import org.jspecify.annotations.NullMarked;
