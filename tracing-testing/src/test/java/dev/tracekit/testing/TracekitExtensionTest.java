package dev.tracekit.testing;

import static dev.tracekit.testing.TracekitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.api.Traces;
import io.opentelemetry.api.OpenTelemetry;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

class TracekitExtensionTest {

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class PerTest {
    @RegisterExtension final TracekitExtension tracing = TracekitExtension.create();

    private static final AtomicReference<OpenTelemetry> first = new AtomicReference<>();

    @Test
    @Order(1)
    void first() {
      first.set(tracing.openTelemetry());
      tracing.tracing().run("one", () -> {});
      assertThat(tracing).hasSpanNames("one");
    }

    @Test
    @Order(2)
    void secondGetsAFreshSdk() {
      assertThat(tracing.openTelemetry()).isNotSameAs(first.get());
      assertThat(tracing.spans()).isEmpty();
    }
  }

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class PerClass {
    @RegisterExtension
    static final TracekitExtension tracing = TracekitExtension.builder().perClass().build();

    private static final AtomicReference<OpenTelemetry> first = new AtomicReference<>();

    @Test
    @Order(1)
    void first() {
      first.set(tracing.openTelemetry());
      tracing.tracing().run("one", () -> {});
      assertThat(tracing.awaitSpans(1)).hasSize(1);
    }

    @Test
    @Order(2)
    void secondSharesTheSdkButNotTheSpans() {
      assertThat(tracing.openTelemetry()).isSameAs(first.get());
      assertThat(tracing.spans()).isEmpty();
    }
  }

  @Nested
  class Global {
    @RegisterExtension
    static final TracekitExtension tracing = TracekitExtension.builder().global().build();

    @Test
    void staticHelpersRecordIntoTheTestSdk() {
      assertThat(dev.tracekit.api.GlobalOpenTelemetryAccess.isSet()).isTrue();
      Traces.trace("checkout", () -> Traces.trace("reserve stock", () -> 1));
      assertThat(tracing).hasRoot("checkout").hasChildren("reserve stock");
    }
  }

  @Nested
  @ExtendWith(TracekitExtension.class)
  class Parameter {
    @Test
    void injectsTheTelemetry(TestTelemetry telemetry) {
      telemetry.tracing().run("injected", () -> {});
      assertThat(telemetry).span("injected").isRoot();
    }
  }

  @Test
  void outsideATestItSaysHowToRegister() {
    TracekitExtension unused = TracekitExtension.create();
    assertThatThrownBy(unused::telemetry)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@RegisterExtension");
  }

  @Test
  void globalIsRestoredAfterTheGlobalTests() {
    // Runs in the same JVM as Global above; whichever ran first, nothing is left installed.
    assertThat(dev.tracekit.api.GlobalOpenTelemetryAccess.isSet()).isFalse();
  }
}
