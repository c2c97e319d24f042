/**
 * GenAI tracing: model calls, streaming, tools, agents, semantic caches and ML operations. Non-null
 * unless marked otherwise.
 */
@NullMarked
package dev.tracekit.ai;

import org.jspecify.annotations.NullMarked;
