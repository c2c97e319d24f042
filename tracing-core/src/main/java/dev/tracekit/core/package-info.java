/**
 * One-line OpenTelemetry SDK set-up for applications: {@code TracingSdk}. Non-null unless marked
 * otherwise.
 */
@NullMarked
package dev.tracekit.core;

import org.jspecify.annotations.NullMarked;
