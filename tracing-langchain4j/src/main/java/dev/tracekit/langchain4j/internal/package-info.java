/**
 * Internal parts of tracing-langchain4j: not API, may change without notice. Non-null unless
 * marked.
 */
@NullMarked
package dev.tracekit.langchain4j.internal;

import org.jspecify.annotations.NullMarked;
