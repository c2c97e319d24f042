/**
 * Extractors for the official {@code com.openai:openai-java} client. Only usable with openai-java
 * on the class path (it is an optional dependency of tracing-ai). Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.ai.openai;

import org.jspecify.annotations.NullMarked;
