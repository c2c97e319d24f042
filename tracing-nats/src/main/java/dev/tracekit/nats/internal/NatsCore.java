package dev.tracekit.nats.internal;

import dev.tracekit.api.Messaging;
import dev.tracekit.api.MessagingConvention;
import dev.tracekit.api.ThrowingFunction;
import dev.tracekit.api.ThrowingSupplier;
import dev.tracekit.api.TraceCarrier;
import dev.tracekit.api.support.CarrierSupport;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.MessagingAttributes;
import dev.tracekit.api.support.MessagingInstruments;
import dev.tracekit.api.support.MessagingInstruments.Destination;
import dev.tracekit.api.support.MessagingInstruments.Kind;
import dev.tracekit.api.support.MessagingInstruments.Operation;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The NATS spans and metrics, on the shared messaging conventions ({@link MessagingInstruments}).
 *
 * <p>Internal: not API.
 */
public final class NatsCore {
  /** Instrumentation scope name. */
  public static final String SCOPE = "dev.tracekit.nats";

  /** The {@code messaging.system} value. */
  public static final String SYSTEM = "nats";

  /** The header JetStream de-duplicates on, used as {@code messaging.message.id}. */
  static final String MSG_ID_HEADER = "Nats-Msg-Id";

  /** Most span links a receive span gets (the SDK's default link limit). */
  static final int MAX_LINKS = 128;

  private final MessagingInstruments instruments;
  private final TraceCarrier carrier;

  /** The messages the last traced fetch/nextMessage of this thread returned (already counted). */
  private final ThreadLocal<@Nullable Set<Message>> lastReceived = new ThreadLocal<>();

  private final boolean linkToProducer;
  private final @Nullable String requestStartField;

  /**
   * Creates the core.
   *
   * @param openTelemetry the instance
   * @param convention span names and extra attributes
   * @param serverAddress the server's address, or null
   * @param serverPort the server's port, or -1
   * @param linkToProducer process spans link to the producer instead of being its children
   * @param requestStartField the header holding the original request start, or null
   */
  public NatsCore(
      OpenTelemetry openTelemetry,
      MessagingConvention convention,
      @Nullable String serverAddress,
      int serverPort,
      boolean linkToProducer,
      @Nullable String requestStartField) {
    this.instruments =
        new MessagingInstruments(
            openTelemetry, SCOPE, SYSTEM, serverAddress, serverPort, convention);
    this.carrier = TraceCarrier.create(openTelemetry);
    this.linkToProducer = linkToProducer;
    this.requestStartField = requestStartField;
  }

