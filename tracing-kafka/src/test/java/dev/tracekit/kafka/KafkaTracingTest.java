package dev.tracekit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kafka tracing against a real in-JVM KRaft broker ({@link KafkaBroker}). */
class KafkaTracingTest {
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
  private static final AttributeKey<String> DESTINATION =
      AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<String> PARTITION =
      AttributeKey.stringKey("messaging.destination.partition.id");
  private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
  private static final AttributeKey<String> GROUP =
      AttributeKey.stringKey("messaging.consumer.group.name");
  private static final AttributeKey<String> KEY =
      AttributeKey.stringKey("messaging.kafka.message.key");
  private static final AttributeKey<String> OPERATION_TYPE =
      AttributeKey.stringKey("messaging.operation.type");
  private static final AttributeKey<Long> BATCH =
      AttributeKey.longKey("messaging.batch.message_count");
  private static final AttributeKey<Double> WAIT =
      AttributeKey.doubleKey("tracekit.messaging.wait_time");
  private static final AttributeKey<Double> E2E =
      AttributeKey.doubleKey("tracekit.messaging.e2e_latency");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final TestTelemetry telemetry = TestTelemetry.create();

  @AfterEach
  void close() {
    telemetry.close();
  }

  /** Polls through the consumer until {@code count} records came back; returns the polls. */
  private static <K, V> List<ConsumerRecords<K, V>> pollUntil(Consumer<K, V> consumer, int count) {
    List<ConsumerRecords<K, V>> polls = new ArrayList<>();
    int seen = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (seen < count && System.nanoTime() < deadline) {
      ConsumerRecords<K, V> records = consumer.poll(Duration.ofMillis(200));
      if (!records.isEmpty()) {
        polls.add(records);
        seen += records.count();
      }
    }
    assertThat(seen).as("records consumed").isEqualTo(count);
    return polls;
  }

  private static <K, V> Consumer<K, V> assigned(Consumer<K, V> consumer, String topic) {
    consumer.assign(List.of(new TopicPartition(topic, 0)));
    return consumer;
  }

  @Test
  void recordFromAProducerThreadJoinsTheTraceWithWaitTimeAndConventions() throws Exception {
    String topic = KafkaBroker.topic("orders");
    KafkaTracing kafka = KafkaTracing.builder(telemetry.openTelemetry()).build();
    AtomicReference<RecordMetadata> acked = new AtomicReference<>();
    AtomicReference<String> callbackSpan = new AtomicReference<>();
    CompletableFuture.runAsync(
            () -> {
              Span request =
                  telemetry
                      .openTelemetry()
                      .getTracer("test")
                      .spanBuilder("POST /orders")
                      .setSpanKind(SpanKind.SERVER)
                      .startSpan();
              try (Producer<String, String> producer = kafka.wrap(KafkaBroker.producer());
                  Scope ignored = request.makeCurrent();
                  Scope baggage =
                      io.opentelemetry.api.baggage.Baggage.builder()
                          .put("tenant", "acme")
                          .build()
                          .makeCurrent()) {
                producer
                    .send(
                        new ProducerRecord<>(topic, "order-1", "{\"id\":1}"),
                        (metadata, error) -> {
                          acked.set(metadata);
                          callbackSpan.set(Span.current().getSpanContext().getSpanId());
                        })
                    .get();
              } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
              } finally {
                request.end();
              }
            })
        .get(30, TimeUnit.SECONDS);
    Thread.sleep(300); // the record waits in the topic

    List<String> seen = new ArrayList<>();
    try (Consumer<String, String> consumer = assigned(kafka.wrap(KafkaBroker.consumer()), topic)) {
      for (ConsumerRecords<String, String> records : pollUntil(consumer, 1)) {
        kafka.forEach(
            records,
            record -> {
              seen.add(record.value());
              seen.add(io.opentelemetry.api.baggage.Baggage.current().getEntryValue("tenant"));
              return null;
            });
      }
    }

