/**
 * The embedded real parts the scenarios run against: loopback HTTP servers standing in for external
 * APIs and an OpenAI-compatible model, the database, the job queues, and the application's own
 * metrics catalog ({@link dev.tracekit.examples.support.PipelineMetrics}).
 */
@NullMarked
package dev.tracekit.examples.support;

import org.jspecify.annotations.NullMarked;
