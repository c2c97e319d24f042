/**
 * Log correlation: trace and span ids in the SLF4J MDC, installed by {@code TracingSdk} when the
 * application builds it and removed when it closes.
 *
 * <p>Internal: not API.
 */
@NullMarked
package dev.tracekit.core.internal.logging;

import org.jspecify.annotations.NullMarked;
