package dev.tracekit.core;

import dev.tracekit.api.GlobalOpenTelemetryAccess;
import dev.tracekit.api.Tracing;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.GlobalTracing;
import dev.tracekit.api.support.Scopes;
import dev.tracekit.core.internal.EnvConfig;
import dev.tracekit.core.internal.HealthMonitor;
import dev.tracekit.core.internal.HostResource;
import dev.tracekit.core.internal.SpanPipeline;
import dev.tracekit.core.internal.logging.LogCorrelation;
import dev.tracekit.core.internal.logging.MdcKeys;
import dev.tracekit.core.propagation.TraceContextPropagator;
import dev.tracekit.core.redaction.Redactor;
import dev.tracekit.core.safety.TracekitLimits;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * TraceKit's one-line OpenTelemetry SDK set-up for applications. It builds an {@link
 * OpenTelemetrySdk} through OpenTelemetry autoconfigure (so every standard {@code OTEL_*} variable
 * works as documented by OpenTelemetry), honours TraceKit's aliases ({@code OTEL_ENABLED}, {@code
 * OTEL_SAMPLE_RATE}, {@code OTEL_CONSOLE_EXPORTER}, ...), registers it globally, adds a shutdown
 * hook that flushes, and returns this handle.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   TracingSdk.fromEnvironment();            // that's all; Traces.* now records
 *   ...
 * }
 *
 * try (TracingSdk sdk = TracingSdk.builder()
 *     .serviceName("orders")
 *     .sampleRate(0.25)
 *     .consoleExporter(true)
 *     .build()) {
 *   Tracing tracing = sdk.tracing();
 * }
 * }</pre>
 *
 * <p>Start-up never fails because of telemetry configuration: a malformed value is reported once
 * (variable, value, what was expected) and its default is used; if OpenTelemetry's autoconfigure
 * still refuses the configuration, a plain SDK exporting OTLP over HTTP to the default endpoint is
 * built instead and the problem is reported. With {@code OTEL_ENABLED=false} (or {@code
 * OTEL_SDK_DISABLED=true}) the handle holds a no-op OpenTelemetry that costs next to nothing.
 *
 * <p>Values set on the {@link Builder} are defaults: the {@code OTEL_*} environment variables and
 * system properties override them, so operators can reconfigure without a code change. Objects
 * added in code (exporters, processors, a sampler) are always used.
 */
public final class TracingSdk implements AutoCloseable {
  private static final Logger LOGGER = Logger.getLogger(TracingSdk.class.getName());

  /** How long close() waits when the latest export is already failing. */
  private static final Duration UNREACHABLE_SHUTDOWN = Duration.ofSeconds(2);

  /** The last TracingSdk that installed its SDK as the global, to tell it from others'. */
  private static volatile @Nullable TracingSdk installedGlobal;

  private final OpenTelemetry openTelemetry;
  private final @Nullable OpenTelemetrySdk sdk;
  private final boolean owner;
  private final @Nullable HealthMonitor health;
  private final Tracing tracing;
  private final Duration shutdownTimeout;
  private volatile LogCorrelation logCorrelation = LogCorrelation.off();
  private final List<String> problems;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Thread shutdownHook;

  private TracingSdk(
      OpenTelemetry openTelemetry,
      @Nullable OpenTelemetrySdk sdk,
      @Nullable HealthMonitor health,
      Duration shutdownTimeout,
      List<String> problems) {
    this(openTelemetry, sdk, sdk != null, health, shutdownTimeout, problems);
  }

  private TracingSdk(
      OpenTelemetry openTelemetry,
      @Nullable OpenTelemetrySdk sdk,
      boolean owner,
      @Nullable HealthMonitor health,
      Duration shutdownTimeout,
      List<String> problems) {
    this.openTelemetry = openTelemetry;
    this.sdk = sdk;
    this.owner = owner;
    this.health = health;
    this.tracing = Tracing.create(openTelemetry);
    this.shutdownTimeout = shutdownTimeout;
    this.problems = List.copyOf(problems);
  }

  /**
   * Builds the SDK from the environment variables and system properties alone, registers it
   * globally and installs a shutdown hook that flushes.
   *
   * @return the handle; close it (or let the shutdown hook do it) to flush and shut down
   */
  public static TracingSdk fromEnvironment() {
    return builder().build();
  }