    assertThat(seen)
        .as("the record, and the message's baggage while processing")
        .containsExactly("{\"id\":1}", "acme");
    SpanData request = telemetry.span("POST /orders");
    SpanData send = telemetry.span("send " + topic);
    SpanData receive = telemetry.span("receive " + topic);
    SpanData process = telemetry.span("process " + topic);
    assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(send.getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(send.getAttributes().get(SYSTEM)).isEqualTo("kafka");
    assertThat(send.getAttributes().get(DESTINATION)).isEqualTo(topic);
    assertThat(send.getAttributes().get(PARTITION)).isEqualTo("0");
    assertThat(send.getAttributes().get(OFFSET)).isEqualTo(acked.get().offset());
    assertThat(send.getAttributes().get(KEY)).as("keys are opt-in").isNull();
    assertThat(callbackSpan.get())
        .as("the callback runs in the send span")
        .isEqualTo(send.getSpanId());

    assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(process.getAttributes().get(SYSTEM)).isEqualTo("kafka");
    assertThat(process.getAttributes().get(OPERATION_TYPE)).isEqualTo("process");
    assertThat(process.getAttributes().get(PARTITION)).isEqualTo("0");
    assertThat(process.getAttributes().get(OFFSET)).isEqualTo(acked.get().offset());
    assertThat(process.getAttributes().get(GROUP)).startsWith("group-");
    assertThat(process.getAttributes().get(WAIT)).isBetween(0.3, 30.0);
    assertThat(process.getAttributes().get(E2E))
        .isGreaterThanOrEqualTo(process.getAttributes().get(WAIT));

    assertThat(receive.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(receive.getAttributes().get(OPERATION_TYPE)).isEqualTo("receive");
    assertThat(receive.getAttributes().get(BATCH)).isEqualTo(1L);
    assertThat(receive.getLinks())
        .anySatisfy(l -> assertThat(l.getSpanContext().getSpanId()).isEqualTo(send.getSpanId()));

    // the spec's messaging metrics
    assertThat(histogramCount("messaging.client.operation.duration", "send")).isEqualTo(1);
    assertThat(histogramCount("messaging.client.operation.duration", "receive")).isEqualTo(1);
    assertThat(histogramCount("messaging.process.duration", "process")).isEqualTo(1);
    assertThat(sum("messaging.client.sent.messages")).isEqualTo(1);
    assertThat(sum("messaging.client.consumed.messages")).isEqualTo(1);
    assertThat(histogramCount("tracekit.messaging.queue.wait", null)).isEqualTo(1);
  }

  @Test
  void linkOptionStartsANewTraceLinkedToTheProducer() throws Exception {
    String topic = KafkaBroker.topic("fanout");
    KafkaTracing kafka =
        KafkaTracing.builder(telemetry.openTelemetry())
            .linkToProducer(true)
            .captureMessageKey(true)
            .build();
    try (Producer<String, String> producer = kafka.wrap(KafkaBroker.producer())) {
      producer.send(new ProducerRecord<>(topic, "customer-7", "v")).get();
    }
    try (Consumer<String, String> consumer = assigned(KafkaBroker.consumer(), topic)) {
      for (ConsumerRecords<String, String> records : pollUntil(consumer, 1)) {
        for (ConsumerRecord<String, String> record : records) {
          kafka.process(record, r -> r.value());
        }
      }
    }
    SpanData send = telemetry.span("send " + topic);
    SpanData process = telemetry.span("process " + topic);
    assertThat(process.getParentSpanContext().isValid()).isFalse();
    assertThat(process.getTraceId()).isNotEqualTo(send.getTraceId());
    assertThat(process.getLinks()).hasSize(1);
    assertThat(process.getLinks().get(0).getSpanContext().getSpanId()).isEqualTo(send.getSpanId());
    assertThat(send.getAttributes().get(KEY)).isEqualTo("customer-7");
    assertThat(process.getAttributes().get(KEY)).isEqualTo("customer-7");
    // not from a wrapped consumer: the process counts the record itself
    assertThat(sum("messaging.client.consumed.messages")).isEqualTo(1);
  }

  @Test
  void poisonRecordsAndCorruptHeadersStartNewTracesAndNeverThrow() throws Exception {
    String topic = KafkaBroker.topic("poison");
    KafkaTracing kafka = KafkaTracing.create(telemetry.openTelemetry());
    try (KafkaProducer<String, String> raw = KafkaBroker.producer()) {
      ProducerRecord<String, String> garbage = new ProducerRecord<>(topic, "a", "\u0000\uFFFF{");
      garbage
          .headers()
          .add("traceparent", "00-zz-not-a-context-01".getBytes(StandardCharsets.UTF_8));
      ProducerRecord<String, String> binary = new ProducerRecord<>(topic, "b", "x");
      binary.headers().add("traceparent", new byte[] {(byte) 0xC3, (byte) 0x28, 0, -1});
      binary.headers().add("tracestate", new byte[9000]);
      ProducerRecord<String, String> nullHeader = new ProducerRecord<>(topic, "c", null);
      nullHeader.headers().add(new RecordHeader("traceparent", (byte[]) null));
      raw.send(garbage).get();
      raw.send(binary).get();
      raw.send(nullHeader).get();
    }
    List<String> processed = new ArrayList<>();
    try (Consumer<String, String> consumer = assigned(kafka.wrap(KafkaBroker.consumer()), topic)) {
      for (ConsumerRecords<String, String> records : pollUntil(consumer, 3)) {
        kafka.forEach(
            records,
            record -> {
              processed.add(record.key());
              return null;
            });
      }
    }
    assertThat(processed).containsExactly("a", "b", "c");
    List<SpanData> spans = telemetry.spans("process " + topic);
    assertThat(spans).hasSize(3);
    assertThat(spans).allSatisfy(s -> assertThat(s.getParentSpanContext().isValid()).isFalse());
    assertThat(spans.stream().map(SpanData::getTraceId).distinct()).hasSize(3);
    assertThat(telemetry.span("receive " + topic).getLinks()).isEmpty();
    assertThat(
            spans
                .get(2)
                .getAttributes()
                .get(AttributeKey.booleanKey("messaging.kafka.message.tombstone")))
        .isTrue();
  }

  @Test
  void aBatchOfAThousandRecordsHasAThousandProcessSpansAndOneReceivePerPoll() throws Exception {
    String topic = KafkaBroker.topic("batch");
    KafkaTracing kafka = KafkaTracing.create(telemetry.openTelemetry());
    try (Producer<String, String> producer = kafka.wrap(KafkaBroker.producer())) {
      for (int i = 0; i < 1000; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
      }
      producer.flush();
    }
    int polls;
    try (Consumer<String, String> consumer = assigned(kafka.wrap(KafkaBroker.consumer()), topic)) {
      List<ConsumerRecords<String, String>> batches = pollUntil(consumer, 1000);
      polls = batches.size();
      for (ConsumerRecords<String, String> records : batches) {
        kafka.forEach(records, record -> record.value());
      }
    }
    List<SpanData> sends = telemetry.spans("send " + topic);
    List<SpanData> receives = telemetry.spans("receive " + topic);
    List<SpanData> processes = telemetry.spans("process " + topic);
    assertThat(sends).hasSize(1000);
    assertThat(processes).hasSize(1000);
    assertThat(receives).hasSize(polls);
    assertThat(receives.stream().mapToLong(s -> s.getAttributes().get(BATCH)).sum())
        .isEqualTo(1000);
    assertThat(receives).allSatisfy(s -> assertThat(s.getLinks().size()).isLessThanOrEqualTo(128));
    // every process span is the child of its own send span
    assertThat(processes.stream().map(SpanData::getParentSpanId).distinct()).hasSize(1000);
    assertThat(sum("messaging.client.consumed.messages")).isEqualTo(1000);
    assertThat(sum("messaging.client.sent.messages")).isEqualTo(1000);
  }

  @Test
  void sendFailureIsRecordedFromTheCallback() throws Exception {
    String topic = KafkaBroker.topic("too-large");
    KafkaTracing kafka = KafkaTracing.create(telemetry.openTelemetry());
    AtomicReference<Exception> reported = new AtomicReference<>();
    try (Producer<String, String> producer =
        kafka.wrap(KafkaBroker.producer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1024")))) {
      producer.send(new ProducerRecord<>(topic, "k", "x".repeat(4096)), (m, e) -> reported.set(e));
    }
    assertThat(reported.get()).isInstanceOf(RecordTooLargeException.class);
    SpanData send = telemetry.span("send " + topic);
    assertThat(send.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(send.getAttributes().get(ERROR_TYPE))
        .isEqualTo(RecordTooLargeException.class.getName());
  }

  @Test
  void processFailureIsRecordedAndRethrown() throws Exception {
    String topic = KafkaBroker.topic("failing");
    KafkaTracing kafka = KafkaTracing.create(telemetry.openTelemetry());
    try (Producer<String, String> producer = kafka.wrap(KafkaBroker.producer())) {
      producer.send(new ProducerRecord<>(topic, "k", "v")).get();
    }
    IllegalStateException thrown = new IllegalStateException("cannot handle");
    try (Consumer<String, String> consumer = assigned(kafka.wrap(KafkaBroker.consumer()), topic)) {
      ConsumerRecord<String, String> record = pollUntil(consumer, 1).get(0).iterator().next();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  kafka.process(
                      record,
                      r -> {
                        throw thrown;
                      }))
          .isSameAs(thrown);
    }
    SpanData process = telemetry.span("process " + topic);
    assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(process.getAttributes().get(ERROR_TYPE))
        .isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void producerInAnotherJvm() throws Exception {
    String topic = KafkaBroker.topic("cross-jvm");
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ProducerMain.class.getName(),
                KafkaBroker.bootstrap(),
                topic)
            .redirectErrorStream(true)
            .start();
    String sent = null;
    StringBuilder output = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        output.append(line).append('\n');
        if (line.startsWith("SENT ")) {
          sent = line;
        }
      }
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(sent).as("producer output:\n%s", output).isNotNull();
    String[] ids = sent.split(" ");

    KafkaTracing kafka = KafkaTracing.create(telemetry.openTelemetry());
    try (Consumer<String, String> consumer = assigned(kafka.wrap(KafkaBroker.consumer()), topic)) {
      for (ConsumerRecords<String, String> records : pollUntil(consumer, 1)) {
        kafka.forEach(records, record -> record.value());
      }
    }
    SpanData process = telemetry.span("process " + topic);
    assertThat(process.getTraceId()).isEqualTo(ids[1]);
    assertThat(process.getParentSpanId()).isEqualTo(ids[2]);
    assertThat(process.getParentSpanContext().isRemote()).isTrue();
  }

  @Test
  void nullRule() throws Exception {
    KafkaTracing kafka = KafkaTracing.create(telemetry.openTelemetry());
    assertThatNullPointerException()
        .isThrownBy(() -> KafkaTracing.create(null))
        .withMessage("openTelemetry");
    assertThatNullPointerException()
        .isThrownBy(() -> kafka.wrap((Producer<String, String>) null))
        .withMessage("producer");
    assertThatNullPointerException()
        .isThrownBy(() -> kafka.wrap((Consumer<String, String>) null))
        .withMessage("consumer");
    assertThatNullPointerException()
        .isThrownBy(() -> KafkaTracing.builder(telemetry.openTelemetry()).consumerGroup(null))
        .withMessage("group");
    ConsumerRecord<String, String> record = new ConsumerRecord<>("t", 0, 0L, "k", "v");
    assertThat(
            kafka.<ConsumerRecord<String, String>, Object, RuntimeException>process(record, null))
        .isNull();
    Object ran = kafka.process((ConsumerRecord<String, String>) null, r -> "ran");
    assertThat(ran).isEqualTo("ran");
    kafka.forEach((List<ConsumerRecord<String, String>>) null, r -> r);
    assertThat(telemetry.spans()).isEmpty();
  }

  private long histogramCount(String name, String operation) {
    return telemetry.metric(name).getHistogramData().getPoints().stream()
        .filter(p -> operation == null || operation.equals(p.getAttributes().get(OPERATION_TYPE)))
        .mapToLong(HistogramPointData::getCount)
        .sum();
  }

  private long sum(String name) {
    return telemetry.metric(name).getLongSumData().getPoints().stream()
        .mapToLong(LongPointData::getValue)
        .sum();
  }
}
