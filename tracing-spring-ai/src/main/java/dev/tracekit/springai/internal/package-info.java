/** Internal: not API, may change without notice. Non-null unless marked otherwise. */
@NullMarked
package dev.tracekit.springai.internal;

import org.jspecify.annotations.NullMarked;
