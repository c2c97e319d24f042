package dev.tracekit.benchmarks.kafka;

import dev.tracekit.benchmarks.BenchSdk;
import dev.tracekit.kafka.KafkaTracing;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.kafkaclients.v2_6.KafkaTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost per record of tracing Kafka, beside OpenTelemetry's {@code
 * opentelemetry-kafka-clients-2.6} (2.31.1-alpha) and plain Kafka, on {@code MockProducer} and
 * {@code MockConsumer} (no broker). One SDK for both (always-on sampler, batch processor, no-op
 * exporter, metrics on). Per record:
 *
 * <ul>
 *   <li>{@code send*}: one {@code send} (a PRODUCER span, headers injected, ended from the
 *       callback);
 *   <li>{@code consume*}: a poll of {@value #BATCH} records carrying a {@code traceparent} header,
 *       each handled once: TraceKit makes a receive span per poll and a process span per record
 *       ({@code forEach}); OpenTelemetry's library makes a receive span per poll and a process span
 *       per record while the wrapped records are iterated.
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar KafkaRecordBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KafkaRecordBenchmark {
  static final int BATCH = 100;
  private static final String TOPIC = "orders";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
  private static final byte[] TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".getBytes(StandardCharsets.UTF_8);

  private OpenTelemetrySdk sdk;
  private MockProducer<String, String> plainMock;
  private MockProducer<String, String> tracekitMock;
  private MockProducer<String, String> otelMock;
  private Producer<String, String> tracekitProducer;
  private Producer<String, String> otelProducer;
  private MockConsumer<String, String> plainConsumer;
  private MockConsumer<String, String> tracekitMockConsumer;
  private MockConsumer<String, String> otelMockConsumer;
  private Consumer<String, String> tracekitConsumer;
  private Consumer<String, String> otelConsumer;
  private KafkaTracing tracekit;
  private long offset;
  private int sends;

  @Setup(Level.Trial)
  public void setUp() {
    sdk =
        BenchSdk.tracesAndMetricsBuilder()
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    tracekit = KafkaTracing.create(sdk);
    KafkaTelemetry otel = KafkaTelemetry.create(sdk);
    plainMock = producer();
    tracekitMock = producer();
    otelMock = producer();
    tracekitProducer = tracekit.wrap(tracekitMock);
    otelProducer = otel.wrap(otelMock);
    plainConsumer = consumer();
    tracekitMockConsumer = consumer();
    otelMockConsumer = consumer();
    tracekitConsumer = tracekit.wrap(tracekitMockConsumer);
    otelConsumer = otel.wrap(otelMockConsumer);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
  }

  private static MockProducer<String, String> producer() {
    return new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
  }

  private static MockConsumer<String, String> consumer() {
    MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
    consumer.assign(List.of(PARTITION));
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    return consumer;
  }

  private void send(Producer<String, String> producer, MockProducer<String, String> mock) {
    producer.send(new ProducerRecord<>(TOPIC, 0, "key", "value"), (metadata, error) -> {});
    if (++sends % 1024 == 0) {
      mock.clear(); // keep the mock's history bounded (same for every variant)
    }
  }

  @Benchmark
  public void sendPlain() {
    send(plainMock, plainMock);
  }

  @Benchmark
  public void sendTraceKit() {
    send(tracekitProducer, tracekitMock);
  }

  @Benchmark
  public void sendOpenTelemetry() {
    send(otelProducer, otelMock);
  }

  private void fill(MockConsumer<String, String> mock) {
    long now = System.currentTimeMillis();
    for (int i = 0; i < BATCH; i++) {
      RecordHeaders headers = new RecordHeaders();
      headers.add("traceparent", TRACEPARENT);
      mock.addRecord(
          new ConsumerRecord<>(
              TOPIC,
              0,
              offset++,
              now,
              TimestampType.CREATE_TIME,
              3,
              5,
              "key",
              "value",
              headers,
              Optional.empty()));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void consumePlain(Blackhole bh) {
    fill(plainConsumer);
    for (ConsumerRecord<String, String> record : plainConsumer.poll(Duration.ZERO)) {
      bh.consume(record.value());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void consumeTraceKit(Blackhole bh) {
    fill(tracekitMockConsumer);
    ConsumerRecords<String, String> records = tracekitConsumer.poll(Duration.ZERO);
    tracekit.forEach(
        records,
        record -> {
          bh.consume(record.value());
          return null;
        });
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void consumeOpenTelemetry(Blackhole bh) {
    fill(otelMockConsumer);
    for (ConsumerRecord<String, String> record : otelConsumer.poll(Duration.ZERO)) {
      bh.consume(record.value());
    }
  }
}
