/** Internal: not API. The Kafka wrappers' implementation. */
@NullMarked
package dev.tracekit.kafka.internal;

import org.jspecify.annotations.NullMarked;
