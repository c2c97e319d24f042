package dev.tracekit.springtests.boot3micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.TracingSdk;
import dev.tracekit.springtests.BootScenario;
import dev.tracekit.springtests.ShopRun;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spring Boot 3.5 with Micrometer tracing over the OpenTelemetry bridge: Boot builds the SDK and
 * its observations make the HTTP spans; TraceKit adds redaction, limits and sampling rules through
 * Boot's hooks, and {@code @Traced} and JDBC spans inside Boot's traces. Configured only by Boot's
 * management.* properties.
 */
class Boot3MicrometerTracingTest extends BootScenario {
  @BeforeAll
  static void start() {
    shop =
        ShopRun.startWith(
            receiver ->
                new String[] {
                  "--management.tracing.sampling.probability=1.0",
                  "--management.otlp.tracing.endpoint=" + receiver.endpoint() + "/v1/traces",
                  "--management.otlp.metrics.export.enabled=false",
                  "--tracekit.sampling.rules=name=noise.*:drop"
                });
  }

  @Override
  protected String serverSpanName() {
    return "http get /orders/{id}";
  }

  @Override
  protected String sdkOwner() {
    return "application";
  }

  @Test
  void bootOwnsTheSdkAndTraceKitBuildsNone() {
    assertThat(shop.app.getBeanNamesForType(TracingSdk.class)).isEmpty();
    assertThat(shop.app.getBeanNamesForType(OpenTelemetrySdk.class)).hasSize(1);
  }
}
