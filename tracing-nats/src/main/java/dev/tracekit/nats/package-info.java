/**
 * NATS tracing (core and JetStream): {@link dev.tracekit.nats.NatsTracing} wraps connections and
 * message handlers. Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.nats;

import org.jspecify.annotations.NullMarked;
