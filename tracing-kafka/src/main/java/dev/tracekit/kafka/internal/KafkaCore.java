package dev.tracekit.kafka.internal;

import dev.tracekit.api.MessagingConvention;
import dev.tracekit.api.ThrowingFunction;
import dev.tracekit.api.TraceCarrier;
import dev.tracekit.api.support.AttributeValues;
import dev.tracekit.api.support.CarrierSupport;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.MessagingAttributes;
import dev.tracekit.api.support.MessagingInstruments;
import dev.tracekit.api.support.MessagingInstruments.Destination;
import dev.tracekit.api.support.MessagingInstruments.Kind;
import dev.tracekit.api.support.MessagingInstruments.Operation;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;

/**
 * The Kafka spans and metrics, on the shared messaging conventions ({@link MessagingInstruments}).
 *
 * <p>Internal: not API.
 */
public final class KafkaCore {
  /** Instrumentation scope name. */
  public static final String SCOPE = "dev.tracekit.kafka";

  /** The {@code messaging.system} value. */
  public static final String SYSTEM = "kafka";

  /** Most span links a receive span gets (the SDK's default link limit). */
  static final int MAX_LINKS = 128;

  private static final int MAX_KEY_LENGTH = 256;

  private final MessagingInstruments instruments;
  private final TraceCarrier carrier;
  private final boolean linkToProducer;
  private final boolean captureKey;
  private final @Nullable String consumerGroup;
  private final @Nullable String requestStartField;

  /**
   * Whether a wrapped consumer has polled: its receive counts {@code consumed.messages}, so process
   * spans (on any thread) do not count again.
   */
  private volatile boolean wrappedPolls;

  /** What the wrapped consumer's last poll on this thread knew. */
  private final ThreadLocal<@Nullable PollInfo> lastPoll = new ThreadLocal<>();

  /**
   * Creates the core.
   *
   * @param openTelemetry the instance
   * @param convention span names and extra attributes
   * @param serverAddress the broker's address, or null
   * @param serverPort the broker's port, or -1
   * @param linkToProducer process spans link to the producer instead of being its children
   * @param captureKey record {@code messaging.kafka.message.key}
   * @param consumerGroup the consumer group when no wrapped consumer tells it, or null
   * @param requestStartField the header holding the original request start, or null
   */
  public KafkaCore(
      OpenTelemetry openTelemetry,
      MessagingConvention convention,
      @Nullable String serverAddress,
      int serverPort,
      boolean linkToProducer,
      boolean captureKey,
      @Nullable String consumerGroup,
      @Nullable String requestStartField) {
    this.instruments =
        new MessagingInstruments(
            openTelemetry, SCOPE, SYSTEM, serverAddress, serverPort, convention);
    this.carrier = TraceCarrier.create(openTelemetry);
    this.linkToProducer = linkToProducer;
    this.captureKey = captureKey;
    this.consumerGroup = consumerGroup;
    this.requestStartField = requestStartField;
  }

  /**
   * What the last wrapped poll on a thread knew: the consumer group, and the producer contexts
   * already extracted for the receive span's links (each handed to the record's process span once,
   * so a linked record's headers are parsed once).
   */
  static final class PollInfo {
    final @Nullable String group;
    final Map<ConsumerRecord<?, ?>, Context> extracted = new IdentityHashMap<>();

    PollInfo(@Nullable String group) {
      this.group = group;
    }
  }

  // ------------------------------------------------------------------ producer

  /**
   * Sends through the delegate inside a {@code send {topic}} PRODUCER span; the span ends when the
   * send completes (from the callback) or fails.
   *
   * @param delegate the real producer
   * @param record the record
   * @param callback the user's callback, or null
   * @param <K> key type
   * @param <V> value type
   * @return the delegate's future
   */
  public <K, V> Future<RecordMetadata> send(
      Producer<K, V> delegate, ProducerRecord<K, V> record, @Nullable Callback callback) {
    if (record == null) {
      // Kafka's own producer rejects it; let it say so.
      return delegate.send(record, callback);
    }
    Span span;
    Operation operation;
    Destination dest;
    try {
      dest = instruments.destination(record.topic());
      operation = instruments.start(dest, Kind.SEND, 1);
      span =
          instruments
              .tracer()
              .spanBuilder(dest.sendSpanName)
              .setSpanKind(SpanKind.PRODUCER)
              .setParent(Context.current())
              .startSpan();
      if (span.isRecording()) {
        instruments.setCommon(span, dest, Kind.SEND, null);
        if (record.partition() != null) {
          span.setAttribute(
              MessagingAttributes.MESSAGING_DESTINATION_PARTITION_ID,
              Integer.toString(record.partition()));
        }
        recordKey(span, record.key(), record.value() == null);
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "kafka.send " + e.getClass().getName(),
          "could not trace a Kafka send; the record is sent untraced",
          e);
      return delegate.send(record, callback);
    }
    Context context = Context.current().with(span);
    try {
      carrier.inject(context, record.headers(), KafkaCarrier.SETTER);
    } catch (RuntimeException e) {
      // read-only headers (a record sent before): the record goes out without the context
      Diagnostics.reportOnce(
          "kafka.inject " + e.getClass().getName(),
          "could not write the trace context into a record's headers; it is sent without it",
          e);
    }
    SendCallback wrapped = new SendCallback(span, operation, context, callback, instruments);
    try (Scope ignored = context.makeCurrent()) {
      return delegate.send(record, wrapped);
    } catch (RuntimeException | Error e) {
      wrapped.fail(e);
      throw e;
    }
  }

