package dev.tracekit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TracingSdk uses TraceKit's W3C propagator unless OTEL_PROPAGATORS or the builder says else. */
class PropagatorDefaultTest {
  private static String propagator(Map<String, String> env, Map<String, String> properties) {
    Map<String, String> environment = new HashMap<>(env);
    environment.put("OTEL_TRACES_EXPORTER", "none");
    environment.put("OTEL_METRICS_EXPORTER", "none");
    TracingSdk.Builder builder =
        TracingSdk.builder().environment(environment).registerGlobal(false).shutdownHook(false);
    properties.forEach(builder::property);
    try (TracingSdk sdk = builder.build()) {
      return sdk.openTelemetry().getPropagators().getTextMapPropagator().toString();
    }
  }

  @Test
  void defaultIsTracekitTraceContextAndBaggage() {
    assertThat(propagator(Map.of(), Map.of()))
        .contains("tracekit-tracecontext")
        .contains("W3CBaggagePropagator")
        .doesNotContain("W3CTraceContextPropagator");
  }

  @Test
  void environmentWins() {
    assertThat(propagator(Map.of("OTEL_PROPAGATORS", "tracecontext"), Map.of()))
        .contains("W3CTraceContextPropagator")
        .doesNotContain("tracekit-tracecontext")
        .doesNotContain("Baggage");
  }

  @Test
  void builderPropertyWins() {
    assertThat(propagator(Map.of(), Map.of("otel.propagators", "baggage")))
        .contains("W3CBaggagePropagator")
        .doesNotContain("tracekit-tracecontext");
  }
}
