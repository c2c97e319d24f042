/**
 * Internal: name validation, the cardinality guard and the in-process latency histogram. Not API.
 */
@NullMarked
package dev.tracekit.metrics.internal;

import org.jspecify.annotations.NullMarked;
