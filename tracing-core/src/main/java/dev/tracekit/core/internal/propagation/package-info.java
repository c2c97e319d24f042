/**
 * Service-loader registration of TraceKit's propagators. Internal: not API. Non-null unless marked
 * otherwise.
 */
@NullMarked
package dev.tracekit.core.internal.propagation;

import org.jspecify.annotations.NullMarked;
