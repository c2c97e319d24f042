/** Internal: not API. The NATS wrappers' implementation. */
@NullMarked
package dev.tracekit.nats.internal;

import org.jspecify.annotations.NullMarked;
