package dev.tracekit.kafka;

import dev.tracekit.api.MessagingConvention;
import dev.tracekit.api.ThrowingFunction;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.kafka.internal.KafkaCore;
import dev.tracekit.kafka.internal.TracingProxies;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.jspecify.annotations.Nullable;

/**
 * Traces Kafka producers and consumers with the messaging semantic conventions.
 *
 * <pre>{@code
 * KafkaTracing kafka = KafkaTracing.create(openTelemetry);
 * Producer<String, String> producer = kafka.wrap(new KafkaProducer<>(props));
 * producer.send(new ProducerRecord<>("orders", key, value));      // "send orders" PRODUCER
 *
 * Consumer<String, String> consumer = kafka.wrap(new KafkaConsumer<>(props));
 * ConsumerRecords<String, String> records = consumer.poll(Duration.ofSeconds(1)); // "receive orders"
 * kafka.forEach(records, record -> orders.save(record.value())); // one "process orders" per record
 * }</pre>
 *
 * <ul>
 *   <li>{@link #wrap(Producer)}: each {@code send} is a {@code send {topic}} PRODUCER span; the
 *       context goes into the record's headers ({@code traceparent}, ...); the span ends with the
 *       outcome Kafka reports to the send callback (partition and offset, or the error).
 *   <li>{@link #wrap(Consumer)}: each non-empty {@code poll} is a {@code receive {topic}} CONSUMER
 *       span ({@code receive} when the records come from several topics) with a span link to each
 *       record's producer context (at most 128, the SDK's default link limit).
 *   <li>{@link #process(ConsumerRecord, ThrowingFunction)} and {@link #forEach(Iterable,
 *       ThrowingFunction)}: one {@code process {topic}} CONSUMER span per record, a child of the
 *       producer's context (or, with {@link Builder#linkToProducer(boolean)}, of the current
 *       context with a link to the producer's), with {@code messaging.system=kafka}, destination,
 *       partition, offset, consumer group, body size, the key (opt-in), {@code
 *       tracekit.messaging.wait_time} (seconds from the record's timestamp to the start of
 *       processing) and {@code tracekit.messaging.e2e_latency} (to the end of processing, from the
 *       header named with {@link Builder#requestStartField(String)} or else the record's
 *       timestamp).
 *   <li>Metrics: {@code messaging.client.operation.duration} (send, receive), {@code
 *       messaging.process.duration}, {@code messaging.client.sent.messages}, {@code
 *       messaging.client.consumed.messages}, {@code tracekit.messaging.queue.wait} and {@code
 *       tracekit.messaging.e2e.duration}; topic names bounded.
 * </ul>
 *
 * <p>Nothing here throws into the application at run time except its own exceptions and Kafka's: a
 * missing or corrupt header gives a span in a new trace, a tracing failure is reported once and the
 * record is sent or processed untraced. At run time a null function is skipped (returns null) and a
 * null record runs untraced, each reported once; set-up methods fail fast with a {@link
 * NullPointerException} naming the parameter.
 */
public final class KafkaTracing {
  private final KafkaCore core;

  private KafkaTracing(Builder builder) {
    this.core =
        new KafkaCore(
            builder.openTelemetry,
            builder.convention,
            builder.serverAddress,
            builder.serverPort,
            builder.linkToProducer,
            builder.captureMessageKey,
            builder.consumerGroup,
            builder.requestStartField);
  }

  /**
   * Kafka tracing with the default options.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return the tracing
   * @throws NullPointerException if openTelemetry is null
   */
  public static KafkaTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * A builder.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return the builder
   * @throws NullPointerException if openTelemetry is null
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /**
   * Wraps a producer: {@code send} is traced, every other method is the delegate's.
   *
   * @param producer the producer
   * @param <K> key type
   * @param <V> value type
   * @return the traced producer
   * @throws NullPointerException if producer is null
   */
  public <K, V> Producer<K, V> wrap(Producer<K, V> producer) {
    return TracingProxies.producer(Objects.requireNonNull(producer, "producer"), core);
  }

  /**
   * Wraps a consumer: a non-empty {@code poll} makes a receive span, every other method is the
   * delegate's. Process each record with {@link #process} or {@link #forEach}.
   *
   * @param consumer the consumer
   * @param <K> key type
   * @param <V> value type
   * @return the traced consumer
   * @throws NullPointerException if consumer is null
   */
  public <K, V> Consumer<K, V> wrap(Consumer<K, V> consumer) {
    return TracingProxies.consumer(Objects.requireNonNull(consumer, "consumer"), core);
  }

