package dev.tracekit.benchmarks.http;

import dev.tracekit.http.HttpTracing;
import io.opentelemetry.instrumentation.javahttpclient.JavaHttpClientTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The same three clients as {@link HttpClientBenchmark}, over a client that answers at once without
 * any network: what each instrumentation costs on the caller's thread per request (span,
 * attributes, header injection, request copy, metric), free of loopback and scheduling noise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class InstrumentationOverheadBenchmark {
  private OpenTelemetrySdk sdk;
  private HttpRequest request;
  private HttpClient plain;
  private HttpClient tracekit;
  private HttpClient peer;

  /** Builds the clients. */
  @Setup(Level.Trial)
  public void setUp() {
    sdk = HttpClientBenchmark.benchmarkSdk();
    request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/items?id=7")).build();
    plain = new StubHttpClient();
    tracekit = HttpTracing.create(sdk).wrap(plain);
    peer = JavaHttpClientTelemetry.create(sdk).newHttpClient(plain);
  }

  /** Closes the SDK. */
  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
  }

  /**
   * No instrumentation.
   *
   * @return the response
   */
  @Benchmark
  public HttpResponse<Void> plain() throws IOException, InterruptedException {
    return plain.send(request, HttpResponse.BodyHandlers.discarding());
  }

  /**
   * TraceKit.
   *
   * @return the response
   */
  @Benchmark
  public HttpResponse<Void> tracekit() throws IOException, InterruptedException {
    return tracekit.send(request, HttpResponse.BodyHandlers.discarding());
  }

  /**
   * OpenTelemetry's library.
   *
   * @return the response
   */
  @Benchmark
  public HttpResponse<Void> peer() throws IOException, InterruptedException {
    return peer.send(request, HttpResponse.BodyHandlers.discarding());
  }
}
