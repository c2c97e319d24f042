package dev.tracekit.examples.range;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tracekit.api.GlobalOpenTelemetryAccess;
import dev.tracekit.api.Traces;
import dev.tracekit.core.TracingSdk;
import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.OtlpReceiver.ReceivedSpan;
import dev.tracekit.http.HttpTracing;
import dev.tracekit.jdbc.JdbcTracing;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TraceKit on whichever OpenTelemetry the build runs with: the default build (1.67.0) and {@code
 * -Potel-oldest} (1.49.0, Spring Boot 3.5's). The API helpers and the JDBC and HTTP wrappers work,
 * throw nothing, and export over real OTLP; under the real OpenTelemetry Java agent the helpers use
 * the agent's instance.
 */
class OpenTelemetryRangeTest {
  private static final AttributeKey<String> SDK_VERSION =
      AttributeKey.stringKey("telemetry.sdk.version");

  @BeforeEach
  @AfterEach
  void resetGlobal() {
    GlobalOpenTelemetry.resetForTest();
  }

  @Test
  void runsOnTheOpenTelemetryVersionThisBuildSelected() {
    String expected = System.getProperty("tracekit.expected.opentelemetry.version");
    String actual = Resource.getDefault().getAttribute(SDK_VERSION);
    assertThat(actual).isNotNull();
    if (expected != null && !expected.isEmpty()) {
      assertThat(actual).as("OpenTelemetry SDK on the test class path").isEqualTo(expected);
    }
  }

  @Test
  void helpersAndWrappersWorkBeforeAndAfterTheSdkIsInstalled() throws Exception {
    // Before any SDK: everything runs untraced, throws nothing and fixes nothing.
    assertThat(GlobalOpenTelemetryAccess.isSet()).isFalse();
    assertThat(Traces.trace("too.early", () -> "ran")).isEqualTo("ran");
    assertThat(queryThroughTheDriver("jdbc:tracekit:h2:mem:range_early")).isEqualTo(1);
    assertThat(GlobalOpenTelemetryAccess.isSet()).isFalse();

    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      TracingSdk sdk =
          TracingSdk.builder()
              .serviceName("range-check")
              .exporters("otlp")
              .otlpEndpoint(receiver.endpoint())
              .otlpProtocol("http/protobuf")
              .property("otel.metrics.exporter", "none")
              .property("otel.logs.exporter", "none")
              .shutdownHook(false)
              .build();
      try {
        assertThat(GlobalOpenTelemetryAccess.isSet()).isTrue();
        HttpTracing http = HttpTracing.create(sdk.openTelemetry());
        server.createContext(
            "/hello",
            http.wrap(
                exchange -> {
                  byte[] body = "hi".getBytes(StandardCharsets.UTF_8);
                  exchange.sendResponseHeaders(200, body.length);
                  exchange.getResponseBody().write(body);
                  exchange.close();
                },
                "/hello"));
        server.start();
        HttpClient client = http.wrap(HttpClient.newHttpClient());
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:range_wrapped;DB_CLOSE_DELAY=-1");
        javax.sql.DataSource dataSource = JdbcTracing.create(sdk.openTelemetry()).wrap(h2);

        Traces.run(
            "range.request",
            () -> {
              Traces.setAttribute("range.step", "start");
              HttpResponse<String> response =
                  client.send(
                      HttpRequest.newBuilder(
                              URI.create(
                                  "http://127.0.0.1:" + server.getAddress().getPort() + "/hello"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(response.body()).isEqualTo("hi");
              try (Connection c = dataSource.getConnection();
                  Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS orders(id INT, total INT)");
                s.executeUpdate("INSERT INTO orders VALUES (1, 42)");
              }
              assertThat(queryThroughTheDriver("jdbc:tracekit:h2:mem:range_driver")).isEqualTo(1);
            });
      } finally {
        server.stop(0);
        sdk.close();
      }

      List<ReceivedSpan> spans = receiver.awaitSpans(6, Duration.ofSeconds(10));
      ReceivedSpan root = receiver.span("range.request");
      assertThat(root.resourceAttr("service.name")).isEqualTo("range-check");
      assertThat(root.attr("range.step")).isEqualTo("start");
      assertThat(root.parentSpanId()).isEmpty();
      List<ReceivedSpan> children = new ArrayList<>();
      for (ReceivedSpan span : spans) {
        if (span.parentSpanId().equals(root.spanId())) {
          children.add(span);
        }
      }
      ReceivedSpan clientSpan =
          children.stream()
              .filter(s -> s.span().getKind() == SpanKind.SPAN_KIND_CLIENT)
              .filter(s -> s.name().startsWith("GET"))
              .findFirst()
              .orElseThrow();
      ReceivedSpan serverSpan = receiver.span("GET /hello");
      assertThat(serverSpan.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
      assertThat(serverSpan.traceId()).isEqualTo(root.traceId());
      assertThat(serverSpan.parentSpanId()).isEqualTo(clientSpan.spanId());
      assertThat(clientSpan.attr("http.response.status_code")).isEqualTo("200");
      assertThat(children)
          .filteredOn(s -> s.attr("db.system.name") != null || s.attr("db.system") != null)
          .extracting(ReceivedSpan::name)
          .contains("INSERT orders")
          .anyMatch(name -> name.startsWith("SELECT"));
    }
  }

  @Test
  void underTheOpenTelemetryAgentTheHelpersUseTheAgentsInstance() throws Exception {
    String agentJar = System.getProperty("tracekit.otel.agent.jar");
    assertThat(agentJar).as("tracekit.otel.agent.jar (set by the examples pom)").isNotNull();
    assertThat(Path.of(agentJar)).exists();
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      Path stderr = Files.createTempFile("agent-probe", ".err");
      Path stdout = Files.createTempFile("agent-probe", ".out");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-javaagent:" + agentJar);
      command.add("-Dotel.service.name=agent-probe");
      command.add("-Dotel.exporter.otlp.endpoint=" + receiver.endpoint());
      command.add("-Dotel.exporter.otlp.protocol=http/protobuf");
      command.add("-Dotel.metrics.exporter=none");
      command.add("-Dotel.logs.exporter=none");
      command.add("-Dotel.bsp.schedule.delay=50");
      command.add("-Dotel.javaagent.logging=none");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(AgentProbe.class.getName());
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("probe finished").isTrue();
      String out = Files.readString(stdout);
      String err = Files.readString(stderr);
      assertThat(process.exitValue()).as(out + err).isZero();
      assertThat(out).contains("isSet=true").contains("noop=false").contains("traceparent");
      assertThat(err).doesNotContain("Exception").doesNotContain("Throwable");

      ReceivedSpan probe =
          receiver
              .awaitSpans(s -> s.name().equals("agent.probe"), 1, Duration.ofSeconds(30))
              .get(0);
      assertThat(probe.resourceAttr("service.name")).isEqualTo("agent-probe");
      assertThat(probe.attr("probe.step")).isEqualTo("inside");
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private static int queryThroughTheDriver(String url) throws IOException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IOException(e);
    }
  }
}
