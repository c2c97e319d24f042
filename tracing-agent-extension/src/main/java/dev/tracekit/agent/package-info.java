/**
 * TraceKit for the OpenTelemetry Java agent: {@link dev.tracekit.agent.TracekitAgentExtension},
 * loaded by the agent from {@code tracing-agent-extension.jar} ({@code
 * -Dotel.javaagent.extensions=/path/to/tracing-agent-extension.jar}), adds TraceKit's redaction,
 * sampling rules and span limits to the agent's own pipeline. Nothing here is called by application
 * code.
 */
@NullMarked
package dev.tracekit.agent;

import org.jspecify.annotations.NullMarked;
