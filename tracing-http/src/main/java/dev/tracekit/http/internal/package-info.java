/**
 * Internal: the recording code behind {@code dev.tracekit.http}, not API. Classes here may change
 * at any time.
 */
@NullMarked
package dev.tracekit.http.internal;

import org.jspecify.annotations.NullMarked;