  /** Ends the send span when Kafka completes the send. */
  static final class SendCallback implements Callback {
    private final Span span;
    private final Operation operation;
    private final Context context;
    private final @Nullable Callback user;
    private final MessagingInstruments instruments;
    private final AtomicBoolean ended = new AtomicBoolean();

    SendCallback(
        Span span,
        Operation operation,
        Context context,
        @Nullable Callback user,
        MessagingInstruments instruments) {
      this.span = span;
      this.operation = operation;
      this.context = context;
      this.user = user;
      this.instruments = instruments;
    }

    @Override
    public void onCompletion(@Nullable RecordMetadata metadata, @Nullable Exception exception) {
      end(metadata, exception);
      if (user != null) {
        try (Scope ignored = context.makeCurrent()) {
          user.onCompletion(metadata, exception);
        }
      }
    }

    void fail(Throwable t) {
      end(null, t);
    }

    private void end(@Nullable RecordMetadata metadata, @Nullable Throwable error) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      try {
        if (span.isRecording() && metadata != null && error == null) {
          span.setAttribute(
              MessagingAttributes.MESSAGING_DESTINATION_PARTITION_ID,
              Integer.toString(metadata.partition()));
          if (metadata.hasOffset()) {
            span.setAttribute(MessagingAttributes.MESSAGING_KAFKA_OFFSET, metadata.offset());
          }
        }
        if (error != null) {
          instruments.errors().record(span, error);
        }
      } catch (RuntimeException e) {
        Diagnostics.reportOnce("kafka.send.end", "could not complete a Kafka send span", e);
      } finally {
        span.end();
        operation.end(error == null ? null : error.getClass().getName());
      }
    }
  }

  // ------------------------------------------------------------------ consumer

  /**
   * Records a non-empty poll: one {@code receive {topic}} CONSUMER span (just {@code receive} when
   * the records come from several topics) with a link to each record's producer context (at most
   * {@value #MAX_LINKS}), and the receive metrics per topic. Remembers the consumer group for
   * {@link #process} on this thread.
   *
   * @param records what the poll returned
   * @param startMillis when the poll started, epoch milliseconds
   * @param startNanos when the poll started, {@link System#nanoTime()}
   * @param group the consumer group, or null
   */
  public void afterPoll(
      ConsumerRecords<?, ?> records, long startMillis, long startNanos, @Nullable String group) {
    String effectiveGroup = group != null ? group : consumerGroup;
    PollInfo poll = new PollInfo(effectiveGroup);
    lastPoll.set(poll);
    if (!wrappedPolls) {
      wrappedPolls = true;
    }
    if (records == null || records.isEmpty()) {
      return;
    }
    try {
      Map<String, Integer> perTopic = new HashMap<>();
      for (TopicPartition partition : records.partitions()) {
        perTopic.merge(partition.topic(), records.records(partition).size(), Integer::sum);
      }
      List<SpanContext> links = new ArrayList<>();
      for (ConsumerRecord<?, ?> record : records) {
        if (links.size() >= MAX_LINKS) {
          break;
        }
        Context extracted = extract(Context.root(), record);
        poll.extracted.put(record, extracted);
        SpanContext producer = Span.fromContext(extracted).getSpanContext();
        if (producer.isValid()) {
          links.add(producer);
        }
      }
      instruments.recordReceive(perTopic, links, effectiveGroup, startMillis, startNanos);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "kafka.receive " + e.getClass().getName(), "could not trace a Kafka poll", e);
    }
  }

  /**
   * Runs {@code fn} for one record inside a {@code process {topic}} CONSUMER span.
   *
   * @param record the record; null runs fn untraced (reported once)
   * @param fn the user's code; null is skipped (returns null, reported once)
   * @param <R> the record type
   * @param <T> the result type
   * @param <E> fn's exception type
   * @return fn's result
   * @throws E fn's exception, unchanged
   */
  public <R extends ConsumerRecord<?, ?>, T, E extends Throwable> @Nullable T process(
      @Nullable R record, @Nullable ThrowingFunction<? super R, ? extends T, E> fn) throws E {
    if (fn == null) {
      Diagnostics.reportOnce(
          "kafka.process.null-fn", "KafkaTracing.process called with a null function; skipped");
      return null;
    }
    if (record == null) {
      Diagnostics.reportOnce(
          "kafka.process.null-record",
          "KafkaTracing.process called with a null record; it runs untraced");
      return fn.apply(record);
    }
    Span span;
    Context scope;
    Operation operation;
    Destination dest;
    long origin;
    try {
      long now = System.currentTimeMillis();
      PollInfo poll = lastPoll.get();
      dest = instruments.destination(record.topic());
      operation =
          instruments.start(
              dest, poll != null || wrappedPolls ? Kind.PROCESS : Kind.PROCESS_AND_COUNT, 1);
      Context base = Context.current();
      Context cached = poll == null ? null : poll.extracted.remove(record);
      Context producer =
          cached == null
              ? extract(linkToProducer ? Context.root() : base, record)
              : linkToProducer ? cached : join(base, cached);
      span = instruments.processSpan(dest, base, producer, linkToProducer).startSpan();
      long timestamp = timestamp(record);
      if (span.isRecording()) {
        instruments.setCommon(span, dest, Kind.PROCESS, null);
        span.setAttribute(
            MessagingAttributes.MESSAGING_DESTINATION_PARTITION_ID,
            Integer.toString(record.partition()));
        span.setAttribute(MessagingAttributes.MESSAGING_KAFKA_OFFSET, record.offset());
        String group = poll != null && poll.group != null ? poll.group : consumerGroup;
        if (group != null) {
          span.setAttribute(MessagingAttributes.MESSAGING_CONSUMER_GROUP_NAME, group);
        }
        if (record.serializedValueSize() >= 0) {
          span.setAttribute(
              MessagingAttributes.MESSAGING_MESSAGE_BODY_SIZE, (long) record.serializedValueSize());
        }
        recordKey(span, record.key(), record.value() == null);
      }
      instruments.recordWait(span, dest, timestamp > 0 ? Math.max(0, now - timestamp) : -1);
      long requestStart =
          requestStartField == null
              ? -1
              : CarrierSupport.epochMillis(KafkaCarrier.value(record.headers(), requestStartField));
      origin = requestStart > 0 ? requestStart : timestamp;
      scope = (linkToProducer ? base : producer).with(span);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "kafka.process " + e.getClass().getName(),
          "could not trace a Kafka record; it is processed untraced",
          e);
      return fn.apply(record);
    }
    R traced = record;
    return instruments.runProcess(span, scope, dest, operation, origin, () -> fn.apply(traced));
  }

  /**
   * What extracting on top of {@code base} would give, from a context extracted on the root: the
   * producer's span, the message's baggage when it has some, the trace-id-only mark.
   */
  private static Context join(Context base, Context extracted) {
    Context joined = base;
    Span span = Span.fromContextOrNull(extracted);
    if (span != null) {
      joined = joined.with(span);
    }
    Baggage baggage = Baggage.fromContextOrNull(extracted);
    if (baggage != null && !baggage.isEmpty()) {
      joined = joined.with(baggage);
    }
    if (TraceCarrier.isTraceIdOnly(extracted)) {
      joined = joined.with(CarrierSupport.TRACE_ID_ONLY, true);
    }
    return joined;
  }

  private Context extract(Context base, ConsumerRecord<?, ?> record) {
    return carrier.extract(base, record.headers(), KafkaCarrier.GETTER);
  }

  private static long timestamp(ConsumerRecord<?, ?> record) {
    return record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE ? -1 : record.timestamp();
  }

  private void recordKey(Span span, @Nullable Object key, boolean tombstone) {
    if (tombstone) {
      span.setAttribute(MessagingAttributes.MESSAGING_KAFKA_MESSAGE_TOMBSTONE, true);
    }
    if (captureKey && key != null) {
      String text =
          key instanceof byte[]
              ? new String((byte[]) key, java.nio.charset.StandardCharsets.UTF_8)
              : AttributeValues.safeToString(key);
      span.setAttribute(
          MessagingAttributes.MESSAGING_KAFKA_MESSAGE_KEY,
          text.length() > MAX_KEY_LENGTH ? text.substring(0, MAX_KEY_LENGTH) : text);
    }
  }
}
