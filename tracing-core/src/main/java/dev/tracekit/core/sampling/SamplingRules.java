package dev.tracekit.core.sampling;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.internal.sampling.RulesSampler;
import dev.tracekit.core.internal.sampling.TokenBucketSampler;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link Sampler} from ordered rules: for a new trace (a span without a parent) the first
 * matching {@link SamplingRule} decides (drop, keep or a ratio), otherwise the default ratio; the
 * sampled decisions are then capped at {@code maxTracesPerSecond}; child spans follow their
 * parent's decision (parent-based, on by default).
 *
 * <pre>{@code
 * Sampler sampler = SamplingRules.builder()
 *     .spanName("GET /health", SamplingAction.drop())
 *     .httpRoute("/webhooks/*", SamplingAction.keep())
 *     .defaultRatio(0.1)
 *     .maxTracesPerSecond(100)
 *     .build();
 * }</pre>
 *
 * <p>The same rules as text ({@link #parse(String)}, {@code TRACEKIT_SAMPLING_RULES}): entries
 * separated by {@code ;}, each {@code <condition>:<action>} split at the last {@code :}. Conditions
 * are {@code name=<glob>}, {@code route=<glob>} ({@code http.route}), {@code kind=<SERVER|CLIENT|
 * PRODUCER|CONSUMER|INTERNAL>} (any case), {@code attr.<key>=<value>} and {@code default}; actions
 * are {@code drop}, {@code keep} or a ratio between 0 and 1. Example: {@code name=GET
 * /health:drop;route=/webhooks/*:keep;kind=CLIENT:0.5;attr.tenant=acme:keep;default:0.1}. There is
 * no escaping: a pattern cannot contain {@code ;}.
 */
public final class SamplingRules {
  /** Environment variable holding the rules text. */
  public static final String RULES_ENV = "TRACEKIT_SAMPLING_RULES";

  /** Environment variable holding the new-trace cap per second (0 or absent: no cap). */
  public static final String RATE_LIMIT_ENV = "TRACEKIT_SAMPLING_RATE_LIMIT";

  /** Configuration property holding the rules text (autoconfigure maps the env var to it). */
  public static final String RULES_PROPERTY = "tracekit.sampling.rules";

  /** Configuration property holding the new-trace cap per second. */
  public static final String RATE_LIMIT_PROPERTY = "tracekit.sampling.rate.limit";

  private SamplingRules() {}

  /**
   * Starts a builder: no rules, default ratio 1, no rate limit, parent-based.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Caps the sampled decisions of any sampler at a number of traces per second (lock-free token
   * bucket, bursts up to one second's worth). Wrap the root sampler, not a parent-based one, to cap
   * new traces only.
   *
   * @param delegate the sampler whose sampled decisions are capped
   * @param maxPerSecond the cap, positive
   * @return the capped sampler
   * @throws IllegalArgumentException when the cap is not positive and finite
   */
  public static Sampler rateLimited(Sampler delegate, double maxPerSecond) {
    Objects.requireNonNull(delegate, "delegate");
    if (!(maxPerSecond > 0 && maxPerSecond < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "maxPerSecond must be positive and finite, got " + maxPerSecond);
    }
    return new TokenBucketSampler(delegate, maxPerSecond);
  }

  /**
   * Parses the rules text; never throws. Invalid entries are left out and described in {@link
   * ParseResult#problems()}.
   *
   * @param spec the rules text, may be null or blank (no rules)
   * @return the valid rules, the default ratio if one was given, and the problems found
   */
  public static ParseResult parse(@Nullable String spec) {
    List<SamplingRule> rules = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Double defaultRatio = null;
    if (spec == null || spec.isBlank()) {
      return new ParseResult(rules, null, problems);
    }
    for (String raw : spec.split(";", -1)) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int colon = entry.lastIndexOf(':');
      if (colon < 0) {
        problems.add("entry '" + entry + "' has no ':<action>' (drop, keep or a ratio)");
        continue;
      }
      String condition = entry.substring(0, colon).strip();
      SamplingAction action = parseAction(entry.substring(colon + 1).strip());
      if (action == null) {
        problems.add(
            "entry '"
                + entry
                + "' has an invalid action: expected drop, keep or a ratio between 0 and 1");
        continue;
      }
      if (condition.equalsIgnoreCase("default")) {
        defaultRatio = action.ratioValue();
        continue;
      }
      int eq = condition.indexOf('=');
      if (eq <= 0) {
        problems.add(
            "entry '"
                + entry
                + "' has an invalid condition: expected name=, route=, kind=, attr.<key>= or"
                + " default");
        continue;
      }
      String what = condition.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = condition.substring(eq + 1).strip();
      if (value.isEmpty()) {
        problems.add("entry '" + entry + "' has an empty pattern");
        continue;
      }
      switch (what) {
        case "name" -> rules.add(SamplingRule.spanName(value, action));
        case "route" -> rules.add(SamplingRule.httpRoute(value, action));
        case "kind" -> {
          SpanKind kind = parseKind(value);
          if (kind == null) {
            problems.add(
                "entry '"
                    + entry
                    + "' has an unknown span kind: expected SERVER, CLIENT, PRODUCER, CONSUMER or"
                    + " INTERNAL");
          } else {
            rules.add(SamplingRule.spanKind(kind, action));
          }
        }
        default -> {
          if (what.startsWith("attr.") && what.length() > 5) {
            String key = condition.substring(0, eq).strip().substring(5);
            rules.add(SamplingRule.attribute(key, value, action));
          } else {
            problems.add(
                "entry '"
                    + entry
                    + "' has an unknown condition '"
                    + what
                    + "': expected name, route, kind or attr.<key>");
          }
        }
      }
    }
    return new ParseResult(rules, defaultRatio, problems);
  }

  /**
   * Builds the sampler from rules text and a rate limit text as found in configuration; never
   * throws. Each problem is reported once (through TraceKit's diagnostics log) and the offending
   * part ignored.
   *
   * @param rules the rules text, may be null
   * @param rateLimit the cap of new traces per second as text, may be null; 0 means none
   * @param fallbackRatio the default ratio used when the rules text has no {@code default} entry
   * @return the parent-based sampler
   */
  public static Sampler fromConfig(
      @Nullable String rules, @Nullable String rateLimit, double fallbackRatio) {
    try {
      ParseResult parsed = parse(rules);
      for (String problem : parsed.problems()) {
        Diagnostics.reportOnce(
            "sampling-rules:" + problem,
            "ignoring an invalid sampling rule ("
                + RULES_ENV
                + "): "
                + problem
                + ". Syntax: name=<glob>|route=<glob>|kind=<KIND>|attr.<key>=<value>|default"
                + " ':' drop|keep|<ratio>, entries separated by ';'.");
      }
      Builder builder = parsed.toBuilder();
      if (parsed.defaultRatio() == null) {
        builder.defaultRatio(fallbackRatio >= 0 && fallbackRatio <= 1 ? fallbackRatio : 1.0);
      }
      double limit = parseRateLimit(rateLimit);
      if (limit > 0) {
        builder.maxTracesPerSecond(limit);
      }
      return builder.build();
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "sampling-rules:failed",
          "could not build the sampling rules; sampling every trace parent-based instead",
          e);
      return Sampler.parentBased(Sampler.alwaysOn());
    }
  }

  /**
   * Builds the sampler from {@value #RULES_ENV} and {@value #RATE_LIMIT_ENV} (the system properties
   * {@value #RULES_PROPERTY} and {@value #RATE_LIMIT_PROPERTY} win when set); never throws.
   *
   * @param fallbackRatio the default ratio used when the rules have no {@code default} entry
   * @return the parent-based sampler
   */
  public static Sampler fromEnvironment(double fallbackRatio) {
    return fromConfig(
        setting(RULES_PROPERTY, RULES_ENV),
        setting(RATE_LIMIT_PROPERTY, RATE_LIMIT_ENV),
        fallbackRatio);
  }

  private static @Nullable String setting(String property, String env) {
    String value = System.getProperty(property);
    return value != null ? value : System.getenv(env);
  }

  private static double parseRateLimit(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      double value = Double.parseDouble(text.strip());
      if (value >= 0 && value < Double.POSITIVE_INFINITY) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    Diagnostics.reportOnce(
        "sampling-rate-limit:" + text,
        "ignoring the invalid sampling rate limit '"
            + text
            + "' ("
            + RATE_LIMIT_ENV
            + "): expected a non-negative number of new traces per second; no limit applied.");
    return 0;
  }

  private static @Nullable SamplingAction parseAction(String text) {
    if (text.equalsIgnoreCase("drop")) {
      return SamplingAction.drop();
    }
    if (text.equalsIgnoreCase("keep")) {
      return SamplingAction.keep();
    }
    try {
      double ratio = Double.parseDouble(text);
      return ratio >= 0 && ratio <= 1 ? SamplingAction.ratio(ratio) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable SpanKind parseKind(String text) {
    for (SpanKind kind : SpanKind.values()) {
      if (kind.name().equalsIgnoreCase(text)) {
        return kind;
      }
    }
    return null;
  }

  /**
   * The outcome of {@link #parse(String)}.
   *
   * @param rules the valid rules in order
   * @param defaultRatio the ratio of the {@code default} entry, or null when there was none
   * @param problems one message per invalid entry; empty when everything parsed
   */
  public record ParseResult(
      List<SamplingRule> rules, @Nullable Double defaultRatio, List<String> problems) {

    /**
     * Copies the lists.
     *
     * @param rules the valid rules in order (null: none)
     * @param defaultRatio the default ratio or null
     * @param problems the problems (null: none)
     * @throws NullPointerException if a list holds a null element
     */
    public ParseResult {
      rules = rules == null ? List.of() : List.copyOf(rules);
      problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /**
     * A builder holding these rules and default ratio, to add a rate limit or more rules.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
      Builder builder = builder();
      rules.forEach(builder::rule);
      if (defaultRatio != null) {
        builder.defaultRatio(defaultRatio);
      }
      return builder;
    }
  }

  /** Builds the rules sampler; rules are evaluated in the order they were added. */
  public static final class Builder {
    private final List<SamplingRule> rules = new ArrayList<>();
    private double defaultRatio = 1.0;
    private double maxTracesPerSecond;
    private boolean parentBased = true;

    private Builder() {}

    /**
     * Adds a rule.
     *
     * @param rule the rule
     * @return this builder
     */
    public Builder rule(SamplingRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Adds a rule on the span name.
     *
     * @param glob the name pattern ({@code *} is a wildcard)
     * @param action what to do with matching new traces
     * @return this builder
     * @throws IllegalArgumentException when the pattern is empty
     */
    public Builder spanName(String glob, SamplingAction action) {
      return rule(SamplingRule.spanName(glob, action));
    }

    /**
     * Adds a rule on the {@code http.route} start attribute.
     *
     * @param glob the route pattern ({@code *} is a wildcard)
     * @param action what to do with matching new traces
     * @return this builder
     * @throws IllegalArgumentException when the pattern is empty
     */
    public Builder httpRoute(String glob, SamplingAction action) {
      return rule(SamplingRule.httpRoute(glob, action));
    }

    /**
     * Adds a rule on the span kind.
     *
     * @param kind the kind
     * @param action what to do with matching new traces
     * @return this builder
     */
    public Builder spanKind(SpanKind kind, SamplingAction action) {
      return rule(SamplingRule.spanKind(kind, action));
    }

    /**
     * Adds a rule on a start attribute's value.
     *
     * @param key the attribute key
     * @param value the value, compared with the attribute's string form
     * @param action what to do with matching new traces
     * @return this builder
     * @throws IllegalArgumentException when the key is empty
     */
    public Builder attribute(String key, String value, SamplingAction action) {
      return rule(SamplingRule.attribute(key, value, action));
    }

    /**
     * Sets the ratio of new traces kept when no rule matches (default 1).
     *
     * @param ratio between 0 and 1
     * @return this builder
     * @throws IllegalArgumentException when the ratio is NaN or outside [0, 1]
     */
    public Builder defaultRatio(double ratio) {
      SamplingAction.ratio(ratio);
      this.defaultRatio = ratio;
      return this;
    }

    /**
     * Caps the sampled new traces per second, whichever rule kept them (0, the default, means no
     * cap). Child spans of a sampled trace are not counted.
     *
     * @param maxTracesPerSecond the cap, 0 or positive
     * @return this builder
     * @throws IllegalArgumentException when negative, NaN or infinite
     */
    public Builder maxTracesPerSecond(double maxTracesPerSecond) {
      if (!(maxTracesPerSecond >= 0 && maxTracesPerSecond < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            "maxTracesPerSecond must be 0 or positive and finite, got " + maxTracesPerSecond);
      }
      this.maxTracesPerSecond = maxTracesPerSecond;
      return this;
    }

    /**
     * Whether spans with a parent follow the parent's decision (default true). When false the rules
     * apply to every span, which can break traces apart.
     *
     * @param parentBased true to follow the parent
     * @return this builder
     */
    public Builder parentBased(boolean parentBased) {
      this.parentBased = parentBased;
      return this;
    }

    /**
     * Builds the sampler.
     *
     * @return the sampler
     */
    public Sampler build() {
      List<RulesSampler.Entry> entries = new ArrayList<>(rules.size());
      for (SamplingRule rule : rules) {
        entries.add(
            new RulesSampler.Entry(rule::matches, samplerFor(rule.action()), rule.toString()));
      }
      Sampler root = new RulesSampler(entries, samplerFor(SamplingAction.ratio(defaultRatio)));
      if (maxTracesPerSecond > 0) {
        root = new TokenBucketSampler(root, maxTracesPerSecond);
      }
      return parentBased ? Sampler.parentBased(root) : root;
    }

    private static Sampler samplerFor(SamplingAction action) {
      double ratio = action.ratioValue();
      if (ratio <= 0) {
        return Sampler.alwaysOff();
      }
      if (ratio >= 1) {
        return Sampler.alwaysOn();
      }
      return Sampler.traceIdRatioBased(ratio);
    }
  }
}
