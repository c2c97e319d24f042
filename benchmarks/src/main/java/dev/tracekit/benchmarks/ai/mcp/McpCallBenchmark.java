package dev.tracekit.benchmarks.ai.mcp;

import dev.tracekit.benchmarks.BenchSdk;
import dev.tracekit.mcp.McpTracing;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;
import java.util.Map;
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
 * MCP tracing beside the plain MCP Java SDK call. Client side: {@code McpSyncClient.callTool} over
 * an in-process transport that answers at once ({@link EchoTransport}), plain, traced on an SDK
 * (always-on sampler, batch processor, no-op exporter, metrics into a discarding reader), and
 * traced on a no-op OpenTelemetry. Server side: a tool handler called directly with a request
 * carrying a {@code traceparent} in {@code _meta}, plain and wrapped.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class McpCallBenchmark {
  static final CallToolRequest REQUEST =
      CallToolRequest.builder("stock_level").arguments(Map.of("sku", "A1")).build();
  static final CallToolRequest SERVER_REQUEST =
      CallToolRequest.builder("stock_level")
          .arguments(Map.of("sku", "A1"))
          .meta(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
          .build();
  static final CallToolResult RESULT = CallToolResult.builder().addTextContent("42").build();

  private OpenTelemetrySdk sdk;
  private McpSyncClient plain;
  private McpSyncClient traced;
  private McpSyncClient tracedNoop;
  private SyncToolSpecification plainTool;
  private SyncToolSpecification tracedTool;

  @Setup(Level.Trial)
  public void setUp() {
    sdk = BenchSdk.tracesAndMetrics();
    plain = client(null);
    traced = client(McpTracing.create(sdk));
    tracedNoop = client(McpTracing.create(OpenTelemetry.noop()));
    plainTool =
        new SyncToolSpecification(
            McpSchema.Tool.builder("stock_level", Map.of("type", "object")).build(),
            (exchange, request) -> RESULT);
    tracedTool = McpTracing.create(sdk).wrap(plainTool);
  }

  private static McpSyncClient client(McpTracing tracing) {
    EchoTransport transport = new EchoTransport();
    McpClient.SyncSpec spec =
        McpClient.sync(tracing == null ? transport : tracing.wrap(transport))
            .requestTimeout(Duration.ofSeconds(10));
    if (tracing != null) {
      spec.transportContextProvider(tracing.transportContext());
    }
    McpSyncClient client = spec.build();
    client.initialize();
    client.listTools();
    return client;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    plain.close();
    traced.close();
    tracedNoop.close();
    sdk.close();
  }

  @Benchmark
  public CallToolResult clientPlain() {
    return plain.callTool(REQUEST);
  }

  @Benchmark
  public CallToolResult clientTraced() {
    return traced.callTool(REQUEST);
  }

  @Benchmark
  public CallToolResult clientTracedNoop() {
    return tracedNoop.callTool(REQUEST);
  }

  @Benchmark
  public CallToolResult serverToolPlain() {
    return plainTool.callHandler().apply(null, SERVER_REQUEST);
  }

  @Benchmark
  public CallToolResult serverToolTraced() {
    return tracedTool.callHandler().apply(null, SERVER_REQUEST);
  }
}
