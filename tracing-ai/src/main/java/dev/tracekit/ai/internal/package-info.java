/** Internal parts of tracing-ai: not API, may change without notice. Non-null unless marked. */
@NullMarked
package dev.tracekit.ai.internal;

import org.jspecify.annotations.NullMarked;
