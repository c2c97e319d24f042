package dev.tracekit.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.tracekit.core.testing.Services;
import dev.tracekit.testing.TestTelemetry;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.Subscription;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** NATS tracing against the NATS server on 127.0.0.1:4222 (JetStream on). */
class NatsTracingTest {
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  private static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<String> GROUP =
      AttributeKey.stringKey("messaging.consumer.group.name");
  private static final AttributeKey<String> MESSAGE_ID =
      AttributeKey.stringKey("messaging.message.id");
  private static final AttributeKey<Double> WAIT =
      AttributeKey.doubleKey("tracekit.messaging.wait_time");

  private final TestTelemetry telemetry = TestTelemetry.create();
  private Connection raw;

  @BeforeEach
  void connect() throws Exception {
    Services.require("NATS", 4222);
    raw = Nats.connect(new Options.Builder().server("nats://127.0.0.1:4222").build());
  }

  @AfterEach
  void close() throws Exception {
    if (raw != null) {
      raw.close();
    }
    telemetry.close();
  }

  private String subject(String prefix) {
    return prefix + "." + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void corePublishFromAnotherThreadJoinsTheTraceThroughADispatcher() throws Exception {
    NatsTracing nats = NatsTracing.create(telemetry.openTelemetry());
    Connection connection = nats.wrap(raw);
    String subject = subject("orders");
    CountDownLatch handled = new CountDownLatch(1);
    Dispatcher dispatcher =
        connection.createDispatcher(
            nats.handler(
                msg -> {
                  Span.current().setAttribute("handled", true);
                  handled.countDown();
                }));
    dispatcher.subscribe(subject, "workers");
    connection.flush(Duration.ofSeconds(5));

    CompletableFuture.runAsync(
            () -> {
              Span request =
                  telemetry
                      .openTelemetry()
                      .getTracer("test")
                      .spanBuilder("POST /orders")
                      .setSpanKind(SpanKind.SERVER)
                      .startSpan();
              try (Scope ignored = request.makeCurrent()) {
                connection.publish(subject, "{\"id\":1}".getBytes(StandardCharsets.UTF_8));
              } finally {
                request.end();
              }
            })
        .get(10, TimeUnit.SECONDS);
    assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();

    SpanData request = telemetry.span("POST /orders");
    SpanData send = telemetry.span("send " + subject);
    SpanData process = telemetry.span("process " + subject);
    assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(send.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(send.getAttributes().get(SYSTEM)).isEqualTo("nats");
    assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(process.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(process.getAttributes().get(DESTINATION)).isEqualTo(subject);
    assertThat(process.getAttributes().get(GROUP)).isEqualTo("workers");
    assertThat(process.getAttributes().get(WAIT)).isNotNull();
    assertThat(process.getAttributes().get(AttributeKey.booleanKey("handled"))).isTrue();
    assertThat(sum("messaging.client.sent.messages")).isEqualTo(1);
    assertThat(sum("messaging.client.consumed.messages")).isEqualTo(1);
  }

  @Test
  void jetStreamPublishAndPullMeasureTheWaitFromTheStoredTimestamp() throws Exception {
    String stream = "TK_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String subject = stream.toLowerCase() + ".jobs";
    JetStreamManagement jsm = raw.jetStreamManagement();
    jsm.addStream(
        StreamConfiguration.builder()
            .name(stream)
            .subjects(subject)
            .storageType(StorageType.Memory)
            .build());
    try {
      NatsTracing nats = NatsTracing.create(telemetry.openTelemetry());
      JetStream js = nats.wrap(raw).jetStream();
      Headers headers = new Headers().put("Nats-Msg-Id", "job-1");
      js.publish(subject, headers, "work".getBytes(StandardCharsets.UTF_8));
      js.publishAsync(subject, "more".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
      Thread.sleep(300);

      JetStreamSubscription sub =
          js.subscribe(subject, PullSubscribeOptions.builder().durable("worker").build());
      List<Message> messages = sub.fetch(2, Duration.ofSeconds(5));
      assertThat(messages).hasSize(2);
      for (Message message : messages) {
        nats.process(
            message,
            m -> {
              m.ack();
              return null;
            });
      }
      List<SpanData> sends = telemetry.spans("send " + subject);
      List<SpanData> processes = telemetry.spans("process " + subject);
      assertThat(sends).hasSize(2);
      assertThat(processes).hasSize(2);
      assertThat(processes.get(0).getParentSpanId()).isEqualTo(sends.get(0).getSpanId());
      assertThat(processes.get(1).getParentSpanId()).isEqualTo(sends.get(1).getSpanId());
      assertThat(processes.get(0).getAttributes().get(MESSAGE_ID)).isEqualTo("job-1");
      assertThat(sends.get(0).getAttributes().get(MESSAGE_ID)).isEqualTo("job-1");
      assertThat(processes.get(0).getAttributes().get(GROUP)).isEqualTo("worker");
      assertThat(processes)
          .allSatisfy(p -> assertThat(p.getAttributes().get(WAIT)).isBetween(0.3, 30.0));
    } finally {
      jsm.deleteStream(stream);
    }
  }

  @Test
  void pullFetchAndSyncNextMessageMakeReceiveSpansLinkedToTheProducers() throws Exception {
    String stream = "TK_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String subject = stream.toLowerCase() + ".batch";
    JetStreamManagement jsm = raw.jetStreamManagement();
    jsm.addStream(
        StreamConfiguration.builder()
            .name(stream)
            .subjects(subject)
            .storageType(StorageType.Memory)
            .build());
    try {
      NatsTracing nats = NatsTracing.create(telemetry.openTelemetry());
      Connection traced = nats.wrap(raw);
      JetStream js = traced.jetStream();
      for (int i = 0; i < 3; i++) {
        js.publish(subject, ("job-" + i).getBytes(StandardCharsets.UTF_8));
      }
      JetStreamSubscription sub =
          js.subscribe(subject, PullSubscribeOptions.builder().durable("batcher").build());
      List<Message> messages = sub.fetch(10, Duration.ofSeconds(5));
      assertThat(messages).hasSize(3);
      for (Message message : messages) {
        nats.process(
            message,
            m -> {
              m.ack();
              return null;
            });
      }
      List<SpanData> sends = telemetry.spans("send " + subject);
      SpanData receive = telemetry.span("receive " + subject);
      assertThat(receive.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CONSUMER);
      assertThat(receive.getAttributes().get(SYSTEM)).isEqualTo("nats");
      assertThat(receive.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count")))
          .isEqualTo(3L);
      assertThat(receive.getAttributes().get(GROUP)).isEqualTo("batcher");
      assertThat(receive.getLinks())
          .extracting(link -> link.getSpanContext().getSpanId())
          .containsExactlyInAnyOrderElementsOf(sends.stream().map(SpanData::getSpanId).toList());
      assertThat(telemetry.spans("process " + subject)).hasSize(3);

      // A core sync subscription: nextMessage is a receive of one message.
      String core = subject("tk.sync");
      Subscription sync = traced.subscribe(core);
      traced.publish(core, "one".getBytes(StandardCharsets.UTF_8));
      Message one = sync.nextMessage(Duration.ofSeconds(5));
      assertThat(one).isNotNull();
      SpanData single = telemetry.span("receive " + core);
      assertThat(single.getLinks()).hasSize(1);
      assertThat(single.getLinks().get(0).getSpanContext().getSpanId())
          .isEqualTo(telemetry.span("send " + core).getSpanId());
      assertThat(sync.nextMessage(Duration.ofMillis(50))).isNull();
      assertThat(telemetry.spans("receive " + core)).hasSize(1);
      sync.unsubscribe();
    } finally {
      jsm.deleteStream(stream);
    }
  }

  @Test
  void corruptHeadersStartANewTraceAndNeverThrow() throws Exception {
    NatsTracing nats = NatsTracing.create(telemetry.openTelemetry());
    String subject = subject("poison");
    Subscription sub = raw.subscribe(subject);
    raw.publish(subject, new Headers().put("traceparent", "00-garbage-01"), new byte[] {0, -1});
    raw.publish(subject, new byte[] {1});
    raw.flush(Duration.ofSeconds(5));
    for (int i = 0; i < 2; i++) {
      Message message = sub.nextMessage(Duration.ofSeconds(5));
      Integer length = nats.process(message, m -> m.getData().length);
      assertThat(length).isEqualTo(message.getData().length);
    }
    List<SpanData> spans = telemetry.spans("process " + subject);
    assertThat(spans).hasSize(2);
    assertThat(spans).allSatisfy(s -> assertThat(s.getParentSpanContext().isValid()).isFalse());
    assertThat(spans.get(0).getTraceId()).isNotEqualTo(spans.get(1).getTraceId());
  }

  @Test
  void linkOptionAndCoreWaitTime() throws Exception {
    NatsTracing nats = NatsTracing.builder(telemetry.openTelemetry()).linkToProducer(true).build();
    Connection connection = nats.wrap(raw);
    String subject = subject("fanout");
    Subscription sub = raw.subscribe(subject);
    connection.publish(subject, "x".getBytes(StandardCharsets.UTF_8));
    raw.flush(Duration.ofSeconds(5));
    Thread.sleep(250);
    Message message = sub.nextMessage(Duration.ofSeconds(5));
    nats.process(message, m -> null);
    SpanData send = telemetry.span("send " + subject);
    SpanData process = telemetry.span("process " + subject);
    assertThat(process.getParentSpanContext().isValid()).isFalse();
    assertThat(process.getLinks()).hasSize(1);
    assertThat(process.getLinks().get(0).getSpanContext().getSpanId()).isEqualTo(send.getSpanId());
    assertThat(process.getAttributes().get(WAIT)).isBetween(0.25, 30.0);
  }

  @Test
  void nullRule() throws Exception {
    NatsTracing nats = NatsTracing.create(telemetry.openTelemetry());
    assertThatNullPointerException()
        .isThrownBy(() -> NatsTracing.create(null))
        .withMessage("openTelemetry");
    assertThatNullPointerException()
        .isThrownBy(() -> nats.wrap((Connection) null))
        .withMessage("connection");
    assertThatNullPointerException().isThrownBy(() -> nats.handler(null)).withMessage("handler");
    assertThat(nats.<Message, Object, RuntimeException>process(null, null)).isNull();
    Object ran = nats.process((Message) null, m -> "ran");
    assertThat(ran).isEqualTo("ran");
    assertThat(telemetry.spans()).isEmpty();
  }

  private long sum(String name) {
    return telemetry.metric(name).getLongSumData().getPoints().stream()
        .mapToLong(LongPointData::getValue)
        .sum();
  }
}
