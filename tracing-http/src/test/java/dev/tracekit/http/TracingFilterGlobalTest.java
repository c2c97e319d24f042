package dev.tracekit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.GlobalOpenTelemetryAccess;
import dev.tracekit.testing.TestTelemetry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The no-argument filter (containers that create filters by class name) looks up the global
 * OpenTelemetry on the first request after it is installed, never at construction.
 */
class TracingFilterGlobalTest {
  private final TestTelemetry telemetry = TestTelemetry.create();
  private Server jetty;

  @BeforeEach
  @AfterEach
  void resetGlobal() {
    GlobalOpenTelemetry.resetForTest();
  }

  @AfterEach
  void stop() throws Exception {
    if (jetty != null) {
      jetty.stop();
    }
    telemetry.close();
  }

  @Test
  void createdBeforeTheSdkItPassesThroughThenTracesOnceTheGlobalIsSet() throws Exception {
    TracingFilter filter = new TracingFilter(); // before any SDK: must not fix the global
    assertThat(GlobalOpenTelemetryAccess.isSet()).isFalse();
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(
        new ServletHolder(
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest req, HttpServletResponse resp)
                  throws IOException {
                resp.getWriter().write("pong");
              }
            }),
        "/ping");
    jetty.setHandler(context);
    jetty.start();
    int port = connector.getLocalPort();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest ping =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping")).build();

    HttpResponse<String> early = client.send(ping, HttpResponse.BodyHandlers.ofString());
    assertThat(early.body()).isEqualTo("pong");
    assertThat(telemetry.spans()).isEmpty();
    assertThat(GlobalOpenTelemetryAccess.isSet()).isFalse();

    GlobalOpenTelemetry.set(telemetry.openTelemetry()); // throws if the filter had fixed the global
    HttpResponse<String> late = client.send(ping, HttpResponse.BodyHandlers.ofString());
    assertThat(late.body()).isEqualTo("pong");
    SpanData server = telemetry.awaitSpans(1).get(0);
    assertThat(server.getName()).isEqualTo("GET /ping");
    assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
  }
}
