/**
 * Model Context Protocol tracing for the MCP Java SDK ({@code io.modelcontextprotocol.sdk}): client
 * and server spans and metrics per OpenTelemetry's MCP semantic conventions, with the trace context
 * carried in each request's {@code params._meta}. Non-null unless marked otherwise.
 */
@NullMarked
package dev.tracekit.mcp;

import org.jspecify.annotations.NullMarked;
