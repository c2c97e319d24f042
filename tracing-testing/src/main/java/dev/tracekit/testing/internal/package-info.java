/**
 * Internal: not API. The capture pipeline, OTLP decoding and tree rendering behind tracing-testing.
 */
@NullMarked
package dev.tracekit.testing.internal;

import org.jspecify.annotations.NullMarked;
