package dev.tracekit.api.queue;

import static dev.tracekit.api.queue.TestTelemetry.DESTINATION;
import static dev.tracekit.api.queue.TestTelemetry.MESSAGE_ID;
import static dev.tracekit.api.queue.TestTelemetry.SYSTEM;
import static dev.tracekit.api.queue.TestTelemetry.e2eMillis;
import static dev.tracekit.api.queue.TestTelemetry.waitMillis;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.LongString;
import dev.tracekit.api.Messaging;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A job through a real RabbitMQ on loopback, context in the AMQP message headers. */
@SuppressWarnings("try") // scopes are closed by try-with-resources on purpose
class RabbitMqQueueTest {
  private static final long HOLD_MS = 100;

  private final TestTelemetry telemetry = new TestTelemetry();
  private final Tracer tracer = telemetry.sdk.getTracer("test");
  private final Messaging messaging =
      Messaging.builder(telemetry.sdk)
          .system("rabbitmq")
          .requestStartField(TestTelemetry.REQUEST_START)
          .build();
  private Connection connection;

  @BeforeEach
  void connect() throws Exception {
    LoopbackServices.require("RabbitMQ", 5672);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(5672);
    factory.setUsername("guest");
    factory.setPassword("guest");
    factory.setConnectionTimeout(5000);
    connection = factory.newConnection("tracekit-queue-test");
  }

  @AfterEach
  void close() throws Exception {
    if (connection != null) {
      connection.close();
    }
    telemetry.close();
  }

  @Test
  void consumerThreadJoinsTheProducersTraceThroughAmqpHeaders() throws Exception {
    Channel producerChannel = connection.createChannel();
    String queue =
        producerChannel.queueDeclare().getQueue(); // server-named, exclusive, auto-delete

    Span webhook = tracer.spanBuilder("POST /webhook").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = webhook.makeCurrent()) {
      Map<String, Object> headers = new HashMap<>();
      headers.put(TestTelemetry.REQUEST_START, System.currentTimeMillis());
      messaging.send(
          queue,
          "msg-1",
          headers,
          (h, k, v) -> h.put(k, v),
          () -> {
            AMQP.BasicProperties props =
                new AMQP.BasicProperties.Builder().messageId("msg-1").headers(headers).build();
            producerChannel.basicPublish(
                "", queue, props, "{\"text\":\"hola\"}".getBytes(StandardCharsets.UTF_8));
            return null;
          });
    } finally {
      webhook.end();
    }
    Thread.sleep(HOLD_MS); // the message waits in the broker

    Channel consumerChannel = connection.createChannel();
    CompletableFuture<String> consumed = new CompletableFuture<>();
    List<Object> headerTypes = new CopyOnWriteArrayList<>();
    consumerChannel.basicConsume(
        queue,
        true,
        (tag, delivery) -> {
          Map<String, Object> received = delivery.getProperties().getHeaders();
          headerTypes.add(received.get("traceparent"));
          String result =
              messaging.process(
                  queue,
                  delivery.getProperties().getMessageId(),
                  received,
                  () -> {
                    tracer.spanBuilder("handle message").startSpan().end();
                    return Thread.currentThread().getName();
                  });
          consumed.complete(result);
        },
        tag -> {});
    String consumerThread = consumed.get(10, TimeUnit.SECONDS);
    assertThat(consumerThread).isNotEqualTo(Thread.currentThread().getName());
    // AMQP delivers string header values as LongString, not String: the carrier reads them
    assertThat(headerTypes).singleElement().isInstanceOf(LongString.class);

    SpanData send = telemetry.span("send " + queue);
    SpanData process = telemetry.awaitSpan("process " + queue, Duration.ofSeconds(5));
    SpanData handle = telemetry.span("handle message");
    assertThat(send.getParentSpanId()).isEqualTo(webhook.getSpanContext().getSpanId());
    assertThat(process.getTraceId()).isEqualTo(webhook.getSpanContext().getTraceId());
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(process.getParentSpanContext().isRemote()).isTrue();
    assertThat(handle.getParentSpanId()).isEqualTo(process.getSpanId());
    assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.getAttributes().get(SYSTEM)).isEqualTo("rabbitmq");
    assertThat(process.getAttributes().get(DESTINATION)).isEqualTo(queue);
    assertThat(process.getAttributes().get(MESSAGE_ID)).isEqualTo("msg-1");
    assertThat(waitMillis(process)).isBetween(HOLD_MS, 10_000L);
    assertThat(e2eMillis(process)).isBetween(HOLD_MS, 10_000L);
    assertThat(telemetry.histogram("tracekit.messaging.queue.wait").get(0).getSum())
        .isGreaterThanOrEqualTo(HOLD_MS / 1000.0);
  }
}
