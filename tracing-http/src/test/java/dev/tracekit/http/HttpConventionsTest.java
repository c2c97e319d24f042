package dev.tracekit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.core.testing.OtlpReceiver;
import dev.tracekit.core.testing.TestSdk;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The HTTP semantic conventions, one test per rule, on real OTLP output. */
class HttpConventionsTest {
  private static final class Run implements AutoCloseable {
    final OtlpReceiver receiver = OtlpReceiver.start();
    final OpenTelemetrySdk sdk =
        TestSdk.otlpBuilder(receiver)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    final LoopbackServer server;
    final HttpTracing tracing;

    Run(Function<OpenTelemetrySdk, HttpTracing> tracing) throws Exception {
      this.tracing = tracing.apply(sdk);
      this.server =
          new LoopbackServer()
              .handle("/ok", this.tracing.wrap(e -> LoopbackServer.respond(e, 200, "ok")));
    }

    HttpResponse<String> get(HttpClient client) throws Exception {
      return client.send(
          HttpRequest.newBuilder(server.uri("/ok")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Exports everything; the server ends its span just after the client saw the response. */
    void finish() throws InterruptedException {
      Thread.sleep(300);
      sdk.close();
    }

    List<HistogramDataPoint> points(String metric) {
      return receiver.metrics(metric).stream()
          .flatMap(m -> m.getHistogram().getDataPointsList().stream())
          .toList();
    }

    @Override
    public void close() {
      server.close();
      receiver.close();
    }
  }

  private static boolean has(HistogramDataPoint point, String key) {
    return point.getAttributesList().stream().map(KeyValue::getKey).anyMatch(key::equals);
  }

  @Test
  void serverSpansCarryServerAddressPortAndPeer() throws Exception {
    try (Run run = new Run(HttpTracing::create)) {
      run.get(HttpClient.newHttpClient());
      run.finish();
      OtlpReceiver.ReceivedSpan server = run.receiver.awaitSpans(1, Duration.ofSeconds(10)).get(0);
      assertThat(server.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
      assertThat(server.attr("server.address")).isEqualTo("127.0.0.1");
      assertThat(server.attr("server.port")).isEqualTo(Integer.toString(run.server.port()));
      assertThat(server.attr("network.peer.address")).isEqualTo("127.0.0.1");
      assertThat(Integer.parseInt(server.attr("network.peer.port"))).isPositive();
      assertThat(run.points("http.server.request.duration"))
          .allSatisfy(p -> assertThat(has(p, "server.address")).as("opt-in on metrics").isFalse());
    }
  }

  @Test
  void urlSchemeIsOptInOnTheClientDurationMetric() throws Exception {
    try (Run run = new Run(HttpTracing::create)) {
      run.get(run.tracing.wrap(HttpClient.newHttpClient()));
      run.finish();
      assertThat(run.points("http.client.request.duration"))
          .singleElement()
          .satisfies(p -> assertThat(has(p, "url.scheme")).isFalse());
    }
    try (Run run = new Run(sdk -> HttpTracing.builder(sdk).clientMetricUrlScheme(true).build())) {
      run.get(run.tracing.wrap(HttpClient.newHttpClient()));
      run.finish();
      assertThat(run.points("http.client.request.duration"))
          .singleElement()
          .satisfies(p -> assertThat(has(p, "url.scheme")).isTrue());
    }
  }

  @Test
  void traceApiClientIsTheOnlyClientSpanAndTheOnlyDurationPoint() throws Exception {
    try (Run run = new Run(HttpTracing::create)) {
      HttpClient client = run.tracing.wrap(HttpClient.newHttpClient());
      int status =
          run.tracing.traceApiClient(
              "orders-api",
              "get-order",
              () -> run.get(client).statusCode(),
              ApiCallOptions.of("GET", "/ok"));
      assertThat(status).isEqualTo(200);
      run.finish();
      List<OtlpReceiver.ReceivedSpan> spans = run.receiver.awaitSpans(2, Duration.ofSeconds(10));
      assertThat(spans).hasSize(2);
      OtlpReceiver.ReceivedSpan api = run.receiver.span("orders-api get-order");
      assertThat(api.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
      assertThat(spans)
          .filteredOn(s -> s.span().getKind() == SpanKind.SPAN_KIND_CLIENT)
          .containsExactly(api);
      OtlpReceiver.ReceivedSpan server = run.receiver.span("GET");
      assertThat(server.parentSpanId()).isEqualTo(api.spanId());
      assertThat(server.traceId()).isEqualTo(api.traceId());
      long count =
          run.points("http.client.request.duration").stream()
              .mapToLong(HistogramDataPoint::getCount)
              .sum();
      assertThat(count).isEqualTo(1);
    }
  }

  @Test
  void aConventionReplacesNamesAndAddsAttributes() throws Exception {
    HttpConvention tenant =
        new DefaultHttpConvention() {
          @Override
          public String spanName(HttpRequestView request) {
            return request.kind() == io.opentelemetry.api.trace.SpanKind.SERVER
                ? "inbound " + super.spanName(request)
                : super.spanName(request);
          }

          @Override
          public void onStart(
              HttpRequestView request, io.opentelemetry.api.common.AttributesBuilder attributes) {
            String value = request.header("x-tenant");
            if (value != null) {
              attributes.put("tenant.id", value);
            }
          }

          @Override
          public void onEnd(
              HttpRequestView request,
              int statusCode,
              Throwable error,
              io.opentelemetry.api.common.AttributesBuilder attributes) {
            attributes.put("tenant.outcome", statusCode < 400 ? "ok" : "failed");
          }
        };
    try (Run run = new Run(sdk -> HttpTracing.builder(sdk).convention(tenant).build())) {
      run.tracing
          .wrap(HttpClient.newHttpClient())
          .send(
              HttpRequest.newBuilder(run.server.uri("/ok")).header("X-Tenant", "acme").build(),
              HttpResponse.BodyHandlers.discarding());
      run.finish();
      run.receiver.awaitSpans(2, Duration.ofSeconds(10));
      OtlpReceiver.ReceivedSpan server = run.receiver.span("inbound GET");
      assertThat(server.attr("tenant.id")).isEqualTo("acme");
      assertThat(server.attr("tenant.outcome")).isEqualTo("ok");
      assertThat(server.attr("http.request.method")).isEqualTo("GET");
      OtlpReceiver.ReceivedSpan client = run.receiver.span("GET");
      assertThat(client.span().getKind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
      assertThat(client.attr("tenant.id")).isEqualTo("acme");
    }
  }

  @Test
  void aThrowingConventionFallsBackToTheDefault() throws Exception {
    HttpConvention broken =
        request -> {
          throw new IllegalStateException("bug in user convention");
        };
    try (Run run = new Run(sdk -> HttpTracing.builder(sdk).convention(broken).build())) {
      assertThat(run.get(HttpClient.newHttpClient()).statusCode()).isEqualTo(200);
      run.finish();
      assertThat(run.receiver.awaitSpans(1, Duration.ofSeconds(10)).get(0).name()).isEqualTo("GET");
    }
  }
}
