/**
 * Internal parts of tracing-anthropic: not API, may change without notice. Non-null unless marked.
 */
@NullMarked
package dev.tracekit.anthropic.internal;

import org.jspecify.annotations.NullMarked;
