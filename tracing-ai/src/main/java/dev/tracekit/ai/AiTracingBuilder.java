package dev.tracekit.ai;

import dev.tracekit.ai.internal.AiInstruments;
import dev.tracekit.ai.internal.Redactor;
import dev.tracekit.api.ErrorRecorder;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.api.support.Scopes;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Builds an {@link AiTracing}. Set-up methods: a null argument throws {@link NullPointerException}
 * naming the parameter.
 */
public final class AiTracingBuilder {
  /** Environment variable switching content capture on ({@code true}). */
  public static final String CAPTURE_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

  /** System property switching content capture on ({@code true}); wins over the environment. */
  public static final String CAPTURE_PROPERTY =
      "otel.instrumentation.genai.capture-message-content";

  /** Environment variable of the semantic conventions opt-in (comma-separated values). */
  public static final String SEMCONV_OPT_IN_ENV = "OTEL_SEMCONV_STABILITY_OPT_IN";

  /** System property of the semantic conventions opt-in; wins over the environment. */
  public static final String SEMCONV_OPT_IN_PROPERTY = "otel.semconv-stability.opt-in";

  private final OpenTelemetry openTelemetry;
  private boolean captureContent;
  private boolean latestExperimental;
  private GenAiConvention convention = GenAiConvention.DEFAULT;
  private int maxContentLength = 8192;
  private boolean defaultRedactions = true;
  private final Map<Pattern, String> redactions = new LinkedHashMap<>();
  private @Nullable PriceTable prices;
  private @Nullable String defaultProvider;
  private @Nullable String serverAddress;
  private int serverPort = -1;

  AiTracingBuilder(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
    this.captureContent = captureFromEnvironment(System::getenv, System::getProperty);
    this.latestExperimental = latestFromEnvironment(System::getenv, System::getProperty);
  }

  /**
   * Whether {@code gen_ai_latest_experimental} is among the comma-separated values of the opt-in
   * property, else of the environment variable.
   */
  static boolean latestFromEnvironment(
      UnaryOperator<@Nullable String> env, UnaryOperator<@Nullable String> properties) {
    String value = properties.apply(SEMCONV_OPT_IN_PROPERTY);
    if (value == null) {
      value = env.apply(SEMCONV_OPT_IN_ENV);
    }
    if (value == null) {
      return false;
    }
    for (String part : value.split(",")) {
      if (GenAiConventionVersion.OPT_IN_VALUE.equalsIgnoreCase(part.strip())) {
        return true;
      }
    }
    return false;
  }

  static boolean captureFromEnvironment(
      UnaryOperator<@Nullable String> env, UnaryOperator<@Nullable String> properties) {
    String p = properties.apply(CAPTURE_PROPERTY);
    if (p != null) {
      return Boolean.parseBoolean(p.strip());
    }
    String e = env.apply(CAPTURE_ENV);
    return e != null && Boolean.parseBoolean(e.strip());
  }

  /**
   * Records prompts, completions and tool arguments/results (redacted, capped). Default: off,
   * unless {@value #CAPTURE_ENV} or {@value #CAPTURE_PROPERTY} is {@code true}.
   *
   * @param captureContent true to record content
   * @return this
   */
  public AiTracingBuilder captureContent(boolean captureContent) {
    this.captureContent = captureContent;
    return this;
  }

  /**
   * Emits the newer names of the GenAI conventions' own repository instead of the v1.41 names (see
   * {@link GenAiConventionVersion#LATEST_EXPERIMENTAL} for the list). Default: off, unless {@value
   * #SEMCONV_OPT_IN_ENV} or {@value #SEMCONV_OPT_IN_PROPERTY} lists {@code
   * gen_ai_latest_experimental}, or the {@link #convention(GenAiConvention) convention}'s {@link
   * GenAiConvention#version()} is {@link GenAiConventionVersion#LATEST_EXPERIMENTAL}.
   *
   * @param enabled true for the newer names
   * @return this
   */
  public AiTracingBuilder genAiLatestExperimental(boolean enabled) {
    this.latestExperimental = enabled;
    return this;
  }

