package dev.tracekit.api.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.api.DefaultMessagingConvention;
import dev.tracekit.api.Messaging;
import dev.tracekit.api.MessagingConvention;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The messaging semantic conventions, one test per rule, on the SDK's in-memory exporters. */
class MessagingConventionsTest {
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  private final TestTelemetry telemetry = new TestTelemetry();

  @AfterEach
  void close() {
    telemetry.close();
  }

  private MetricData metric(String name) {
    return telemetry.metrics.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private void roundTrip(Messaging messaging) {
    Map<String, Object> headers = new HashMap<>();
    messaging.send("orders", headers, () -> null);
    messaging.process("orders", headers, () -> null);
  }

  @Test
  void destinationNamesInMetricsAreBounded() throws Exception {
    Messaging messaging = Messaging.builder(telemetry.sdk).system("kafka").build();
    for (int i = 0; i < 250; i++) {
      messaging.send("topic-" + i, new HashMap<String, Object>(), () -> null);
    }
    List<String> destinations =
        metric("messaging.client.sent.messages").getLongSumData().getPoints().stream()
            .map(p -> p.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")))
            .distinct()
            .toList();
    assertThat(destinations).hasSize(201).contains("_other", "topic-0", "topic-199");
    // spans keep the real name
    assertThat(telemetry.span("send topic-249")).isNotNull();
  }

  @Test
  void messagingSystemIsAlwaysSet() {
    roundTrip(Messaging.create(telemetry.sdk));
    assertThat(telemetry.span("send orders").getAttributes().get(TestTelemetry.SYSTEM))
        .isEqualTo("_OTHER");
    assertThat(telemetry.span("process orders").getAttributes().get(TestTelemetry.SYSTEM))
        .isEqualTo("_OTHER");
  }

  @Test
  void serverAddressAndPortOnSpansAndMetrics() {
    roundTrip(
        Messaging.builder(telemetry.sdk)
            .system("rabbitmq")
            .server("broker.internal", 5672)
            .build());
    for (String name : List.of("send orders", "process orders")) {
      Attributes attributes = telemetry.span(name).getAttributes();
      assertThat(attributes.get(SERVER_ADDRESS)).isEqualTo("broker.internal");
      assertThat(attributes.get(SERVER_PORT)).isEqualTo(5672L);
    }
    HistogramPointData send =
        metric("messaging.client.operation.duration")
            .getHistogramData()
            .getPoints()
            .iterator()
            .next();
    assertThat(send.getAttributes().get(SERVER_ADDRESS)).isEqualTo("broker.internal");
    assertThatThrownBy(() -> Messaging.builder(telemetry.sdk).server("b", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sendRecordsOperationDurationAndSentMessages() {
    roundTrip(Messaging.builder(telemetry.sdk).system("rabbitmq").build());
    MetricData duration = metric("messaging.client.operation.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    HistogramPointData point = duration.getHistogramData().getPoints().iterator().next();
    assertThat(point.getCount()).isEqualTo(1);
    assertThat(point.getBoundaries()).startsWith(0.005, 0.01, 0.025).endsWith(7.5, 10.0);
    assertThat(point.getAttributes().get(TestTelemetry.SYSTEM)).isEqualTo("rabbitmq");
    assertThat(point.getAttributes().get(TestTelemetry.OPERATION_NAME)).isEqualTo("send");
    assertThat(point.getAttributes().get(TestTelemetry.OPERATION_TYPE)).isEqualTo("send");
    assertThat(point.getAttributes().get(TestTelemetry.DESTINATION)).isEqualTo("orders");
    LongPointData sent =
        metric("messaging.client.sent.messages").getLongSumData().getPoints().iterator().next();
    assertThat(sent.getValue()).isEqualTo(1);
    assertThat(metric("messaging.client.sent.messages").getUnit()).isEqualTo("{message}");
  }

  @Test
  void processRecordsProcessDurationAndConsumedMessages() {
    Messaging messaging = Messaging.builder(telemetry.sdk).system("redis").build();
    List<Map<String, Object>> batch = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
    messaging.processBatch("jobs", batch, () -> null);
    assertThatThrownBy(
            () ->
                messaging.process(
                    "jobs",
                    new HashMap<String, Object>(),
                    () -> {
                      throw new IllegalStateException("bad job");
                    }))
        .isInstanceOf(IllegalStateException.class);
    List<HistogramPointData> process =
        List.copyOf(metric("messaging.process.duration").getHistogramData().getPoints());
    assertThat(process).hasSize(2);
    assertThat(process)
        .anySatisfy(
            p ->
                assertThat(p.getAttributes().get(TestTelemetry.ERROR_TYPE))
                    .isEqualTo("java.lang.IllegalStateException"));
    assertThat(process)
        .allSatisfy(
            p ->
                assertThat(p.getAttributes().get(TestTelemetry.OPERATION_NAME))
                    .isEqualTo("process"));
    long consumed =
        metric("messaging.client.consumed.messages").getLongSumData().getPoints().stream()
            .mapToLong(LongPointData::getValue)
            .sum();
    assertThat(consumed).isEqualTo(4);
  }

  @Test
  void scopesCarryVersionAndSchemaUrl() {
    roundTrip(Messaging.create(telemetry.sdk));
    SpanData send = telemetry.span("send orders");
    assertThat(send.getInstrumentationScopeInfo().getSchemaUrl())
        .isEqualTo("https://opentelemetry.io/schemas/1.45.0");
    assertThat(send.getInstrumentationScopeInfo().getVersion())
        .isNotBlank()
        .isNotEqualTo("unknown");
    assertThat(
            metric("messaging.client.operation.duration")
                .getInstrumentationScopeInfo()
                .getSchemaUrl())
        .isEqualTo("https://opentelemetry.io/schemas/1.45.0");
  }

  @Test
  void aConventionReplacesNamesAndAddsAttributes() {
    MessagingConvention convention =
        new DefaultMessagingConvention() {
          @Override
          public String spanName(String operation, String destination) {
            return destination + " " + operation;
          }

          @Override
          public void onStart(
              String operation,
              String destination,
              io.opentelemetry.api.common.AttributesBuilder attributes) {
            attributes.put("app.queue.tier", destination.startsWith("vip") ? "vip" : "standard");
          }
        };
    roundTrip(Messaging.builder(telemetry.sdk).system("redis").convention(convention).build());
    SpanData send = telemetry.span("orders send");
    assertThat(send.getAttributes().get(AttributeKey.stringKey("app.queue.tier")))
        .isEqualTo("standard");
    assertThat(send.getAttributes().get(TestTelemetry.SYSTEM)).isEqualTo("redis");
    assertThat(telemetry.span("orders process")).isNotNull();
  }

  @Test
  void aThrowingConventionFallsBackToTheDefault() {
    MessagingConvention broken =
        (operation, destination) -> {
          throw new IllegalStateException("bug in user convention");
        };
    roundTrip(Messaging.builder(telemetry.sdk).convention(broken).build());
    assertThat(telemetry.span("send orders")).isNotNull();
    assertThat(telemetry.span("process orders")).isNotNull();
  }
}
