package dev.tracekit.http;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OutgoingCallHelpersTest {
  @RegisterExtension final TracekitExtension telemetry = TracekitExtension.create();
  private HttpTracing tracing;

  @BeforeEach
  void setUp() {
    tracing = HttpTracing.create(telemetry.openTelemetry());
  }

  @Test
  void traceOutgoingRequestWrapsAnyClientAndInjectsHeaders() throws Exception {
    Map<String, String> received = new LinkedHashMap<>();
    try (LoopbackServer server =
        new LoopbackServer()
            .handle(
                "/legacy",
                tracing.wrap(
                    exchange -> {
                      received.put(
                          "traceparent", exchange.getRequestHeaders().getFirst("traceparent"));
                      LoopbackServer.respond(exchange, 204, "");
                    }))) {
      String url = server.uri("/legacy?api_key=abc").toString();

      int status =
          tracing.traceOutgoingRequest(
              "POST",
              url,
              () -> {
                HttpURLConnection connection =
                    (HttpURLConnection) server.uri("/legacy").toURL().openConnection();
                connection.setRequestMethod("POST");
                tracing.inject(connection::setRequestProperty);
                int code = connection.getResponseCode();
                connection.disconnect();
                return code;
              });

      assertThat(status).isEqualTo(204);
      List<SpanData> spans = telemetry.awaitSpans(2);
      SpanData clientSpan =
          spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().get();
      SpanData serverSpan =
          spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().get();
      assertThat(clientSpan)
          .hasName("POST")
          .hasAttributesSatisfyingExactly(
              equalTo(HttpAttributes.HTTP_REQUEST_METHOD, "POST"),
              equalTo(
                  UrlAttributes.URL_FULL,
                  "http://127.0.0.1:" + server.port() + "/legacy?api_key=REDACTED"),
              equalTo(ServerAttributes.SERVER_ADDRESS, "127.0.0.1"),
              equalTo(ServerAttributes.SERVER_PORT, server.port()));
      assertThat(serverSpan).hasParentSpanId(clientSpan.getSpanId());
      assertThat(received.get("traceparent")).contains(clientSpan.getSpanId());
    }
  }

  @Test
  void traceOutgoingRequestRecordsTheStatusOfAnHttpResponseAndDefaultPorts() throws Exception {
    try (LoopbackServer server =
        new LoopbackServer().handle("/x", e -> LoopbackServer.respond(e, 429, ""))) {
      java.net.http.HttpClient plain = java.net.http.HttpClient.newHttpClient();
      tracing.traceOutgoingRequest(
          "GET",
          server.uri("/x").toString(),
          () ->
              plain.send(
                  java.net.http.HttpRequest.newBuilder(server.uri("/x")).build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding()));
    }
    tracing.traceOutgoingRequest("GET", "https://user:pw@api.example.com/v1", () -> "not sent");

    List<SpanData> spans = telemetry.awaitSpans(2);
    assertThat(spans.get(0))
        .hasAttribute(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 429L)
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "429")
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR));
    assertThat(spans.get(1))
        .hasAttribute(UrlAttributes.URL_FULL, "https://REDACTED:REDACTED@api.example.com/v1")
        .hasAttribute(ServerAttributes.SERVER_PORT, 443L)
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.UNSET));
  }

  @Test
  void traceOutgoingRequestRethrowsTheCallersExceptionUnchanged() {
    IOException failure = new IOException("upstream closed");

    assertThatThrownBy(
            () ->
                tracing.traceOutgoingRequest(
                    "GET",
                    "http://127.0.0.1:1/",
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);

    assertThat(telemetry.spans().get(0))
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "java.io.IOException");
  }

  @Test
  void traceOutgoingRequestToleratesAnInvalidUrl() {
    assertThat(tracing.traceOutgoingRequest("GET", "http://bad host/ spaces", () -> 1))
        .isEqualTo(1);
    assertThat(telemetry.spans().get(0))
        .hasName("GET")
        .hasAttribute(UrlAttributes.URL_FULL, "http://bad host/ spaces");
  }

  @Test
  void traceApiClientNamesTheSpanAndRedactsSensitiveParameters() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("lat", 52.5);
    params.put("lon", 13.4);
    params.put("api_key", "k-123");
    params.put("missing", null);

    String forecast =
        tracing.traceApiClient(
            "weather-service",
            "get-forecast",
            () -> "sunny in " + Span.current().getSpanContext().isValid(),
            new ApiCallOptions("GET", "/forecast", params));

    assertThat(forecast).isEqualTo("sunny in true");
    assertThat(telemetry.spans().get(0))
        .hasName("weather-service get-forecast")
        .hasKind(SpanKind.CLIENT)
        .hasAttributesSatisfyingExactly(
            equalTo(HttpAttributes.HTTP_REQUEST_METHOD, "GET"),
            equalTo(AttributeKey.stringKey("tracekit.api.service"), "weather-service"),
            equalTo(AttributeKey.stringKey("tracekit.api.operation"), "get-forecast"),
            equalTo(AttributeKey.stringKey("tracekit.api.endpoint"), "/forecast"),
            equalTo(AttributeKey.stringKey("tracekit.api.param.lat"), "52.5"),
            equalTo(AttributeKey.stringKey("tracekit.api.param.lon"), "13.4"),
            equalTo(AttributeKey.stringKey("tracekit.api.param.api_key"), "REDACTED"),
            equalTo(AttributeKey.stringKey("tracekit.api.param.missing"), "null"));
    assertThat(
            List.copyOf(
                telemetry.metric("http.client.request.duration").getHistogramData().getPoints()))
        .hasSize(1);
  }

  @Test
  void traceApiClientWithoutOptions() {
    assertThatThrownBy(
            () ->
                tracing.traceApiClient(
                    "crm",
                    "sync-contact",
                    () -> {
                      throw new IllegalStateException("quota");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("quota");
    assertThat(telemetry.spans().get(0))
        .hasName("crm sync-contact")
        .hasStatusSatisfying(s -> s.hasCode(StatusCode.ERROR))
        .hasAttribute(ErrorAttributes.ERROR_TYPE, "java.lang.IllegalStateException");
  }

  @Test
  void helpersWorkOnANoopOpenTelemetry() throws Exception {
    HttpTracing noop = HttpTracing.create(OpenTelemetry.noop());
    assertThat(noop.traceOutgoingRequest("GET", "http://x/", () -> 1)).isEqualTo(1);
    assertThat(noop.traceApiClient("a", "b", () -> 2, ApiCallOptions.of("GET", "/b"))).isEqualTo(2);
    Map<String, String> headers = new LinkedHashMap<>();
    noop.inject(headers::put);
    assertThat(headers).isEmpty();
  }

  @Test
  void redactUrlIsExposed() {
    assertThat(tracing.redactUrl("https://u:p@h/x?password=1&page=2"))
        .isEqualTo("https://REDACTED:REDACTED@h/x?password=REDACTED&page=2");
  }

  @Test
  void buildersFailFastOnBadConfiguration() {
    assertThatThrownBy(() -> HttpTracing.create(null)).isInstanceOf(NullPointerException.class);
    HttpTracingBuilder builder = HttpTracing.builder(telemetry.openTelemetry());
    assertThatThrownBy(() -> builder.correlationIdHeader(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.sensitiveQueryParameters(List.of("")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.capturedRequestHeaders(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.urlTemplate(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> tracing.wrap((java.net.http.HttpClient) null))
        .isInstanceOf(NullPointerException.class);
  }
}
