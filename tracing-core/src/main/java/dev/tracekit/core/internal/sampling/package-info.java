/** Internal sampling machinery (glob matching, token bucket, autoconfigure SPI): not API. */
@NullMarked
package dev.tracekit.core.internal.sampling;

import org.jspecify.annotations.NullMarked;
