package dev.tracekit.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.Messaging;
import dev.tracekit.api.Workflows;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The baggage that travelled with a message is current while the consumer processes it. */
class MessageBaggageTest {
  private final TestTelemetry telemetry = new TestTelemetry();

  @AfterEach
  void close() {
    telemetry.close();
  }

  private Map<String, String> producedWithBaggage(Messaging messaging) {
    Map<String, String> job = new HashMap<>();
    try (Scope ignored =
        Baggage.current().toBuilder().put("correlation_id", "corr-42").build().makeCurrent()) {
      messaging.send("jobs", job, () -> null);
    }
    return job;
  }

  @Test
  void consumerSeesTheMessagesBaggageAsChildOrWithALink() {
    for (boolean link : new boolean[] {false, true}) {
      Messaging messaging = Messaging.builder(telemetry.sdk).linkToProducer(link).build();
      Map<String, String> job = producedWithBaggage(messaging);
      assertThat(Baggage.current().isEmpty()).isTrue();
      String seen =
          messaging.process(
              "jobs",
              job,
              () -> {
                assertThat(Span.current().getSpanContext().isValid()).isTrue();
                return Baggage.current().getEntryValue("correlation_id");
              });
      assertThat(seen).as("link=" + link).isEqualTo("corr-42");
      assertThat(Baggage.current().isEmpty()).isTrue();
    }
  }

  @Test
  void taskSeesThePayloadsBaggage() {
    Messaging messaging = Messaging.create(telemetry.sdk);
    Map<String, String> job = producedWithBaggage(messaging);
    String seen =
        Workflows.create(telemetry.sdk)
            .task(
                "handler",
                "run-1",
                1,
                job,
                () -> Baggage.current().getEntryValue("correlation_id"));
    assertThat(seen).isEqualTo("corr-42");
  }
}