  /**
   * Caps each captured text (one message, one tool argument string), in characters; longer text is
   * cut and marked {@code ...[truncated]}. Default 8192.
   *
   * @param maxContentLength the cap, at least 16
   * @return this
   * @throws IllegalArgumentException when below 16
   */
  public AiTracingBuilder maxContentLength(int maxContentLength) {
    if (maxContentLength < 16) {
      throw new IllegalArgumentException("maxContentLength must be >= 16: " + maxContentLength);
    }
    this.maxContentLength = maxContentLength;
    return this;
  }

  /**
   * Adds a redaction rule applied to captured content after the defaults.
   *
   * @param pattern what to redact
   * @param replacement what to put instead (literal text)
   * @return this
   * @throws NullPointerException if an argument is null
   */
  public AiTracingBuilder redact(Pattern pattern, String replacement) {
    redactions.put(
        Objects.requireNonNull(pattern, "pattern"),
        Objects.requireNonNull(replacement, "replacement"));
    return this;
  }

  /**
   * Whether the default redactions apply (API keys and bearer tokens, e-mail addresses, Luhn-valid
   * card numbers). Default true.
   *
   * @param enabled false to use only the rules given with {@link #redact}
   * @return this
   */
  public AiTracingBuilder defaultRedactions(boolean enabled) {
    this.defaultRedactions = enabled;
    return this;
  }

  /**
   * Prices models to record cost.
   *
   * @param prices the price table
   * @return this
   * @throws NullPointerException if {@code prices} is null
   */
  public AiTracingBuilder priceTable(PriceTable prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
    return this;
  }

  /**
   * Prices models from a CSV file (see {@link PriceTable}); read once, now.
   *
   * @param file the file
   * @return this
   * @throws NullPointerException if {@code file} is null
   * @throws IllegalArgumentException when the file cannot be read or is malformed
   */
  public AiTracingBuilder priceTable(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      this.prices = PriceTable.load(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read price table " + file, e);
    }
    return this;
  }

  /**
   * The provider used by {@link AiTracing#chat(String)}.
   *
   * @param provider the provider, for example {@code openai}
   * @return this
   * @throws NullPointerException if {@code provider} is null
   */
  public AiTracingBuilder defaultProvider(String provider) {
    this.defaultProvider = Objects.requireNonNull(provider, "provider");
    return this;
  }

  /**
   * The default {@code server.address} / {@code server.port} of model calls.
   *
   * @param address the host
   * @param port the port, or -1
   * @return this
   * @throws NullPointerException if {@code address} is null
   * @throws IllegalArgumentException when the port is out of range
   */
  public AiTracingBuilder serverAddress(String address, int port) {
    if (port < -1 || port == 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    this.serverAddress = Objects.requireNonNull(address, "address");
    this.serverPort = port;
    return this;
  }

  /**
   * Replaces the span names and adds attributes: see {@link GenAiConvention}. Default: {@link
   * GenAiConvention#DEFAULT}, the GenAI semantic conventions.
   *
   * @param convention the convention
   * @return this
   * @throws NullPointerException if {@code convention} is null
   */
  public AiTracingBuilder convention(GenAiConvention convention) {
    this.convention = Objects.requireNonNull(convention, "convention");
    return this;
  }

  private GenAiConventionVersion conventionVersion() {
    try {
      return convention.version();
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "ai.convention.version " + convention.getClass().getName(),
          "a GenAiConvention threw from version(); the v1.41 names are used",
          e);
      return GenAiConventionVersion.V1_41;
    }
  }

  /**
   * Builds the instance.
   *
   * @return the instance
   */
  public AiTracing build() {
    Map<Pattern, String> rules = new LinkedHashMap<>();
    if (defaultRedactions) {
      rules.putAll(Redactor.DEFAULTS);
    }
    rules.putAll(redactions);
    boolean latest =
        latestExperimental || conventionVersion() == GenAiConventionVersion.LATEST_EXPERIMENTAL;
    AiRecorder recorder =
        new AiRecorder(
            Scopes.tracer(openTelemetry, AiTracing.SCOPE, AiTracing.SCHEMA_URL),
            ErrorRecorder.create(openTelemetry, AiTracing.SCOPE),
            convention,
            new AiInstruments(openTelemetry, AiTracing.SCOPE, AiTracing.SCHEMA_URL, latest),
            captureContent,
            new Redactor(rules, defaultRedactions, maxContentLength),
            prices,
            serverAddress,
            serverPort,
            latest);
    return new AiTracing(recorder, defaultProvider);
  }
}
