package dev.tracekit.core.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP receiver on loopback for tests: it accepts {@code /v1/traces} and {@code
 * /v1/metrics} as binary protobuf (gzip or not), decodes them with the official protobuf classes
 * and keeps what it received. A {@link Behaviour} can be set to inject faults (status codes,
 * delays, dropped connections, garbage bodies).
 */
public final class OtlpReceiver implements AutoCloseable {

  /** What the receiver answers to one export request. */
  @FunctionalInterface
  public interface Behaviour {
    /**
     * Handles one request after it was decoded and recorded; return true when the exchange has been
     * answered, false to answer 200 with an empty response.
     */
    boolean handle(HttpExchange exchange, int requestNumber) throws IOException;
  }

  /** One received span together with its resource. */
  public record ReceivedSpan(Resource resource, String scope, Span span) {
    public String name() {
      return span.getName();
    }

    public String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    public String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    public String parentSpanId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }

    /** The attribute's value as a string, or null when absent. */
    public String attr(String key) {
      return OtlpReceiver.attr(span.getAttributesList(), key);
    }

    /** A resource attribute's value as a string, or null when absent. */
    public String resourceAttr(String key) {
      return OtlpReceiver.attr(resource.getAttributesList(), key);
    }
  }

  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<ResourceMetrics> metrics = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Behaviour behaviour = (exchange, n) -> false;

  /**
   * A collector that answers 200 only after {@code millis} (a slow or, with a long delay, hung
   * collector).
   *
   * @param millis the delay before each answer
   * @return the behaviour
   */
  public static Behaviour answerAfter(long millis) {
    return (exchange, n) -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    };
  }

  private volatile java.util.Map<String, List<String>> lastHeaders = java.util.Map.of();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  /** Starts a receiver on an ephemeral loopback port. */
  public static OtlpReceiver start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      OtlpReceiver receiver = new OtlpReceiver(server);
      server.createContext("/v1/traces", receiver::traces);
      server.createContext("/v1/metrics", receiver::metrics);
      server.createContext("/v1/logs", receiver::ignore);
      server.setExecutor(Executors.newFixedThreadPool(4));
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The base endpoint, for example {@code http://127.0.0.1:41234}. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The port the receiver listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Sets how the following requests are answered. */
  public void behaviour(Behaviour behaviour) {
    this.behaviour = behaviour;
  }

  /** How many export requests (traces and metrics) arrived, including faulted ones. */
  public int requestCount() {
    return requests.get();
  }

  /** The headers of the most recent export request (names as sent, case preserved by the JDK). */
  public java.util.Map<String, List<String>> lastHeaders() {
    return lastHeaders;
  }

  /** Every span received so far. */
  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  /** Every metrics payload received so far. */
  public List<ResourceMetrics> resourceMetrics() {
    return List.copyOf(metrics);
  }

  /** Every metric received so far with this name, in arrival order. */
  public List<Metric> metrics(String name) {
    List<Metric> out = new ArrayList<>();
    for (ResourceMetrics rm : metrics) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          if (m.getName().equals(name)) {
            out.add(m);
          }
        }
      }
    }
    return out;
  }

  /** Clears what was received. */
  public void reset() {
    spans.clear();
    metrics.clear();
  }

  /** Waits until at least {@code count} spans arrived; returns them. Fails after the timeout. */
  public List<ReceivedSpan> awaitSpans(int count, Duration timeout) {
    return awaitSpans(s -> true, count, timeout);
  }

  /** Waits until at least {@code count} spans matching the filter arrived; returns all matches. */
  public List<ReceivedSpan> awaitSpans(
      Predicate<ReceivedSpan> filter, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ReceivedSpan> matching = spans.stream().filter(filter).toList();
      if (matching.size() >= count) {
        return matching;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "expected "
                + count
                + " spans within "
                + timeout
                + ", got "
                + matching.size()
                + ": "
                + spans.stream().map(ReceivedSpan::name).toList());
      }
      sleep(10);
    }
  }

  /** Finds the single received span with this name; fails when there is none or several. */
  public ReceivedSpan span(String name) {
    List<ReceivedSpan> found = spans.stream().filter(s -> s.name().equals(name)).toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected exactly one span named '"
              + name
              + "', found "
              + found.size()
              + " among "
              + spans.stream().map(ReceivedSpan::name).toList());
    }
    return found.get(0);
  }

  private void traces(HttpExchange exchange) throws IOException {
    int n = requests.incrementAndGet();
    try (exchange) {
      byte[] body = read(exchange);
      try {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
        if (behaviour.handle(exchange, n)) {
          return;
        }
        for (ResourceSpans rs : request.getResourceSpansList()) {
          for (ScopeSpans ss : rs.getScopeSpansList()) {
            for (Span s : ss.getSpansList()) {
              spans.add(new ReceivedSpan(rs.getResource(), ss.getScope().getName(), s));
            }
          }
        }
      } catch (InvalidProtocolBufferException e) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      ok(exchange);
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    int n = requests.incrementAndGet();
    try (exchange) {
      byte[] body = read(exchange);
      try {
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(body);
        if (behaviour.handle(exchange, n)) {
          return;
        }
        metrics.addAll(request.getResourceMetricsList());
      } catch (InvalidProtocolBufferException e) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      ok(exchange);
    }
  }

  private void ignore(HttpExchange exchange) throws IOException {
    try (exchange) {
      read(exchange);
      ok(exchange);
    }
  }

  private static void ok(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.flush();
    }
  }

  private byte[] read(HttpExchange exchange) throws IOException {
    lastHeaders = java.util.Map.copyOf(exchange.getRequestHeaders());
    InputStream in = exchange.getRequestBody();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
      in = new GZIPInputStream(in);
    }
    return in.readAllBytes();
  }

  static String attr(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        return toString(kv.getValue());
      }
    }
    return null;
  }

  private static String toString(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case ARRAY_VALUE ->
          value.getArrayValue().getValuesList().stream()
              .map(OtlpReceiver::toString)
              .toList()
              .toString();
      default -> value.toString();
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