  /**
   * A builder for setting up the SDK in code.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The OpenTelemetry to hand to TraceKit's feature modules and other libraries.
   *
   * @return the SDK, or a no-op when telemetry is disabled
   */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * TraceKit's helpers bound to this SDK.
   *
   * @return the helpers
   */
  public Tracing tracing() {
    return tracing;
  }

  /**
   * Whether telemetry is on.
   *
   * @return false when disabled by configuration
   */
  public boolean enabled() {
    return sdk != null || (!owner && openTelemetry != OpenTelemetry.noop());
  }

  /**
   * Whether this handle built the OpenTelemetry it holds. False when an OpenTelemetry was already
   * installed globally (the OpenTelemetry Java agent, a framework such as Spring Boot, or the
   * application's own SDK): TraceKit then uses that instance, builds no second SDK, and {@link
   * #close()} leaves it running. Its pipeline is its owner's: TraceKit's redaction, sampling rules
   * and limits apply there only through TraceKit's agent extension or framework integration.
   *
   * @return true when TraceKit built (and will shut down) the SDK
   */
  public boolean ownsOpenTelemetry() {
    return owner;
  }

  /**
   * The underlying SDK, for what TraceKit does not wrap.
   *
   * @return the SDK, or null when telemetry is disabled
   */
  public @Nullable OpenTelemetrySdk sdk() {
    return sdk;
  }

  /**
   * A snapshot of the SDK's own health, for health checks.
   *
   * @return the snapshot
   */
  public HealthStatus status() {
    HealthMonitor h = health;
    if (h == null) {
      return new HealthStatus(enabled(), 0, 0, 0, 0, 0, 0, null, true, enabled(), problems);
    }
    HealthMonitor.Snapshot snap = h.snapshot();
    return new HealthStatus(
        true,
        h.started(),
        h.ended(),
        h.exported(),
        snap.dropped(),
        h.failedSpans(),
        h.exportFailures(),
        h.lastExportError(),
        snap.lastExportOk(),
        snap.healthy(),
        problems);
  }

  /**
   * Exports every ended span now, waiting at most {@code timeout}.
   *
   * @param timeout how long to wait
   * @return true when everything was exported in time
   */
  public boolean flush(Duration timeout) {
    OpenTelemetrySdk s = sdk;
    if (s == null || closed.get()) {
      return true;
    }
    try {
      long millis = Math.max(1, timeout == null ? 1000 : timeout.toMillis());
      return s.getSdkTracerProvider().forceFlush().join(millis, TimeUnit.MILLISECONDS).isSuccess()
          & s.getSdkMeterProvider().forceFlush().join(millis, TimeUnit.MILLISECONDS).isSuccess();
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("flush", "flushing telemetry failed", e);
      return false;
    }
  }

