package dev.tracekit.benchmarks.http;

import com.sun.net.httpserver.HttpServer;
import dev.tracekit.benchmarks.BenchSdk;
import dev.tracekit.http.HttpTracing;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.instrumentation.javahttpclient.JavaHttpClientTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One GET to a loopback JDK HTTP server (body "ok") through the plain {@link HttpClient}, the
 * TraceKit wrapper and OpenTelemetry's {@code opentelemetry-java-http-client} library, all three on
 * one SDK: always-on sampler, batch span processor, no-op exporters, W3C trace context and baggage
 * propagation, and a meter provider so both instrumentations record their histograms.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class HttpClientBenchmark {
  private static final byte[] BODY = {'o', 'k'};

  private HttpServer server;
  private ExecutorService serverExecutor;
  private OpenTelemetrySdk sdk;
  private HttpRequest request;
  private HttpClient plain;
  private HttpClient tracekit;
  private HttpClient peer;

  /** Starts the server and builds the three clients. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    // Without TCP_NODELAY the JDK server writes headers and body as two segments and the client's
    // delayed ACK adds ~40 ms to every request, which would hide everything else.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    serverExecutor = Executors.newFixedThreadPool(2);
    server.setExecutor(serverExecutor);
    server.createContext(
        "/items",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, BODY.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(BODY);
          }
        });
    server.start();
    request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/items?id=7"))
            .build();
    sdk = benchmarkSdk();
    plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    tracekit = HttpTracing.create(sdk).wrap(plain);
    peer = JavaHttpClientTelemetry.create(sdk).newHttpClient(plain);
  }

  /**
   * The SDK every variant runs on: always-on sampler, batch span processor and periodic metric
   * reader with no-op exporters, W3C trace context and baggage propagation.
   *
   * @return a new SDK
   */
  static OpenTelemetrySdk benchmarkSdk() {
    return BenchSdk.tracesAndMetricsBuilder()
        .setPropagators(
            ContextPropagators.create(
                TextMapPropagator.composite(
                    W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
  }

  /** Stops everything. */
  @TearDown(Level.Trial)
  public void tearDown() {
    server.stop(0);
    serverExecutor.shutdownNow();
    sdk.close();
  }

  /**
   * The uninstrumented client.
   *
   * @return the status
   */
  @Benchmark
  public int plain() throws IOException, InterruptedException {
    return plain.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }

  /**
   * The TraceKit-wrapped client.
   *
   * @return the status
   */
  @Benchmark
  public int tracekit() throws IOException, InterruptedException {
    return tracekit.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }

  /**
   * The OpenTelemetry library-wrapped client.
   *
   * @return the status
   */
  @Benchmark
  public int peer() throws IOException, InterruptedException {
    return peer.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }
}
