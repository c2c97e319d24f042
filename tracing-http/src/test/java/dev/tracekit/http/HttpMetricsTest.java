package dev.tracekit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.testing.TracekitExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.NetworkAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpMetricsTest {
  private static final List<Double> SEMCONV_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  @RegisterExtension final TracekitExtension telemetry = TracekitExtension.create();
  private LoopbackServer server;
  private HttpClient client;

  @BeforeEach
  void setUp() throws Exception {
    HttpTracing tracing = HttpTracing.create(telemetry.openTelemetry());
    server =
        new LoopbackServer()
            .handle(
                "/items",
                tracing.wrap(exchange -> LoopbackServer.respond(exchange, 200, "x"), "/items"))
            .handle("/down", tracing.wrap(exchange -> LoopbackServer.respond(exchange, 500, "")));
    client = tracing.wrap(HttpClient.newHttpClient());
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void clientAndServerDurationsHaveSemconvBucketsAndLowCardinalityAttributes() throws Exception {
    for (int i = 0; i < 3; i++) {
      client.send(
          HttpRequest.newBuilder(server.uri("/items?id=" + i)).build(),
          HttpResponse.BodyHandlers.discarding());
    }
    client.send(
        HttpRequest.newBuilder(server.uri("/down")).build(),
        HttpResponse.BodyHandlers.discarding());
    telemetry.awaitSpans(8);

    List<HistogramPointData> clientPoints =
        List.copyOf(
            telemetry.metric("http.client.request.duration").getHistogramData().getPoints());
    HistogramPointData ok = point(clientPoints, HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200L);
    assertThat(ok.getCount()).isEqualTo(3);
    assertThat(ok.getBoundaries()).isEqualTo(SEMCONV_BUCKETS);
    assertThat(ok.getSum()).isGreaterThan(0).isLessThan(10);
    assertThat(ok.getAttributes())
        .isEqualTo(
            Attributes.builder()
                .put(HttpAttributes.HTTP_REQUEST_METHOD, "GET")
                .put(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200L)
                .put(ServerAttributes.SERVER_ADDRESS, "127.0.0.1")
                .put(ServerAttributes.SERVER_PORT, (long) server.port())
                .put(UrlAttributes.URL_SCHEME, "http")
                .put(NetworkAttributes.NETWORK_PROTOCOL_VERSION, "1.1")
                .build());
    HistogramPointData failed = point(clientPoints, HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 500L);
    assertThat(failed.getCount()).isEqualTo(1);
    assertThat(failed.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("500");

    List<HistogramPointData> serverPoints =
        List.copyOf(
            telemetry.metric("http.server.request.duration").getHistogramData().getPoints());
    HistogramPointData routed = point(serverPoints, HttpAttributes.HTTP_ROUTE, "/items");
    assertThat(routed.getCount()).isEqualTo(3);
    assertThat(routed.getBoundaries()).isEqualTo(SEMCONV_BUCKETS);
    assertThat(routed.getAttributes())
        .isEqualTo(
            Attributes.builder()
                .put(HttpAttributes.HTTP_REQUEST_METHOD, "GET")
                .put(UrlAttributes.URL_SCHEME, "http")
                .put(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 200L)
                .put(HttpAttributes.HTTP_ROUTE, "/items")
                .put(NetworkAttributes.NETWORK_PROTOCOL_VERSION, "1.1")
                .build());
    HistogramPointData serverFailed =
        point(serverPoints, HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 500L);
    assertThat(serverFailed.getAttributes().get(ErrorAttributes.ERROR_TYPE)).isEqualTo("500");

    // Nothing high-cardinality ever becomes a metric attribute.
    Set<String> forbidden = Set.of("url.full", "url.path", "url.query", "tracekit.correlation_id");
    for (HistogramPointData point : List.of(ok, failed, routed, serverFailed)) {
      assertThat(point.getAttributes().asMap().keySet())
          .extracting(AttributeKey::getKey)
          .doesNotContainAnyElementsOf(forbidden);
    }
  }

  private static <T> HistogramPointData point(
      List<HistogramPointData> points, AttributeKey<T> key, T value) {
    return points.stream()
        .filter(p -> value.equals(p.getAttributes().get(key)))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no point with " + key + "=" + value + ": " + points));
  }
}
