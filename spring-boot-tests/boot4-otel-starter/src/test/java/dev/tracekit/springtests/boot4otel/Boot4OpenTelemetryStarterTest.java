package dev.tracekit.springtests.boot4otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.Traces;
import dev.tracekit.core.TracingSdk;
import dev.tracekit.springtests.BootScenario;
import dev.tracekit.springtests.ShopRun;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spring Boot 4 with spring-boot-starter-opentelemetry: Boot builds the SDK and its observations
 * make the HTTP spans; TraceKit adds redaction, limits and sampling rules through Boot's hooks, and
 * {@code @Traced} and JDBC spans inside Boot's traces. Configured only by Boot's management.*
 * properties.
 */
class Boot4OpenTelemetryStarterTest extends BootScenario {
  @BeforeAll
  static void start() {
    shop =
        ShopRun.startWith(
            receiver ->
                new String[] {
                  "--management.tracing.sampling.probability=1.0",
                  "--management.opentelemetry.tracing.export.otlp.endpoint="
                      + receiver.endpoint()
                      + "/v1/traces",
                  "--management.opentelemetry.tracing.export.schedule-delay=100ms",
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
  void staticHelpersRecordIntoBootsSdk() {
    Traces.trace("global.helper", () -> 1);
    shop.receiver.awaitSpans(s -> s.name().equals("global.helper"), 1, Duration.ofSeconds(20));
  }

  @Test
  void bootOwnsTheSdkAndTraceKitBuildsNone() {
    assertThat(shop.app.getBeanNamesForType(TracingSdk.class)).isEmpty();
    assertThat(shop.app.getBeanNamesForType(OpenTelemetrySdk.class)).hasSize(1);
  }
}
