/**
 * GenAI tracing for LangChain4j: chat and streaming chat models (through its {@code
 * ChatModelListener}), tools, AI services and embedding models, recorded with tracing-ai's spans,
 * metrics and cost. Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.langchain4j;

import org.jspecify.annotations.NullMarked;
