package dev.tracekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook -> queue -> worker scenario with its queue on Kafka ({@code
 * TRACEKIT_EXAMPLES_KAFKA}): an in-JVM KRaft broker, the producer and the per-record process span
 * made by {@code KafkaTracing}, one trace from the webhook to the reply.
 */
class KafkaQueueTest {
  private static KafkaClusterTestKit broker;

  @BeforeAll
  static void startBroker() throws Exception {
    // A fatal path inside the broker must not exit or halt the test JVM (surefire would report
    // the fork as failed).
    org.apache.kafka.common.utils.Exit.setExitProcedure(
        (code, message) ->
            System.err.println("Kafka broker asked to exit " + code + ": " + message));
    org.apache.kafka.common.utils.Exit.setHaltProcedure(
        (code, message) ->
            System.err.println("Kafka broker asked to halt " + code + ": " + message));
    broker =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("num.partitions", "1")
            .build();
    broker.format();
    broker.startup();
    broker.waitForReadyBrokers();
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void webhookQueueWorkerOnKafka() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    Examples.Result result =
        Examples.run(
            new Options(
                List.of("webhook-queue-worker"),
                null,
                false,
                Map.of(ScenarioContext.KAFKA_ENV, broker.bootstrapServers()),
                new PrintStream(buffer, true, StandardCharsets.UTF_8),
                List.of()));
    assertThat(result.exitCode()).as(buffer.toString(StandardCharsets.UTF_8)).isZero();
    List<SpanData> spans = result.spans().get("webhook-queue-worker");
    SpanData send = one(spans, "send ai-queue");
    SpanData process = one(spans, "process ai-queue");
    assertThat(send.getAttributes().get(AttributeKey.stringKey("messaging.system")))
        .isEqualTo("kafka");
    assertThat(send.getInstrumentationScopeInfo().getName()).isEqualTo("dev.tracekit.kafka");
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(process.getTraceId()).isEqualTo(send.getTraceId());
    assertThat(process.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset")))
        .isNotNull();
    assertThat(process.getAttributes().get(AttributeKey.doubleKey("tracekit.messaging.wait_time")))
        .isNotNull();
  }

  private static SpanData one(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }
}
