/**
 * GenAI tracing for Anthropic's {@code com.anthropic:anthropic-java} client: messages, streaming,
 * tool use and prompt-cache tokens, recorded with tracing-ai's spans, metrics and cost. Non-null
 * unless marked otherwise.
 */
@NullMarked
package dev.tracekit.anthropic;

import org.jspecify.annotations.NullMarked;
