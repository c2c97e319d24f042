package dev.tracekit.examples.range;

import dev.tracekit.api.GlobalOpenTelemetryAccess;
import dev.tracekit.api.TraceCarrier;
import dev.tracekit.api.Traces;
import java.util.Map;

/**
 * Runs in a JVM started with the OpenTelemetry Java agent: TraceKit's global helpers must see the
 * agent's instance on every supported API version and throw nothing. Prints what it saw.
 */
public final class AgentProbe {
  private AgentProbe() {}

  public static void main(String[] args) {
    System.out.println("strategy=" + GlobalOpenTelemetryAccess.strategy());
    System.out.println("isSet=" + GlobalOpenTelemetryAccess.isSet());
    Map<String, String> headers =
        Traces.trace(
            "agent.probe",
            () -> {
              Traces.setAttribute("probe.step", "inside");
              return TraceCarrier.global().toMap();
            });
    System.out.println("carrier=" + headers.keySet());
    System.out.println("noop=" + Traces.tracing().isNoop());
  }
}
