package dev.tracekit.springtests.springaimcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.OtlpReceiver.ReceivedSpan;
import dev.tracekit.springtests.springai.FakeOpenAi;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One trace from the request through the ChatClient, the model calls and Spring AI's tool call into
 * an MCP client call and the MCP server's tool (another HTTP request, joined through {@code
 * _meta}).
 */
class AgentTraceTest {
  private static final boolean BOOT_TRACING = Boolean.getBoolean("tracekit.test.boot-tracing");
  private static OtlpReceiver receiver;
  private static FakeOpenAi openAi;
  private static ConfigurableApplicationContext app;

  @BeforeAll
  static void start() throws Exception {
    receiver = OtlpReceiver.start();
    openAi = new FakeOpenAi();
    System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
    System.setProperty("otel.bsp.schedule.delay", "100");
    System.setProperty("otel.metric.export.interval", "200");
    System.setProperty("otel.logs.exporter", "none");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.address=127.0.0.1",
                "--server.port=0",
                "--spring.application.name=agent",
                // the MCP client's open event stream would hold a graceful shutdown for 30 s
                "--server.shutdown=immediate",
                "--spring.ai.openai.base-url=" + openAi.baseUrl() + "/v1",
                "--spring.ai.openai.api-key=sk-test-not-a-secret",
                "--spring.ai.openai.chat.model=gpt-4o-mini",
                "--spring.ai.openai.chat.max-retries=0"));
    if (BOOT_TRACING) {
      args.addAll(
          List.of(
              "--management.tracing.sampling.probability=1.0",
              "--management.opentelemetry.tracing.export.otlp.endpoint="
                  + receiver.endpoint()
                  + "/v1/traces",
              "--management.opentelemetry.tracing.export.schedule-delay=100ms",
              "--management.otlp.metrics.export.enabled=false"));
    }
    app = new SpringApplicationBuilder(AgentApplication.class).run(args.toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (openAi != null) {
      openAi.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void theAgentsTraceReachesTheMcpServersTool() throws Exception {
    String port = app.getEnvironment().getProperty("local.server.port");
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/agent?conversation=conv-9"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("Forty-two.");

    ReceivedSpan mcpServer =
        receiver
            .awaitSpans(
                s ->
                    s.name().equals("tools/call stock_level")
                        && s.span().getKind() == SpanKind.SPAN_KIND_SERVER,
                1,
                Duration.ofSeconds(10))
            .get(0);
    String traceId = mcpServer.traceId();
    receiver.awaitSpans(
        s -> s.traceId().equals(traceId) && s.name().equals("chat_client"),
        1,
        Duration.ofSeconds(10));
    // The request's server span ends after the response is written: wait for it too.
    receiver.awaitSpans(
        s ->
            s.traceId().equals(traceId)
                && s.span().getKind() == SpanKind.SPAN_KIND_SERVER
                && s.name().contains("/agent"),
        1,
        Duration.ofSeconds(10));
    List<ReceivedSpan> trace =
        receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();

    ReceivedSpan mcpClient =
        one(
            trace,
            s ->
                s.name().equals("tools/call stock_level")
                    && s.span().getKind() == SpanKind.SPAN_KIND_CLIENT);
    ReceivedSpan springTool = one(trace, s -> s.name().equals("execute_tool stock_level"));
    ReceivedSpan chatClient = one(trace, s -> s.name().equals("chat_client"));
    ReceivedSpan request =
        one(
            trace,
            s -> s.span().getKind() == SpanKind.SPAN_KIND_SERVER && s.name().contains("/agent"));

    assertThat(chatClient.parentSpanId()).isEqualTo(request.spanId());
    assertThat(trace.stream().filter(s -> s.name().equals("chat gpt-4o-mini"))).hasSize(2);
    assertThat(mcpClient.parentSpanId()).isEqualTo(springTool.spanId());
    assertThat(mcpServer.parentSpanId()).isEqualTo(mcpClient.spanId());
    assertThat(mcpClient.attr("mcp.method.name")).isEqualTo("tools/call");
    assertThat(mcpClient.attr("mcp.protocol.version")).isNotBlank();
    assertThat(mcpServer.attr("mcp.session.id")).isNotBlank();
    assertThat(mcpServer.attr("gen_ai.tool.name")).isEqualTo("stock_level");
  }

  private static ReceivedSpan one(
      List<ReceivedSpan> spans, java.util.function.Predicate<ReceivedSpan> filter) {
    List<ReceivedSpan> found = spans.stream().filter(filter).toList();
    assertThat(found)
        .as("matching spans among %s", spans.stream().map(ReceivedSpan::name).toList())
        .hasSize(1);
    return found.get(0);
  }
}
