package dev.tracekit.springtests.boot3;

import dev.tracekit.springtests.BootScenario;
import dev.tracekit.springtests.ShopRun;
import org.junit.jupiter.api.BeforeAll;

/**
 * Spring Boot 3 with only tracing-spring-boot-starter: TraceKit builds the SDK from otel.*
 * settings.
 */
class Boot3TracingTest extends BootScenario {
  @BeforeAll
  static void start() {
    shop = ShopRun.start("--tracekit.sampling.rules=name=noise.*:drop");
  }

  @Override
  protected String serverSpanName() {
    return "GET /orders/{id}";
  }

  @Override
  protected String sdkOwner() {
    return "tracekit";
  }
}
