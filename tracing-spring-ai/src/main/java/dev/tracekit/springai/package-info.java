/**
 * Spring AI observations exported as TraceKit GenAI spans and metrics: chat (also streamed, with
 * time to first chunk), embedding, tool calling, advisors and ChatClient calls, through tracing-ai
 * so they equal its own spans. Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.springai;

import org.jspecify.annotations.NullMarked;
