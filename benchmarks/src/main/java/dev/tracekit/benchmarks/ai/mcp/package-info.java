/** MCP tracing overhead beside the plain MCP Java SDK call. */
@NullMarked
package dev.tracekit.benchmarks.ai.mcp;

import org.jspecify.annotations.NullMarked;