  /**
   * Flushes and shuts the SDK down, waiting at most the shutdown timeout (10 s by default) in all,
   * whatever the collector does, and at most 2 s when the latest export is already failing (the
   * collector is unreachable); if the export did not finish in time, one line on standard error
   * says so. Spans ended afterwards are dropped. Idempotent; never throws. Does nothing to an
   * OpenTelemetry that TraceKit did not build ({@link #ownsOpenTelemetry()}).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Thread hook = shutdownHook;
    if (hook != null && Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | SecurityException ignored) {
        // The JVM is already shutting down.
      }
    }
    logCorrelation.close();
    OpenTelemetrySdk s = sdk;
    if (s == null) {
      return;
    }
    Duration bound = shutdownTimeout;
    HealthMonitor monitor = health;
    if (monitor != null
        && !monitor.snapshot().lastExportOk()
        && bound.compareTo(UNREACHABLE_SHUTDOWN) > 0) {
      // The collector is not answering: waiting the whole bound would only delay the exit.
      bound = UNREACHABLE_SHUTDOWN;
    }
    boolean done = shutDownWithin(s, bound);
    HealthMonitor h = health;
    if (h != null) {
      h.close();
    }
    if (!done) {
      HealthStatus st = status();
      System.err.println(
          "TraceKit: telemetry was not fully exported within "
              + bound.toMillis()
              + " ms at shutdown"
              + (st.lastExportError() != null ? " (" + st.lastExportError() + ")" : "")
              + "; spans still queued are lost. Is the collector reachable? For local runs set"
              + " OTEL_TRACES_EXPORTER=console.");
    }
  }

  /**
   * Shuts the SDK down within one bound, whatever the collector does: OpenTelemetry's {@code
   * shutdown()} itself blocks (a final metric export waits up to 5 s before it returns), so it runs
   * on a daemon thread and the caller waits at most {@code timeout} in all.
   */
  private static boolean shutDownWithin(OpenTelemetrySdk s, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<CompletableResultCode> started = new CompletableFuture<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                started.complete(s.shutdown());
              } catch (Throwable t) {
                started.completeExceptionally(t);
              }
            },
            "tracekit-shutdown-worker");
    worker.setDaemon(true);
    try {
      worker.start();
      CompletableResultCode result =
          started.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      return result.join(Math.max(1, left), TimeUnit.MILLISECONDS).isSuccess();
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | RuntimeException e) {
      Diagnostics.reportOnce("shutdown", "shutting telemetry down failed", e);
      return false;
    }
  }

  @Override
  public String toString() {
    return "TracingSdk{enabled=" + enabled() + ", openTelemetry=" + openTelemetry + "}";
  }

  /**
   * Configures {@link TracingSdk} in code. Values are defaults that {@code OTEL_*} variables
   * override; invalid values fail fast with an exception here, at configuration time.
   */
  public static final class Builder {
    private final Map<String, String> defaults = new LinkedHashMap<>();
    private final AttributesBuilder resource = Attributes.builder();
    private final List<SpanExporter> exporters = new ArrayList<>();
    private final List<SpanProcessor> processors = new ArrayList<>();
    private @Nullable Boolean enabled;
    private @Nullable Boolean console;
    private @Nullable Boolean debug;
    private @Nullable Sampler sampler;
    private @Nullable Map<String, String> environment;
    private PrintStream consoleOut = System.out;
    private boolean registerGlobal = true;
    private boolean shutdownHook = true;
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private MdcKeys mdcKeys = MdcKeys.DEFAULT;
    private boolean logCorrelation = true;
    private Duration healthWindow = Duration.ofSeconds(HealthStatus.WINDOW_SECONDS);
    private @Nullable Redactor redactor;
    private boolean redaction = true;
    private boolean renameGeneratedSpanNames;

    Builder() {}

    /**
     * The {@code service.name} resource attribute ({@code OTEL_SERVICE_NAME} overrides it).
     *
     * @param serviceName the service name
     * @return this
     */
    public Builder serviceName(String serviceName) {
      defaults.put("otel.service.name", nonBlank(serviceName, "serviceName"));
      return this;
    }

    /**
     * The {@code service.version} resource attribute.
     *
     * @param version the version
     * @return this
     */
    public Builder serviceVersion(String version) {
      resource.put("service.version", nonBlank(version, "version"));
      return this;
    }

    /**
     * The {@code deployment.environment.name} resource attribute (for example {@code prod}).
     *
     * @param environmentName the environment name
     * @return this
     */
    public Builder deploymentEnvironment(String environmentName) {
      resource.put("deployment.environment.name", nonBlank(environmentName, "environmentName"));
      return this;
    }

    /**
     * Adds a resource attribute.
     *
     * @param key the key
     * @param value the value
     * @return this
     */
    public Builder resourceAttribute(String key, String value) {
      resource.put(nonBlank(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Turns telemetry on or off ({@code OTEL_ENABLED} when not called).
     *
     * @param on false for a no-op OpenTelemetry
     * @return this
     */
    public Builder enabled(boolean on) {
      this.enabled = on;
      return this;
    }

    /**
     * Samples this fraction of new traces, following the parent's decision otherwise (a
     * parent-based trace-id ratio sampler).
     *
     * @param ratio from 0 to 1
     * @return this
     * @throws IllegalArgumentException if the ratio is outside [0, 1]
     */
    public Builder sampleRate(double ratio) {
      if (!(ratio >= 0 && ratio <= 1)) {
        throw new IllegalArgumentException("sampleRate must be from 0 to 1, was " + ratio);
      }
      defaults.put("otel.traces.sampler", "parentbased_traceidratio");
      defaults.put("otel.traces.sampler.arg", Double.toString(ratio));
      return this;
    }

    /**
     * Uses this sampler (unless {@code OTEL_TRACES_SAMPLER} or a sample-rate alias is set).
     *
     * @param sampler the sampler
     * @return this
     */
    public Builder sampler(Sampler sampler) {
      this.sampler = Objects.requireNonNull(sampler, "sampler");
      return this;
    }

    /**
     * The span exporters by name: {@code otlp} (the default), {@code console}, {@code none}, or any
     * name an exporter on the class path provides.
     *
     * @param names the exporter names
     * @return this
     */
    public Builder exporters(String... names) {
      Objects.requireNonNull(names, "names");
      List<String> list = new ArrayList<>();
      for (String name : names) {
        list.add(nonBlank(name, "exporter name").toLowerCase(Locale.ROOT));
      }
      defaults.put("otel.traces.exporter", list.isEmpty() ? "none" : String.join(",", list));
      return this;
    }

    /**
     * The OTLP endpoint, for example {@code http://localhost:4318} (http/protobuf) or {@code
     * http://localhost:4317} (grpc).
     *
     * @param endpoint the base URL
     * @return this
     * @throws IllegalArgumentException if it is not an http(s) URL
     */
    public Builder otlpEndpoint(String endpoint) {
      String e = nonBlank(endpoint, "endpoint");
      if (!e.startsWith("http://") && !e.startsWith("https://")) {
        throw new IllegalArgumentException("otlpEndpoint must be an http(s) URL, was " + e);
      }
      defaults.put("otel.exporter.otlp.endpoint", e);
      return this;
    }

    /**
     * The OTLP protocol: {@code http/protobuf} (default) or {@code grpc}.
     *
     * @param protocol the protocol
     * @return this
     * @throws IllegalArgumentException for another value
     */
    public Builder otlpProtocol(String protocol) {
      String p = nonBlank(protocol, "protocol").toLowerCase(Locale.ROOT);
      if (!p.equals("grpc") && !p.equals("http/protobuf")) {
        throw new IllegalArgumentException(
            "otlpProtocol must be grpc or http/protobuf, was " + protocol);
      }
      defaults.put("otel.exporter.otlp.protocol", p);
      return this;
    }

    /**
     * Headers sent with every OTLP export (for example an API key).
     *
     * @param headers the headers
     * @return this
     */
    public Builder otlpHeaders(Map<String, String> headers) {
      Objects.requireNonNull(headers, "headers");
      StringBuilder sb = new StringBuilder();
      headers.forEach(
          (k, v) -> {
            if (sb.length() > 0) {
              sb.append(',');
            }
            sb.append(nonBlank(k, "header name"))
                .append('=')
                .append(
                    java.net.URLEncoder.encode(
                        Objects.requireNonNull(v, "header value"),
                        java.nio.charset.StandardCharsets.UTF_8));
          });
      defaults.put("otel.exporter.otlp.headers", sb.toString());
      return this;
    }

    /**
     * Also prints each finished trace as a tree ({@code OTEL_CONSOLE_EXPORTER}).
     *
     * @param on true to print trees
     * @return this
     */
    public Builder consoleExporter(boolean on) {
      this.console = on;
      return this;
    }

    /**
     * Where the console exporter prints (standard output by default).
     *
     * @param out the stream
     * @return this
     */
    public Builder consoleOutput(PrintStream out) {
      this.consoleOut = Objects.requireNonNull(out, "out");
      return this;
    }

    /**
     * Debug mode ({@code OTEL_DEBUG}): each span exported at once and SDK diagnostics printed.
     *
     * @param on true for debug mode
     * @return this
     */
    public Builder debug(boolean on) {
      this.debug = on;
      return this;
    }

    /**
     * Adds an exporter, behind its own batch processor (a simple one in debug mode).
     *
     * @param exporter the exporter
     * @return this
     */
    public Builder addSpanExporter(SpanExporter exporter) {
      exporters.add(Objects.requireNonNull(exporter, "exporter"));
      return this;
    }

    /**
     * Adds a span processor.
     *
     * @param processor the processor
     * @return this
     */
    public Builder addSpanProcessor(SpanProcessor processor) {
      processors.add(Objects.requireNonNull(processor, "processor"));
      return this;
    }

    /**
     * Sets any OpenTelemetry configuration property (for example {@code otel.bsp.max.queue.size})
     * as a default.
     *
     * @param key the property key
     * @param value the value
     * @return this
     */
    public Builder property(String key, String value) {
      defaults.put(nonBlank(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Whether to install the SDK as {@link GlobalOpenTelemetry} (default true).
     *
     * @param on false to keep it local
     * @return this
     */
    public Builder registerGlobal(boolean on) {
      this.registerGlobal = on;
      return this;
    }

    /**
     * Whether to flush and shut down in a JVM shutdown hook (default true).
     *
     * @param on false to leave it to {@link TracingSdk#close()}
     * @return this
     */
    public Builder shutdownHook(boolean on) {
      this.shutdownHook = on;
      return this;
    }

    /**
     * How long {@link TracingSdk#close()} may wait for the final export (default 10 s).
     *
     * @param timeout the timeout
     * @return this
     */
    public Builder shutdownTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("shutdownTimeout must be positive, was " + timeout);
      }
      this.shutdownTimeout = timeout;
      return this;
    }

    /**
     * The SLF4J MDC keys for log correlation (default {@code trace_id}, {@code span_id}, {@code
     * trace_flags}).
     *
     * @param traceId the trace id key
     * @param spanId the span id key
     * @param traceFlags the trace flags key
     * @return this
     */
    public Builder mdcKeys(String traceId, String spanId, String traceFlags) {
      this.mdcKeys =
          new MdcKeys(
              nonBlank(traceId, "traceId"),
              nonBlank(spanId, "spanId"),
              nonBlank(traceFlags, "traceFlags"));
      return this;
    }

    /**
     * Whether log lines get the current trace and span ids in the SLF4J MDC (default true). With
     * Logback they are written at log time, by a turbo filter added to the logger context while
     * this SDK is open; with another binding, by a context storage wrapper if the SDK is built
     * before any context is made current. Nothing is installed until {@link #build()}.
     *
     * @param on false to leave the MDC alone
     * @return this
     */
    public Builder logCorrelation(boolean on) {
      this.logCorrelation = on;
      return this;
    }

    /**
     * The redaction applied to every span before export (default: {@code Redactor} configured from
     * {@code TRACEKIT_REDACTION_KEYS}, {@code TRACEKIT_REDACTION_ALLOW}, {@code
     * TRACEKIT_REDACTION_EMAILS}).
     *
     * @param redactor the redactor
     * @return this
     */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /**
     * Turns the redaction stage off (on by default). Only for exporters that already redact.
     *
     * @param on false to export attribute values as recorded
     * @return this
     */
    public Builder redaction(boolean on) {
      this.redaction = on;
      return this;
    }

    /**
     * Renames spans whose names look generated (ids, UUIDs, emails) to their pattern, for example
     * {@code lead_bot.contact_{id}}; by default such names are only reported, once per pattern.
     *
     * @param on true to rename
     * @return this
     */
    public Builder renameGeneratedSpanNames(boolean on) {
      this.renameGeneratedSpanNames = on;
      return this;
    }

    /** How long a lost span keeps the status unhealthy (for tests). */
    Builder healthWindow(Duration window) {
      this.healthWindow = window;
      return this;
    }

    /** Replaces the process environment, for tests and embedding. */
    Builder environment(Map<String, String> env) {
      this.environment = Map.copyOf(env);
      return this;
    }

    private static String nonBlank(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value.trim();
    }

    /**
     * Builds the SDK. Never fails because of configuration read from the environment.
     *
     * @return the handle
     */
    public TracingSdk build() {
      Map<String, String> env = environment != null ? environment : System.getenv();
      Map<String, ConfigurableSpanExporterProvider> exporterProviders = exporterProviders();
      EnvConfig config =
          EnvConfig.read(
              env,
              samplerNames(),
              exporterProviders.keySet(),
              defaults.get("otel.traces.exporter"));
      boolean on = enabled != null ? enabled && config.enabled() : config.enabled();
      boolean isDebug = debug != null ? debug : config.debug();
      boolean isConsole = config.console() || Boolean.TRUE.equals(console);
      configureLogging(isDebug ? Level.FINE : config.logLevel(), isDebug);

      if (!on) {
        TracingSdk handle =
            new TracingSdk(OpenTelemetry.noop(), null, null, shutdownTimeout, config.problems());
        register(handle);
        return handle;
      }

      if (registerGlobal) {
        OpenTelemetry existing = existingGlobal();
        if (existing != null) {
          return useExisting(existing, config.problems());
        }
      }
      HealthMonitor health = new HealthMonitor(healthWindow);
      OpenTelemetrySdk sdk;
      List<String> problems = new ArrayList<>(config.problems());
      try {
        sdk = autoconfigure(config, pipeline(health, isConsole, isDebug), exporterProviders);
      } catch (RuntimeException | LinkageError e) {
        String message =
            "OpenTelemetry autoconfigure refused the configuration ("
                + e.getMessage()
                + "); using a plain SDK exporting OTLP/HTTP to the default endpoint";
        problems.add(message);
        Diagnostics.reportOnce("autoconfigure failed", message, e);
        sdk = fallback(pipeline(health, isConsole, false));
      }
      try {
        health.registerMetrics(Scopes.meter(sdk.getMeterProvider(), "dev.tracekit"));
      } catch (RuntimeException e) {
        Diagnostics.reportOnce("health metrics", "could not register the health metrics", e);
      }
      TracingSdk handle = new TracingSdk(sdk, sdk, health, shutdownTimeout, problems);
      if (logCorrelation) {
        handle.logCorrelation = LogCorrelation.install(mdcKeys);
      }
      register(handle);
      if (shutdownHook) {
        Thread hook = new Thread(handle::close, "tracekit-shutdown");
        try {
          Runtime.getRuntime().addShutdownHook(hook);
          handle.shutdownHook = hook;
        } catch (IllegalStateException | SecurityException e) {
          Diagnostics.reportOnce("shutdown hook", "could not add the shutdown hook", e);
        }
      }
      if (isDebug) {
        LOGGER.info("TraceKit started in debug mode: " + sdk);
      }
      return handle;
    }

    /** TraceKit's span pipeline for this builder's settings (see {@link SpanPipeline}). */
    private SpanPipeline pipeline(HealthMonitor health, boolean isConsole, boolean isDebug) {
      SpanPipeline pipeline =
          new SpanPipeline(health)
              .debug(isDebug)
              .console(isConsole ? consoleOut : null)
              .redaction(redaction, redactor)
              .renameGeneratedNames(renameGeneratedSpanNames);
      processors.forEach(pipeline::processor);
      exporters.forEach(pipeline::exporter);
      return pipeline;
    }

    /**
     * Autoconfigure resolves the configuration, resource, sampler, limits, propagators and metrics;
     * the span processors and exporters are TraceKit's {@link SpanPipeline}, added in one place.
     */
    private OpenTelemetrySdk autoconfigure(
        EnvConfig config,
        SpanPipeline pipeline,
        Map<String, ConfigurableSpanExporterProvider> exporterProviders) {
      // Where the record-time length limit is not cheap, SpanPipeline cuts on the export thread.
      Map<String, String> base = new LinkedHashMap<>(TracekitLimits.recordTimeProperties());
      base.put("otel.logs.exporter", "none");
      // OpenTelemetry Java's autoconfigure still defaults to grpc; the OTLP specification (and
      // TraceKit) default to http/protobuf on port 4318.
      base.put("otel.exporter.otlp.protocol", "http/protobuf");
      base.put("otel.propagators", EnvConfig.DEFAULT_PROPAGATORS);
      base.putAll(defaults);
      Map<String, String> resolved = new LinkedHashMap<>(config.properties());
      String names = resolved.get("otel.traces.exporter");
      pipeline.exporterNames(names == null ? List.of("otlp") : splitNames(names));
      // The pipeline creates the exporters itself: autoconfigure must not add processors of its
      // own.
      resolved.put("otel.traces.exporter", "none");
      AutoConfiguredOpenTelemetrySdkBuilder builder =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> base)
              .addPropertiesCustomizer(c -> resolved)
              .addResourceCustomizer(
                  (r, c) -> HostResource.get().merge(Resource.create(resource.build())).merge(r))
              .addTracerProviderCustomizer(
                  (b, c) -> {
                    pipeline.addTo(b, c, exporterProviders);
                    return b;
                  })
              .disableShutdownHook();
      if (sampler != null && config.properties().get("otel.traces.sampler") == null) {
        Sampler s = sampler;
        builder.addSamplerCustomizer((original, c) -> s);
      }
      return builder.build().getOpenTelemetrySdk();
    }

    private static List<String> splitNames(String names) {
      List<String> out = new ArrayList<>();
      for (String n : names.split(",")) {
        String name = n.trim();
        if (!name.isEmpty() && !name.equals("none")) {
          out.add(name);
        }
      }
      return out;
    }

    private OpenTelemetrySdk fallback(SpanPipeline pipeline) {
      SdkTracerProviderBuilder tracerProvider =
          SdkTracerProvider.builder()
              .setResource(
                  Resource.getDefault()
                      .merge(HostResource.get())
                      .merge(Resource.create(resource.build())));
      pipeline.exporter(OtlpHttpSpanExporter.getDefault()).addTo(tracerProvider, null, Map.of());
      return OpenTelemetrySdk.builder()
          .setTracerProvider(tracerProvider.build())
          .setPropagators(
              ContextPropagators.create(
                  TextMapPropagator.composite(
                      TraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
          .build();
    }

    /**
     * The OpenTelemetry someone else installed globally, or null. A global that an earlier
     * TracingSdk of this process installed and has since closed is not someone else's: it is
     * replaced.
     */
    private static @Nullable OpenTelemetry existingGlobal() {
      OpenTelemetry existing = GlobalOpenTelemetryAccess.getIfSet();
      if (existing == null) {
        return null;
      }
      TracingSdk ours = installedGlobal;
      // The global hands out a wrapper of the installed instance; its tracer provider is the same.
      if (ours != null && existing.getTracerProvider() == ours.openTelemetry.getTracerProvider()) {
        if (ours.closed.get()) {
          try {
            GlobalOpenTelemetry.resetForTest();
          } catch (RuntimeException | LinkageError e) {
            Diagnostics.reportOnce("global reset", "could not replace a closed global SDK", e);
          }
        }
        // Still open: a second TracingSdk of this process builds its own SDK, not global.
        return null;
      }
      return existing;
    }

    private TracingSdk useExisting(OpenTelemetry existing, List<String> configProblems) {
      String who = describe(existing);
      LOGGER.info(
          "TraceKit uses the OpenTelemetry already installed ("
              + who
              + "): no second SDK is built, and close() leaves it running. TraceKit's redaction,"
              + " sampling rules and limits apply to its spans only through TraceKit's agent"
              + " extension or framework integration.");
      List<String> problems = new ArrayList<>(configProblems);
      problems.add("using the OpenTelemetry installed by " + who + "; its pipeline is its owner's");
      return new TracingSdk(existing, null, false, null, shutdownTimeout, problems);
    }

    private static String describe(OpenTelemetry existing) {
      String type = existing.getClass().getName();
      if (type.startsWith("io.opentelemetry.javaagent.")) {
        return "the OpenTelemetry Java agent";
      }
      return type;
    }

    private void register(TracingSdk handle) {
      if (!registerGlobal) {
        return;
      }
      try {
        GlobalOpenTelemetry.set(handle.openTelemetry);
        installedGlobal = handle;
        GlobalTracing.reset();
        long early = GlobalTracing.takeUnrecorded();
        if (early > 0 && handle.sdk != null) {
          LOGGER.warning(
              "TraceKit: "
                  + early
                  + " call(s) of Traces ran before TracingSdk was built and were not recorded;"
                  + " build TracingSdk first thing in main (or before the first traced request)");
        }
      } catch (IllegalStateException e) {
        Diagnostics.reportOnce(
            "global already set",
            "GlobalOpenTelemetry was already set (by another SDK or an agent); TraceKit's SDK is"
                + " not global: pass handle.openTelemetry() to the code that needs it");
      }
    }

    private static Set<String> samplerNames() {
      Set<String> names = new HashSet<>();
      try {
        for (ConfigurableSamplerProvider p :
            ServiceLoader.load(
                ConfigurableSamplerProvider.class, TracingSdk.class.getClassLoader())) {
          names.add(p.getName());
        }
      } catch (RuntimeException | LinkageError e) {
        Diagnostics.reportOnce("spi samplers", "could not list the sampler providers", e);
      }
      return names;
    }

    private static Map<String, ConfigurableSpanExporterProvider> exporterProviders() {
      Map<String, ConfigurableSpanExporterProvider> providers = new LinkedHashMap<>();
      try {
        for (ConfigurableSpanExporterProvider p :
            ServiceLoader.load(
                ConfigurableSpanExporterProvider.class, TracingSdk.class.getClassLoader())) {
          providers.putIfAbsent(p.getName(), p);
        }
      } catch (RuntimeException | LinkageError e) {
        Diagnostics.reportOnce("spi exporters", "could not list the span exporter providers", e);
      }
      return providers;
    }

    private static void configureLogging(@Nullable Level level, boolean debug) {
      if (level == null) {
        return;
      }
      for (String name : new String[] {"io.opentelemetry", "dev.tracekit"}) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        if (debug && logger.getHandlers().length == 0) {
          ConsoleHandler handler = new ConsoleHandler();
          handler.setLevel(level);
          logger.addHandler(handler);
        }
      }
    }
  }
}
