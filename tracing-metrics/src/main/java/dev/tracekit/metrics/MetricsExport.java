package dev.tracekit.metrics;

import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Metric readers and views for an {@code SdkMeterProvider} built in code. Under OpenTelemetry
 * autoconfigure (and so {@code TracingSdk}) the same is selected with environment variables: {@code
 * OTEL_METRICS_EXPORTER=otlp} (the default: same endpoint and headers as traces) or {@code
 * prometheus} with {@code OTEL_EXPORTER_PROMETHEUS_HOST} / {@code OTEL_EXPORTER_PROMETHEUS_PORT}
 * (default 0.0.0.0:9464), or both ({@code otlp,prometheus}).
 *
 * <pre>{@code
 * SdkMeterProvider meters = SdkMeterProvider.builder()
 *     .registerMetricReader(MetricsExport.prometheus("127.0.0.1", 9464))
 *     .registerMetricReader(MetricsExport.otlp("http://collector:4318", Map.of(), Duration.ofSeconds(30)))
 *     .build();
 * }</pre>
 */
public final class MetricsExport {
  private MetricsExport() {}

  /**
   * A Prometheus scrape endpoint ({@code GET /metrics}, text exposition format) serving the meter
   * provider it is registered on; it starts listening at once and stops when the meter provider
   * shuts down. Histograms are exposed with their {@code _bucket{le=...}}, {@code _sum} and {@code
   * _count} series, so {@code histogram_quantile(0.95, ...)} works.
   *
   * @param host the address to bind, for example {@code 127.0.0.1} or {@code 0.0.0.0}
   * @param port the TCP port (9464 is Prometheus' usual port for OpenTelemetry)
   * @return the reader to pass to {@code SdkMeterProviderBuilder.registerMetricReader}
   * @throws IllegalArgumentException if the port is out of range or the host name does not resolve
   *     (configuration errors, reported here at set-up rather than later)
   * @throws java.io.UncheckedIOException if the address cannot be bound (for example the port is
   *     taken)
   */
  public static PrometheusHttpServer prometheus(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    try {
      java.net.InetAddress.getByName(host);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(
          "Prometheus host '" + host + "' does not resolve; use an address such as 127.0.0.1", e);
    }
    return PrometheusHttpServer.builder().setHost(host).setPort(port).build();
  }

  /**
   * An OTLP/HTTP (protobuf) metric exporter behind a periodic reader.
   *
   * @param endpoint the OTLP base endpoint, as in {@code OTEL_EXPORTER_OTLP_ENDPOINT} (for example
   *     {@code http://localhost:4318}); {@code /v1/metrics} is appended
   * @param headers headers sent with each export (for example an API key), never logged
   * @param interval how often metrics are exported
   * @return the reader to pass to {@code SdkMeterProviderBuilder.registerMetricReader}
   * @throws IllegalArgumentException if the endpoint is not an http(s) URL or the interval is not
   *     positive
   */
  public static MetricReader otlp(String endpoint, Map<String, String> headers, Duration interval) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
    String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    OtlpHttpMetricExporterBuilder builder =
        OtlpHttpMetricExporter.builder().setEndpoint(base + "/v1/metrics");
    headers.forEach(builder::addHeader);
    return PeriodicMetricReader.builder(builder.build()).setInterval(interval).build();
  }

  /**
   * Makes histograms whose name matches use base-2 exponential buckets (fine resolution with no
   * boundaries to choose; exported over OTLP as exponential histograms, which Prometheus receives
   * as native histograms). Without this, histograms use explicit buckets.
   *
   * @param builder the meter provider builder
   * @param instrumentNameGlob the instrument names, {@code *} and {@code ?} wildcards allowed (for
   *     example {@code tracekit.*})
   * @return the builder
   */
  public static SdkMeterProviderBuilder useExponentialHistograms(
      SdkMeterProviderBuilder builder, String instrumentNameGlob) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(instrumentNameGlob, "instrumentNameGlob");
    return builder.registerView(
        InstrumentSelector.builder()
            .setType(InstrumentType.HISTOGRAM)
            .setName(instrumentNameGlob)
            .build(),
        View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build());
  }
}