  /**
   * Processes one record inside a {@code process {topic}} CONSUMER span.
   *
   * @param record the record; null runs fn untraced (reported once)
   * @param fn the processing code; null is skipped (returns null) and reported once
   * @param <R> the record type
   * @param <T> the result type
   * @param <E> fn's exception type
   * @return fn's result
   * @throws E fn's exception, unchanged (the span records it)
   */
  public <R extends ConsumerRecord<?, ?>, T, E extends Throwable> @Nullable T process(
      @Nullable R record, @Nullable ThrowingFunction<? super R, ? extends T, E> fn) throws E {
    return core.process(record, fn);
  }

  /**
   * Processes each record (for example a poll's {@code ConsumerRecords}) in its own {@code process
   * {topic}} span, in order. An exception from fn ends that record's span with the error and stops
   * the loop: it is rethrown unchanged, as a plain loop would.
   *
   * @param records the records; null is nothing to do (reported once)
   * @param fn the processing code, its result ignored; null is skipped and reported once
   * @param <R> the record type
   * @param <E> fn's exception type
   * @throws E fn's exception, unchanged
   */
  public <R extends ConsumerRecord<?, ?>, E extends Throwable> void forEach(
      @Nullable Iterable<R> records, @Nullable ThrowingFunction<? super R, ?, E> fn) throws E {
    if (records == null || fn == null) {
      Diagnostics.reportOnce(
          "kafka.forEach.null",
          "KafkaTracing.forEach called with null records or a null function; skipped");
      return;
    }
    for (R record : records) {
      core.process(record, fn);
    }
  }

  /** Options for {@link KafkaTracing}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private MessagingConvention convention = MessagingConvention.DEFAULT;
    private @Nullable String serverAddress;
    private int serverPort = -1;
    private boolean linkToProducer;
    private boolean captureMessageKey;
    private @Nullable String consumerGroup;
    private @Nullable String requestStartField;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Replaces the span names and adds attributes: see {@link MessagingConvention}. Default: the
     * messaging semantic conventions.
     *
     * @param convention the convention
     * @return this builder
     * @throws NullPointerException if convention is null
     */
    public Builder convention(MessagingConvention convention) {
      this.convention = Objects.requireNonNull(convention, "convention");
      return this;
    }

    /**
     * The broker's {@code server.address} and {@code server.port} (for example the first bootstrap
     * server), recorded on spans and metrics. Default: not recorded.
     *
     * @param address the broker's host name or IP address
     * @param port the broker's port, or -1 when unknown
     * @return this builder
     * @throws NullPointerException if address is null
     * @throws IllegalArgumentException if address is blank or port is out of range
     */
    public Builder server(String address, int port) {
      Objects.requireNonNull(address, "address");
      if (address.isBlank()) {
        throw new IllegalArgumentException("address must not be blank");
      }
      if (port == 0 || port < -1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535 or -1: " + port);
      }
      this.serverAddress = address.strip();
      this.serverPort = port;
      return this;
    }

    /**
     * When true, a process span is a child of the current context with a span link to the
     * producer's context, instead of a child of the producer (for fan-out, or when one trace per
     * record is unwanted). Default false.
     *
     * @param linkToProducer whether to link instead of parenting
     * @return this builder
     */
    public Builder linkToProducer(boolean linkToProducer) {
      this.linkToProducer = linkToProducer;
      return this;
    }

    /**
     * Records the record key as {@code messaging.kafka.message.key} (opt-in: keys often identify
     * people or accounts). Default false.
     *
     * @param capture whether to record keys
     * @return this builder
     */
    public Builder captureMessageKey(boolean capture) {
      this.captureMessageKey = capture;
      return this;
    }

    /**
     * The consumer group recorded on process spans when the records do not come from a consumer
     * wrapped on the same thread (which tells its own group). Default: none.
     *
     * @param group the consumer group name
     * @return this builder
     * @throws NullPointerException if group is null
     */
    public Builder consumerGroup(String group) {
      this.consumerGroup = Objects.requireNonNull(group, "group");
      return this;
    }

    /**
     * The record header in which the producer's code writes when the request that led to the record
     * started (epoch milliseconds as text): end-to-end latency is then measured from it instead of
     * from the record's timestamp. Default: unset.
     *
     * @param header the header name
     * @return this builder
     * @throws NullPointerException if header is null
     */
    public Builder requestStartField(String header) {
      this.requestStartField = Objects.requireNonNull(header, "header");
      return this;
    }

    /**
     * Builds the tracing.
     *
     * @return the tracing
     */
    public KafkaTracing build() {
      return new KafkaTracing(this);
    }
  }
}
