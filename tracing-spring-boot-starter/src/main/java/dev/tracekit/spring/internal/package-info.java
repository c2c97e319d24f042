/** Internal: the starter's post-processors, conditions and adapters. Not API. */
@NullMarked
package dev.tracekit.spring.internal;

import org.jspecify.annotations.NullMarked;
