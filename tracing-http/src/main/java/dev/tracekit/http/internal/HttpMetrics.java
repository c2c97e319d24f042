package dev.tracekit.http.internal;

import dev.tracekit.api.support.BoundedValues;
import dev.tracekit.api.support.Scopes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The two duration histograms of the HTTP semantic conventions, in seconds, with their advised
 * buckets. Attributes given here must be low-cardinality.
 *
 * <p>Internal: not API.
 */
public final class HttpMetrics {
  /** The semantic-convention buckets of the HTTP duration histograms. */
  public static final List<Double> BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  private static final double NANOS_PER_SECOND = 1_000_000_000.0;

  private final boolean enabled;
  private final DoubleHistogram client;
  private final DoubleHistogram server;

  /**
   * Creates the instruments.
   *
   * @param openTelemetry where the meter comes from
   * @param scope the instrumentation scope name
   * @param schemaUrl the conventions' schema URL
   */
  public HttpMetrics(OpenTelemetry openTelemetry, String scope, String schemaUrl) {
    MeterProvider provider = openTelemetry.getMeterProvider();
    this.enabled = provider != MeterProvider.noop();
    Meter meter = Scopes.meter(openTelemetry, scope, schemaUrl);
    this.client =
        meter
            .histogramBuilder("http.client.request.duration")
            .setUnit("s")
            .setDescription("Duration of HTTP client requests.")
            .setExplicitBucketBoundariesAdvice(BUCKETS)
            .build();
    this.server =
        meter
            .histogramBuilder("http.server.request.duration")
            .setUnit("s")
            .setDescription("Duration of HTTP server requests.")
            .setExplicitBucketBoundariesAdvice(BUCKETS)
            .build();
  }

  private final BoundedValues routes =
      BoundedValues.of("http.server.request.duration", "http.route");
  private final BoundedValues addresses =
      BoundedValues.of("http.client.request.duration", "server.address");

  /**
   * The route as recorded on metrics: capped in length and in distinct values.
   *
   * @param route the route
   * @return the bounded route
   */
  public @Nullable String route(@Nullable String route) {
    return routes.bound(route);
  }

  /**
   * The server address as recorded on client metrics: capped in length and in distinct values (the
   * host comes from the URL a caller passes).
   *
   * @param host the host
   * @return the bounded host
   */
  public @Nullable String serverAddress(@Nullable String host) {
    return addresses.bound(host);
  }

  /**
   * Whether recording does anything (false for a no-op meter provider).
   *
   * @return true when metrics are recorded
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Records one client request.
   *
   * @param startNanos {@link System#nanoTime()} at the start
   * @param endNanos {@link System#nanoTime()} at the end
   * @param attributes low-cardinality attributes
   */
  public void recordClient(long startNanos, long endNanos, Attributes attributes) {
    client.record((endNanos - startNanos) / NANOS_PER_SECOND, attributes);
  }

  /**
   * Records one server request.
   *
   * @param startNanos {@link System#nanoTime()} at the start
   * @param endNanos {@link System#nanoTime()} at the end
   * @param attributes low-cardinality attributes
   */
  public void recordServer(long startNanos, long endNanos, Attributes attributes) {
    server.record((endNanos - startNanos) / NANOS_PER_SECOND, attributes);
  }
}
