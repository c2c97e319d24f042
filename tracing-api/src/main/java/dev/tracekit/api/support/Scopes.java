package dev.tracekit.api.support;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;

/**
 * Creates TraceKit's tracers and meters, each with the instrumentation version (TraceKit's) and the
 * {@code schema_url} of the semantic conventions the module follows.
 *
 * <p>Support API for TraceKit modules and integrations, not for application code.
 */
public final class Scopes {
  /**
   * The semantic conventions TraceKit follows (stable HTTP, database, messaging and the rest):
   * those of the pinned {@code opentelemetry-semconv} artifact.
   */
  public static final String SCHEMA_URL = "https://opentelemetry.io/schemas/1.45.0";

  /** TraceKit's version, the instrumentation version of every scope. */
  public static final String VERSION = readVersion();

  private Scopes() {}

  private static String readVersion() {
    try (InputStream in = Scopes.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank() && !v.startsWith("$")) {
          return v.trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // fall through
    }
    return "unknown";
  }

  /**
   * A tracer with TraceKit's version and the given conventions.
   *
   * @param openTelemetry the instance
   * @param scope the scope name
   * @param schemaUrl the conventions' schema URL
   * @return the tracer
   * @throws NullPointerException if {@code openTelemetry}, {@code scope} or {@code schemaUrl} is
   *     null
   */
  public static Tracer tracer(OpenTelemetry openTelemetry, String scope, String schemaUrl) {
    return Objects.requireNonNull(openTelemetry, "openTelemetry")
        .tracerBuilder(Objects.requireNonNull(scope, "scope"))
        .setInstrumentationVersion(VERSION)
        .setSchemaUrl(Objects.requireNonNull(schemaUrl, "schemaUrl"))
        .build();
  }

  /**
   * A tracer with TraceKit's version and {@link #SCHEMA_URL}.
   *
   * @param openTelemetry the instance
   * @param scope the scope name
   * @return the tracer
   * @throws NullPointerException if {@code openTelemetry} or {@code scope} is null
   */
  public static Tracer tracer(OpenTelemetry openTelemetry, String scope) {
    return tracer(openTelemetry, scope, SCHEMA_URL);
  }

  /**
   * A meter with TraceKit's version and the given conventions.
   *
   * @param openTelemetry the instance
   * @param scope the scope name
   * @param schemaUrl the conventions' schema URL
   * @return the meter
   * @throws NullPointerException if {@code openTelemetry}, {@code scope} or {@code schemaUrl} is
   *     null
   */
  public static Meter meter(OpenTelemetry openTelemetry, String scope, String schemaUrl) {
    return Objects.requireNonNull(openTelemetry, "openTelemetry")
        .meterBuilder(Objects.requireNonNull(scope, "scope"))
        .setInstrumentationVersion(VERSION)
        .setSchemaUrl(Objects.requireNonNull(schemaUrl, "schemaUrl"))
        .build();
  }

  /**
   * A meter with TraceKit's version and {@link #SCHEMA_URL}.
   *
   * @param openTelemetry the instance
   * @param scope the scope name
   * @return the meter
   * @throws NullPointerException if {@code openTelemetry} or {@code scope} is null
   */
  public static Meter meter(OpenTelemetry openTelemetry, String scope) {
    return meter(openTelemetry, scope, SCHEMA_URL);
  }

  /**
   * A meter with TraceKit's version and the default conventions, from a meter provider (for parts
   * that are given a provider rather than an {@code OpenTelemetry}, such as span processors).
   *
   * @param meterProvider the provider
   * @param scope the scope name
   * @return the meter
   * @throws NullPointerException if {@code meterProvider} or {@code scope} is null
   */
  public static Meter meter(MeterProvider meterProvider, String scope) {
    return Objects.requireNonNull(meterProvider, "meterProvider")
        .meterBuilder(Objects.requireNonNull(scope, "scope"))
        .setInstrumentationVersion(VERSION)
        .setSchemaUrl(SCHEMA_URL)
        .build();
  }
}
