package dev.tracekit.core.internal;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.redaction.RedactingSpanExporter;
import dev.tracekit.core.redaction.Redactor;
import dev.tracekit.core.safety.SafeSpanExporter;
import dev.tracekit.core.safety.SafeSpanProcessor;
import dev.tracekit.core.safety.TracekitLimits;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one place where {@code TracingSdk}'s span pipeline is put together. In order, on the tracer
 * provider:
 *
 * <ol>
 *   <li>the processors the application added, each behind {@link SafeSpanProcessor} (an exception
 *       inside one never reaches the application);
 *   <li>one processor per exporter: a {@link BatchSpanProcessor} configured from {@code otel.bsp.*}
 *       (a {@link SimpleSpanProcessor} in debug mode), in front of the export chain;
 *   <li>the console tree printer, behind its own batch processor with a short delay, so trees are
 *       printed on the processor's thread and never under a lock on the application's thread.
 * </ol>
 *
 * <p>All of them sit behind one processor that counts spans started and ended ({@link
 * HealthMonitor#around}), so the SDK calls a single processor per span.
 *
 * <p>The export chain of every exporter, outermost first: {@link HealthMonitor#count counting}
 * (exported spans, failed exports) → {@link SafeSpanExporter} (exceptions contained) → {@code
 * LengthCappingSpanExporter} (values cut at 4096 characters when the SDK does not cut them at
 * record time: see {@link TracekitLimits#recordTimeLengthLimitIsCheap()}) → {@link
 * RedactingSpanExporter} (secrets removed) → {@link SpanNameCheck} (generated-looking names
 * reported, optionally renamed) → the exporter. All of it runs on the batch processor's worker
 * thread; the application's thread does only what the SDK itself does for a span (sampling, limits,
 * hand-off to the queue) plus two counter increments.
 *
 * <p>Exporters named in {@code otel.traces.exporter} are created through OpenTelemetry's own {@link
 * ConfigurableSpanExporterProvider} SPI (the OTLP exporter's provider, Zipkin's, ...), with the
 * configuration autoconfigure resolved, so every standard {@code OTEL_EXPORTER_*} variable works as
 * documented by OpenTelemetry.
 *
 * <p>Internal: not API.
 */
public final class SpanPipeline {
  /** How often the console printer's batch processor hands spans over. */
  static final Duration CONSOLE_DELAY = Duration.ofMillis(100);

  private final HealthMonitor health;
  private final List<SpanProcessor> processors = new ArrayList<>();
  private final List<SpanExporter> exporters = new ArrayList<>();
  private final List<String> exporterNames = new ArrayList<>();
  private @Nullable PrintStream console;
  private boolean debug;
  private @Nullable Redactor redactor;
  private boolean redaction = true;
  private boolean renameGeneratedNames;

  /**
   * A pipeline counted by {@code health}.
   *
   * @param health the health monitor
   */
  public SpanPipeline(HealthMonitor health) {
    this.health = health;
  }

  /** Adds a processor the application supplied. */
  public SpanPipeline processor(SpanProcessor processor) {
    processors.add(processor);
    return this;
  }

  /** Adds an exporter the application supplied. */
  public SpanPipeline exporter(SpanExporter exporter) {
    exporters.add(exporter);
    return this;
  }

  /** Adds exporters by their SPI names (from {@code otel.traces.exporter}). */
  public SpanPipeline exporterNames(List<String> names) {
    exporterNames.addAll(names);
    return this;
  }

  /** Prints trace trees to {@code out}; null for none. */
  public SpanPipeline console(@Nullable PrintStream out) {
    this.console = out;
    return this;
  }

  /** Debug mode: export each span when it ends. */
  public SpanPipeline debug(boolean on) {
    this.debug = on;
    return this;
  }

  /**
   * The redaction stage: on or off, and the redactor (null: configured from {@code
   * tracekit.redaction.*}).
   */
  public SpanPipeline redaction(boolean on, @Nullable Redactor redactor) {
    this.redaction = on;
    this.redactor = redactor;
    return this;
  }

  /** Whether generated-looking span names are renamed (not only reported) on export. */
  public SpanPipeline renameGeneratedNames(boolean on) {
    this.renameGeneratedNames = on;
    return this;
  }

  /**
   * Adds the whole pipeline to a tracer provider.
   *
   * @param builder the tracer provider's builder
   * @param config the resolved configuration, or null for OpenTelemetry's defaults
   * @param providers the exporter providers by name
   */
  public void addTo(
      SdkTracerProviderBuilder builder,
      @Nullable ConfigProperties config,
      Map<String, ConfigurableSpanExporterProvider> providers) {
    List<SpanProcessor> all = new ArrayList<>();
    for (SpanProcessor p : processors) {
      all.add(SafeSpanProcessor.wrap(p));
    }
    Redactor r = redactor(config);
    boolean limitConfigured = config != null && TracekitLimits.lengthLimitConfigured(config);
    if (config != null && exporterNames.contains("otlp")) {
      if (debug) {
        ExporterLogFilter.uninstall();
      } else {
        ExporterLogFilter.install(otlpEndpoint(config));
      }
    }
    for (String name : config == null ? List.<String>of() : exporterNames) {
      ConfigurableSpanExporterProvider provider = providers.get(name);
      if (provider == null) {
        Diagnostics.reportOnce("exporter " + name, "no span exporter named '" + name + "'");
        continue;
      }
      SpanExporter exporter;
      try {
        exporter = provider.createExporter(config);
      } catch (RuntimeException | LinkageError e) {
        Diagnostics.reportOnce(
            "exporter " + name, "could not create the '" + name + "' span exporter", e);
        continue;
      }
      all.add(processor(chain(exporter, r, limitConfigured), config, debug));
    }
    for (SpanExporter e : exporters) {
      all.add(processor(chain(e, r, limitConfigured), config, debug));
    }
    PrintStream out = console;
    if (out != null) {
      all.add(
          BatchSpanProcessor.builder(
                  chain(new ConsoleTreeExporter(out, 10_000, 30_000), r, limitConfigured))
              .setScheduleDelay(CONSOLE_DELAY)
              .setMeterProvider(health.meterProvider())
              .build());
    }
    // One processor on the tracer provider: the health counts around everything above.
    builder.addSpanProcessor(health.around(SpanProcessor.composite(all)));
  }

  private static String otlpEndpoint(ConfigProperties config) {
    String traces = config.getString("otel.exporter.otlp.traces.endpoint");
    if (traces != null) {
      return traces;
    }
    String base = config.getString("otel.exporter.otlp.endpoint");
    if (base != null) {
      return base;
    }
    return "grpc".equals(config.getString("otel.exporter.otlp.protocol"))
        ? "http://localhost:4317"
        : "http://localhost:4318";
  }

  /** The export chain in front of one exporter (see the class comment). */
  private SpanExporter chain(SpanExporter exporter, @Nullable Redactor r, boolean limitConfigured) {
    SpanExporter named = SpanNameCheck.wrap(exporter, renameGeneratedNames);
    SpanExporter redacted = r == null ? named : RedactingSpanExporter.create(named, r);
    SpanExporter capped = TracekitLimits.capOnExport(redacted, limitConfigured);
    return health.count(SafeSpanExporter.wrap(capped));
  }

  private @Nullable Redactor redactor(@Nullable ConfigProperties config) {
    if (!redaction) {
      return null;
    }
    if (redactor != null) {
      return redactor;
    }
    return config == null
        ? Redactor.fromEnvironment()
        : Redactor.fromConfig(
            config.getString("tracekit.redaction.keys"),
            config.getString("tracekit.redaction.allow"),
            config.getString("tracekit.redaction.emails"));
  }

  private SpanProcessor processor(
      SpanExporter exporter, @Nullable ConfigProperties config, boolean simple) {
    if (simple) {
      return SimpleSpanProcessor.create(exporter);
    }
    BatchSpanProcessorBuilder b =
        BatchSpanProcessor.builder(exporter).setMeterProvider(health.meterProvider());
    if (config != null) {
      Duration delay = config.getDuration("otel.bsp.schedule.delay");
      if (delay != null) {
        b.setScheduleDelay(delay);
      }
      Integer queue = config.getInt("otel.bsp.max.queue.size");
      if (queue != null) {
        b.setMaxQueueSize(queue);
      }
      Integer batch = config.getInt("otel.bsp.max.export.batch.size");
      if (batch != null) {
        b.setMaxExportBatchSize(batch);
      }
      Duration timeout = config.getDuration("otel.bsp.export.timeout");
      if (timeout != null) {
        b.setExporterTimeout(timeout);
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      Diagnostics.reportOnce(
          "bsp config", "invalid otel.bsp.* settings; using the batch processor's defaults", e);
      return BatchSpanProcessor.builder(exporter).setMeterProvider(health.meterProvider()).build();
    }
  }
}
