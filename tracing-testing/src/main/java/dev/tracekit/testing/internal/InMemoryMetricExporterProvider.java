package dev.tracekit.testing.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metric exporter named {@value #NAME}: hands OpenTelemetry autoconfigure (which {@code
 * TracingSdk} uses) the in-memory exporter registered under the id in the {@value #ID_PROPERTY}
 * property. Selected only by name; being on the class path changes nothing.
 *
 * <p>Internal: not API.
 */
public final class InMemoryMetricExporterProvider implements ConfigurableMetricExporterProvider {
  /** The exporter name for {@code otel.metrics.exporter}. */
  public static final String NAME = "tracekit-testing";

  /** The property naming which registered exporter to use. */
  public static final String ID_PROPERTY = "tracekit.testing.metrics.id";

  private static final Map<String, MetricExporter> REGISTERED = new ConcurrentHashMap<>();

  /** Public for {@link java.util.ServiceLoader}. */
  public InMemoryMetricExporterProvider() {}

  /** Registers an exporter; returns the id to put into {@value #ID_PROPERTY}. */
  public static String register(InMemoryMetricExporter exporter) {
    String id = UUID.randomUUID().toString();
    REGISTERED.put(id, exporter);
    return id;
  }

  /** Forgets a registered exporter. */
  public static void unregister(String id) {
    REGISTERED.remove(id);
  }

  @Override
  public MetricExporter createExporter(ConfigProperties config) {
    String id = config.getString(ID_PROPERTY);
    MetricExporter exporter = id == null ? null : REGISTERED.get(id);
    if (exporter == null) {
      // Selected by name outside TestTelemetry: record into a fresh in-memory exporter.
      return InMemoryMetricExporter.create();
    }
    return exporter;
  }

  @Override
  public String getName() {
    return NAME;
  }
}
