/**
 * The embedded real parts the scenarios run against: loopback HTTP servers standing in for external
 * APIs and an OpenAI-compatible model, the database, and the job queues.
 */
@NullMarked
package dev.tracekit.examples.support;

import org.jspecify.annotations.NullMarked;
