package dev.tracekit.core.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The name is registered for OTEL_PROPAGATORS; being on the class path changes nothing else. */
class PropagatorRegistrationTest {
  private static OpenTelemetrySdk autoconfigure(Map<String, String> properties) {
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(
            () ->
                new java.util.HashMap<>(
                    Map.of(
                        "otel.traces.exporter", "none",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none")))
        .addPropertiesCustomizer(c -> properties)
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
  }

  @Test
  void selectedByName() {
    try (OpenTelemetrySdk sdk =
        autoconfigure(Map.of("otel.propagators", "tracekit-tracecontext,baggage"))) {
      assertThat(sdk.getPropagators().getTextMapPropagator().toString())
          .contains("tracekit-tracecontext");
    }
  }

  @Test
  void notUsedUnlessNamed() {
    try (OpenTelemetrySdk sdk = autoconfigure(Map.of())) {
      assertThat(sdk.getPropagators().getTextMapPropagator().toString())
          .contains("W3CTraceContextPropagator")
          .doesNotContain("tracekit-tracecontext");
    }
  }
}
