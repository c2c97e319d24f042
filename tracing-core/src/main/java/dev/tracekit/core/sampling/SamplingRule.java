package dev.tracekit.core.sampling;

import dev.tracekit.core.internal.sampling.Glob;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One sampling rule: a condition on a new root span (its name, {@code http.route}, kind or one
 * attribute) and the {@link SamplingAction} taken when it matches. Rules see only what is known
 * when the span starts: the name, the kind and the attributes passed to the span builder. A value
 * set later with {@code span.setAttribute} (often {@code http.route}) is not seen.
 *
 * <p>Patterns are globs: {@code *} matches any run of characters (including none), every other
 * character matches itself, case-sensitively.
 */
public final class SamplingRule {
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");

  private enum Target {
    NAME,
    ROUTE,
    KIND,
    ATTRIBUTE
  }

  private final Target target;
  private final @Nullable Glob glob;
  private final @Nullable SpanKind kind;
  private final @Nullable String attributeKey;
  private final @Nullable String attributeValue;
  private final AttributeKey<?> @Nullable [] attributeKeys;
  private final SamplingAction action;

  private SamplingRule(
      Target target,
      @Nullable Glob glob,
      @Nullable SpanKind kind,
      @Nullable String attributeKey,
      @Nullable String attributeValue,
      SamplingAction action) {
    this.target = target;
    this.glob = glob;
    this.kind = kind;
    this.attributeKey = attributeKey;
    this.attributeValue = attributeValue;
    this.attributeKeys =
        attributeKey == null
            ? null
            : new AttributeKey<?>[] {
              AttributeKey.stringKey(attributeKey),
              AttributeKey.longKey(attributeKey),
              AttributeKey.booleanKey(attributeKey),
              AttributeKey.doubleKey(attributeKey)
            };
    this.action = Objects.requireNonNull(action, "action");
  }

  /**
   * A rule on the span name, for example {@code spanName("GET /health", drop())}.
   *
   * @param glob the name pattern ({@code *} is a wildcard)
   * @param action what to do with matching new traces
   * @return the rule
   * @throws IllegalArgumentException when the pattern is empty
   */
  public static SamplingRule spanName(String glob, SamplingAction action) {
    return new SamplingRule(Target.NAME, compile(glob), null, null, null, action);
  }

  /**
   * A rule on the {@code http.route} start attribute, for example {@code httpRoute("/webhooks/*",
   * keep())}. Spans without that attribute at start never match.
   *
   * @param glob the route pattern ({@code *} is a wildcard)
   * @param action what to do with matching new traces
   * @return the rule
   * @throws IllegalArgumentException when the pattern is empty
   */
  public static SamplingRule httpRoute(String glob, SamplingAction action) {
    return new SamplingRule(Target.ROUTE, compile(glob), null, null, null, action);
  }

  /**
   * A rule on the span kind.
   *
   * @param kind the kind to match
   * @param action what to do with matching new traces
   * @return the rule
   */
  public static SamplingRule spanKind(SpanKind kind, SamplingAction action) {
    Objects.requireNonNull(kind, "kind");
    return new SamplingRule(Target.KIND, null, kind, null, null, action);
  }

  /**
   * A rule on one start attribute equal to a value; string, long, double and boolean attributes are
   * compared through their string form ({@code "42"}, {@code "true"}).
   *
   * @param key the attribute key, for example {@code tenant}
   * @param value the value to match exactly
   * @param action what to do with matching new traces
   * @return the rule
   * @throws IllegalArgumentException when the key is empty
   */
  public static SamplingRule attribute(String key, String value, SamplingAction action) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("attribute key must not be empty");
    }
    return new SamplingRule(Target.ATTRIBUTE, null, null, key, value, action);
  }

  private static Glob compile(String glob) {
    Objects.requireNonNull(glob, "glob");
    if (glob.isEmpty()) {
      throw new IllegalArgumentException("pattern must not be empty");
    }
    return Glob.compile(glob);
  }

  /**
   * The action taken when this rule matches.
   *
   * @return the action
   */
  public SamplingAction action() {
    return action;
  }

  boolean matches(String name, SpanKind spanKind, Attributes attributes) {
    switch (target) {
      case NAME:
        return glob != null && glob.matches(name);
      case ROUTE:
        String route = attributes.get(HTTP_ROUTE);
        return route != null && glob != null && glob.matches(route);
      case KIND:
        return spanKind == kind;
      case ATTRIBUTE:
        return attributeMatches(attributes);
    }
    return false;
  }

  private boolean attributeMatches(Attributes attributes) {
    if (attributes.isEmpty() || attributeKeys == null) {
      return false;
    }
    Object value = attributes.get(attributeKeys[0]);
    for (int i = 1; value == null && i < attributeKeys.length; i++) {
      value = attributes.get(attributeKeys[i]);
    }
    return value != null && String.valueOf(value).equals(attributeValue);
  }

  @Override
  public String toString() {
    String condition =
        switch (target) {
          case NAME -> "name=" + glob;
          case ROUTE -> "route=" + glob;
          case KIND -> "kind=" + (kind == null ? "" : kind.name().toLowerCase(Locale.ROOT));
          case ATTRIBUTE -> "attr." + attributeKey + "=" + attributeValue;
        };
    return condition + ":" + action;
  }
}
