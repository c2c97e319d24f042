package dev.tracekit.springtests.boot3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.TracingSdk;
import dev.tracekit.springtests.ShopRun;
import org.junit.jupiter.api.Test;

/** {@code tracekit.enabled=false}: no TraceKit SDK, nothing exported. */
class Boot3DisabledTest {
  @Test
  void nothingIsExportedWhenTraceKitIsOff() throws InterruptedException {
    try (ShopRun shop = ShopRun.start("--tracekit.enabled=false")) {
      long id = shop.newOrder();
      assertThat(shop.get("/orders/" + id).statusCode()).isEqualTo(200);
      assertThat(shop.app.getBeanNamesForType(TracingSdk.class)).isEmpty();
      Thread.sleep(1500); // several export intervals (otel.bsp.schedule.delay=100)
      assertThat(shop.receiver.spans()).isEmpty();
      assertThat(shop.receiver.requestCount()).isZero();
    }
  }
}