  /**
   * Publishes inside a {@code send {subject}} PRODUCER span: the context and {@value
   * Messaging#ENQUEUED_AT_FIELD} go into {@code headers} (which the call must send), then the call
   * runs. A {@link CompletionStage} result (JetStream's {@code publishAsync}) ends the span when it
   * completes.
   *
   * @param subject the subject
   * @param headers the headers the call sends; written here
   * @param call the publish call
   * @return the call's result
   * @throws Throwable the call's exception, unchanged
   */
  public @Nullable Object publish(
      @Nullable String subject, Headers headers, ThrowingSupplier<?, Throwable> call)
      throws Throwable {
    Span span;
    Operation operation;
    try {
      Destination dest = instruments.destination(subject);
      operation = instruments.start(dest, Kind.SEND, 1);
      span =
          instruments
              .tracer()
              .spanBuilder(dest.sendSpanName)
              .setSpanKind(SpanKind.PRODUCER)
              .setParent(Context.current())
              .startSpan();
      if (span.isRecording()) {
        instruments.setCommon(span, dest, Kind.SEND, NatsCarrier.value(headers, MSG_ID_HEADER));
      }
      Context context = Context.current().with(span);
      carrier.inject(context, headers, NatsCarrier.SETTER);
      headers.put(Messaging.ENQUEUED_AT_FIELD, Long.toString(System.currentTimeMillis()));
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "nats.publish " + e.getClass().getName(),
          "could not trace a NATS publish; the message is sent untraced",
          e);
      return call.get();
    }
    Object result;
    try (Scope ignored = Context.current().with(span).makeCurrent()) {
      result = call.get();
    } catch (Throwable t) {
      end(span, operation, t);
      throw t;
    }
    if (result instanceof CompletionStage) {
      ((CompletionStage<?>) result).whenComplete((ack, error) -> end(span, operation, error));
    } else {
      end(span, operation, null);
    }
    return result;
  }

  private void end(Span span, Operation operation, @Nullable Throwable error) {
    if (error != null) {
      instruments.errors().record(span, error);
    }
    span.end();
    operation.end(error == null ? null : error.getClass().getName());
  }

  /**
   * Records what a traced subscription's {@code fetch} or {@code nextMessage} returned: one {@code
   * receive {subject}} CONSUMER span ({@code receive} when the messages come from several subjects)
   * with a link to each message's producer context (at most {@value #MAX_LINKS}) and the receive
   * metrics. Their {@link #process} spans then do not count them again. Never throws.
   *
   * @param messages what the call returned; null or empty records nothing
   * @param startMillis when the call started, epoch milliseconds
   * @param startNanos when the call started, {@link System#nanoTime()}
   */
  public void received(
      @Nullable List<? extends @Nullable Message> messages, long startMillis, long startNanos) {
    if (messages == null || messages.isEmpty()) {
      return;
    }
    try {
      Set<Message> batch = Collections.newSetFromMap(new IdentityHashMap<>());
      Map<String, Integer> perSubject = new HashMap<>();
      for (Message message : messages) {
        if (message != null) {
          batch.add(message);
          perSubject.merge(String.valueOf(message.getSubject()), 1, Integer::sum);
        }
      }
      if (batch.isEmpty()) {
        return;
      }
      lastReceived.set(batch);
      List<SpanContext> links = new ArrayList<>();
      for (Message message : batch) {
        if (links.size() >= MAX_LINKS) {
          break;
        }
        Headers headers = message.hasHeaders() ? message.getHeaders() : null;
        if (headers == null) {
          continue;
        }
        SpanContext producer =
            Span.fromContext(carrier.extract(Context.root(), headers, NatsCarrier.GETTER))
                .getSpanContext();
        if (producer.isValid()) {
          links.add(producer);
        }
      }
      instruments.recordReceive(
          perSubject, links, group(batch.iterator().next()), startMillis, startNanos);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "nats.receive " + e.getClass().getName(), "could not trace a NATS receive", e);
    }
  }

  /**
   * Runs {@code fn} for one message inside a {@code process {subject}} CONSUMER span.
   *
   * @param message the message; null runs fn untraced (reported once)
   * @param fn the user's code; null is skipped (returns null, reported once)
   * @param <M> the message type
   * @param <T> the result type
   * @param <E> fn's exception type
   * @return fn's result
   * @throws E fn's exception, unchanged
   */
  public <M extends Message, T, E extends Throwable> @Nullable T process(
      @Nullable M message, @Nullable ThrowingFunction<? super M, ? extends T, E> fn) throws E {
    if (fn == null) {
      Diagnostics.reportOnce(
          "nats.process.null-fn", "NatsTracing.process called with a null function; skipped");
      return null;
    }
    if (message == null) {
      Diagnostics.reportOnce(
          "nats.process.null-message",
          "NatsTracing.process called with a null message; it runs untraced");
      return fn.apply(message);
    }
    Span span;
    Context scope;
    Operation operation;
    Destination dest;
    long origin;
    try {
      long now = System.currentTimeMillis();
      Headers headers = message.hasHeaders() ? message.getHeaders() : null;
      dest = instruments.destination(message.getSubject());
      Set<Message> received = lastReceived.get();
      operation =
          instruments.start(
              dest,
              received != null && received.contains(message)
                  ? Kind.PROCESS
                  : Kind.PROCESS_AND_COUNT,
              1);
      Context base = Context.current();
      Context producer =
          carrier.extract(linkToProducer ? Context.root() : base, headers, NatsCarrier.GETTER);
      span = instruments.processSpan(dest, base, producer, linkToProducer).startSpan();
      long enqueuedAt = enqueuedAt(message, headers);
      if (span.isRecording()) {
        instruments.setCommon(
            span,
            dest,
            Kind.PROCESS,
            headers == null ? null : NatsCarrier.value(headers, MSG_ID_HEADER));
        String group = group(message);
        if (group != null) {
          span.setAttribute(MessagingAttributes.MESSAGING_CONSUMER_GROUP_NAME, group);
        }
        byte[] data = message.getData();
        span.setAttribute(
            MessagingAttributes.MESSAGING_MESSAGE_BODY_SIZE, data == null ? 0L : data.length);
      }
      instruments.recordWait(span, dest, enqueuedAt > 0 ? Math.max(0, now - enqueuedAt) : -1);
      long requestStart =
          requestStartField == null || headers == null
              ? -1
              : CarrierSupport.epochMillis(NatsCarrier.value(headers, requestStartField));
      origin = requestStart > 0 ? requestStart : enqueuedAt;
      scope = (linkToProducer ? base : producer).with(span);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "nats.process " + e.getClass().getName(),
          "could not trace a NATS message; it is processed untraced",
          e);
      return fn.apply(message);
    }
    M traced = message;
    return instruments.runProcess(span, scope, dest, operation, origin, () -> fn.apply(traced));
  }

  /** JetStream's stored timestamp, else the publisher's {@code _enqueuedAt} header; -1 if none. */
  private static long enqueuedAt(Message message, @Nullable Headers headers) {
    if (message.isJetStream()) {
      try {
        return message.metaData().timestamp().toInstant().toEpochMilli();
      } catch (RuntimeException e) {
        // not parseable: fall back to the header
      }
    }
    return headers == null
        ? -1
        : CarrierSupport.epochMillis(NatsCarrier.value(headers, Messaging.ENQUEUED_AT_FIELD));
  }

  /** The queue group of a core subscription, or the JetStream consumer's name. */
  private static @Nullable String group(Message message) {
    try {
      if (message.isJetStream()) {
        return message.metaData().getConsumer();
      }
      return message.getSubscription() == null ? null : message.getSubscription().getQueueName();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
