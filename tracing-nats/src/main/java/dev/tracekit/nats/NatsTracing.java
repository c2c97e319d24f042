package dev.tracekit.nats;

import dev.tracekit.api.MessagingConvention;
import dev.tracekit.api.ThrowingFunction;
import dev.tracekit.nats.internal.NatsCore;
import dev.tracekit.nats.internal.NatsProxies;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Traces NATS (core and JetStream) with the messaging semantic conventions; the context travels in
 * the message headers.
 *
 * <pre>{@code
 * NatsTracing nats = NatsTracing.create(openTelemetry);
 * Connection connection = nats.wrap(Nats.connect("nats://127.0.0.1:4222"));
 * connection.publish("orders.created", body);                       // "send orders.created"
 * connection.jetStream().publish("orders.created", body);            // the same, through JetStream
 *
 * Dispatcher dispatcher = connection.createDispatcher(nats.handler(msg -> handle(msg)));
 * dispatcher.subscribe("orders.created");                            // "process orders.created"
 * // or, for messages read by hand (nextMessage, fetch):
 * nats.process(message, m -> handle(m));
 * }</pre>
 *
 * <ul>
 *   <li>{@link #wrap(Connection)}: every {@code publish} (and, on the {@code jetStream()} it
 *       returns, {@code publish}/{@code publishAsync}) is a {@code send {subject}} PRODUCER span;
 *       the context and {@code _enqueuedAt} (epoch milliseconds) go into the message headers (a
 *       call without headers is sent through the overload with headers); a JetStream publish span
 *       ends with the server's acknowledgement or error.
 *   <li>{@link #process(Message, ThrowingFunction)} and {@link #handler(MessageHandler)}: one
 *       {@code process {subject}} CONSUMER span per message, a child of the producer's context (or
 *       linked to it, {@link Builder#linkToProducer(boolean)}), with {@code messaging.system=nats},
 *       the subject, the queue group or JetStream consumer as {@code
 *       messaging.consumer.group.name}, {@code Nats-Msg-Id} as {@code messaging.message.id}, the
 *       body size, {@code tracekit.messaging.wait_time} (from JetStream's stored timestamp, else
 *       {@code _enqueuedAt}) and {@code tracekit.messaging.e2e_latency}.
 *   <li>The spec's messaging metrics, as for Kafka and the generic {@code Messaging} helpers
 *       (shared implementation).
 * </ul>
 *
 * <p>{@code request}/reply calls are forwarded untraced. At run time a null function is skipped
 * (returns null) and a null message runs untraced, each reported once; set-up methods fail fast
 * with a {@link NullPointerException} naming the parameter. A corrupt or missing header gives a
 * span in a new trace; nothing here throws into the application except its own exceptions and the
 * client's.
 */
public final class NatsTracing {
  private final NatsCore core;

  private NatsTracing(Builder builder) {
    this.core =
        new NatsCore(
            builder.openTelemetry,
            builder.convention,
            builder.serverAddress,
            builder.serverPort,
            builder.linkToProducer,
            builder.requestStartField);
  }

  /**
   * NATS tracing with the default options.
   *
   * @param openTelemetry the OpenTelemetry instance
   * @return the tracing
   * @throws NullPointerException if openTelemetry is null
   */
  public static NatsTracing create(OpenTelemetry openTelemetry) {
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
   * Wraps a connection: publishes are traced, {@code jetStream(..)} returns a traced JetStream,
   * every other method is the delegate's.
   *
   * @param connection the connection
   * @return the traced connection
   * @throws NullPointerException if connection is null
   */
  public Connection wrap(Connection connection) {
    return NatsProxies.connection(Objects.requireNonNull(connection, "connection"), core);
  }

  /**
   * Wraps a JetStream context obtained elsewhere (a wrapped connection's {@code jetStream()} is
   * already traced).
   *
   * @param jetStream the JetStream context
   * @return the traced JetStream context
   * @throws NullPointerException if jetStream is null
   */
  public JetStream wrap(JetStream jetStream) {
    return NatsProxies.jetStream(Objects.requireNonNull(jetStream, "jetStream"), core);
  }

  /**
   * A message handler (for a {@code Dispatcher} or a push subscription) that runs {@code handler}
   * in a {@code process {subject}} span per message.
   *
   * @param handler the application's handler
   * @return the traced handler
   * @throws NullPointerException if handler is null
   */
  public MessageHandler handler(MessageHandler handler) {
    Objects.requireNonNull(handler, "handler");
    return message ->
        core.process(
            message,
            m -> {
              handler.onMessage(m);
              return null;
            });
  }

  /**
   * Processes one message inside a {@code process {subject}} CONSUMER span.
   *
   * @param message the message; null runs fn untraced (reported once)
   * @param fn the processing code; null is skipped (returns null) and reported once
   * @param <M> the message type
   * @param <T> the result type
   * @param <E> fn's exception type
   * @return fn's result
   * @throws E fn's exception, unchanged (the span records it)
   */
  public <M extends Message, T, E extends Throwable> @Nullable T process(
      @Nullable M message, @Nullable ThrowingFunction<? super M, ? extends T, E> fn) throws E {
    return core.process(message, fn);
  }

  /** Options for {@link NatsTracing}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private MessagingConvention convention = MessagingConvention.DEFAULT;
    private @Nullable String serverAddress;
    private int serverPort = -1;
    private boolean linkToProducer;
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
     * The server's {@code server.address} and {@code server.port}, recorded on spans and metrics.
     * Default: not recorded.
     *
     * @param address the server's host name or IP address
     * @param port the server's port, or -1 when unknown
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
     * producer's context, instead of a child of the producer. Default false.
     *
     * @param linkToProducer whether to link instead of parenting
     * @return this builder
     */
    public Builder linkToProducer(boolean linkToProducer) {
      this.linkToProducer = linkToProducer;
      return this;
    }

    /**
     * The message header in which the producer's code writes when the request that led to the
     * message started (epoch milliseconds as text): end-to-end latency is then measured from it
     * instead of from the publish. Default: unset.
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
    public NatsTracing build() {
      return new NatsTracing(this);
    }
  }
}
