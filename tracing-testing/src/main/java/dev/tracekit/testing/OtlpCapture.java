package dev.tracekit.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tracekit.testing.internal.OtlpSpans;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * An OTLP/HTTP receiver on loopback, in the test's own process: point another process (or an
 * exporter in this one) at {@link #endpoint()} and assert what arrived with {@link
 * TracekitAssertions#assertThat(OtlpCapture)}. It accepts {@code /v1/traces} and {@code
 * /v1/metrics} as binary protobuf (gzip or not), decodes them with the official OpenTelemetry
 * protobuf classes and turns spans back into {@link SpanData}, so spans from several processes can
 * be checked as one trace.
 *
 * <pre>{@code
 * try (OtlpCapture otlp = OtlpCapture.start()) {
 *   ProcessBuilder worker = new ProcessBuilder(...);
 *   worker.environment().put("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint());
 *   ...
 *   assertThat(telemetry).withSpansFrom(otlp).hasRoot("POST /orders").withChild("process orders");
 * }
 * }</pre>
 */
public final class OtlpCapture implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final Object lock = new Object();
  private final List<SpanData> spans = new ArrayList<>();
  private final List<ResourceMetrics> metrics = new ArrayList<>();
  private int requests;

  private OtlpCapture(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts a receiver on an ephemeral loopback port.
   *
   * @return the running receiver; close it after the test
   * @throws IllegalStateException when no loopback port can be bound
   */
  public static OtlpCapture start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor =
          Executors.newFixedThreadPool(
              2,
              r -> {
                Thread t = new Thread(r, "tracekit-otlp-capture");
                t.setDaemon(true);
                return t;
              });
      OtlpCapture capture = new OtlpCapture(server, executor);
      server.createContext("/v1/traces", capture::traces);
      server.createContext("/v1/metrics", capture::metrics);
      server.createContext("/v1/logs", OtlpCapture::ignore);
      server.setExecutor(executor);
      server.start();
      return capture;
    } catch (IOException e) {
      throw new IllegalStateException("could not start the OTLP receiver on loopback", e);
    }
  }

  /**
   * The base endpoint for {@code OTEL_EXPORTER_OTLP_ENDPOINT} (http/protobuf), for example {@code
   * http://127.0.0.1:41234}.
   *
   * @return the endpoint
   */
  public String endpoint() {
    return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
  }

  /**
   * The port it listens on.
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * How many export requests arrived (traces and metrics).
   *
   * @return the count
   */
  public int requestCount() {
    synchronized (lock) {
      return requests;
    }
  }

  /**
   * Every span received so far, in arrival order.
   *
   * @return the spans
   */
  public List<SpanData> spans() {
    synchronized (lock) {
      return List.copyOf(spans);
    }
  }

  /**
   * Waits until at least {@code count} spans arrived.
   *
   * @param count how many
   * @param timeout how long to wait at most
   * @return every span received
   * @throws AssertionError after the timeout, listing what arrived
   */
  public List<SpanData> awaitSpans(int count, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    List<SpanData> found = await(all -> all.size() >= count, timeout);
    if (found == null) {
      throw new AssertionError(
          "expected at least "
              + count
              + " spans over OTLP within "
              + timeout
              + ", got "
              + spans().stream().map(SpanData::getName).toList());
    }
    return found;
  }

  @Nullable List<SpanData> await(Predicate<List<SpanData>> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        List<SpanData> snapshot = List.copyOf(spans);
        if (condition.test(snapshot)) {
          return snapshot;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return null;
        }
        try {
          lock.wait(Math.max(1, remaining / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
  }

  /**
   * Every metric received with this name, in arrival order, as the OTLP protobuf message.
   *
   * @param name the metric name
   * @return the metrics
   */
  public List<Metric> metrics(String name) {
    Objects.requireNonNull(name, "name");
    List<Metric> out = new ArrayList<>();
    synchronized (lock) {
      for (ResourceMetrics rm : metrics) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            if (m.getName().equals(name)) {
              out.add(m);
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Every metrics payload received so far, as the OTLP protobuf message.
   *
   * @return the payloads, in arrival order
   */
  public List<ResourceMetrics> resourceMetrics() {
    synchronized (lock) {
      return List.copyOf(metrics);
    }
  }

  /** Forgets what was received. */
  public void clear() {
    synchronized (lock) {
      spans.clear();
      metrics.clear();
    }
  }

  private void traces(HttpExchange exchange) throws IOException {
    try (exchange) {
      ExportTraceServiceRequest request;
      try {
        request = ExportTraceServiceRequest.parseFrom(read(exchange));
      } catch (InvalidProtocolBufferException e) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      List<SpanData> decoded = new ArrayList<>();
      for (ResourceSpans rs : request.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          for (Span s : ss.getSpansList()) {
            decoded.add(
                OtlpSpans.toSpanData(rs.getResource(), ss.getScope(), ss.getSchemaUrl(), s));
          }
        }
      }
      synchronized (lock) {
        requests++;
        spans.addAll(decoded);
        lock.notifyAll();
      }
      ok(exchange);
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    try (exchange) {
      ExportMetricsServiceRequest request;
      try {
        request = ExportMetricsServiceRequest.parseFrom(read(exchange));
      } catch (InvalidProtocolBufferException e) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      synchronized (lock) {
        requests++;
        metrics.addAll(request.getResourceMetricsList());
        lock.notifyAll();
      }
      ok(exchange);
    }
  }

  private static void ignore(HttpExchange exchange) throws IOException {
    try (exchange) {
      read(exchange);
      ok(exchange);
    }
  }

  private static void ok(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
    exchange.sendResponseHeaders(200, -1);
  }

  private static byte[] read(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
      in = new GZIPInputStream(in);
    }
    return in.readAllBytes();
  }

  /** Stops the receiver. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "OtlpCapture{" + endpoint() + "}";
  }
}
