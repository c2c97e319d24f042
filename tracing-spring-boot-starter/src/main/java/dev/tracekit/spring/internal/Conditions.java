package dev.tracekit.spring.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The starter's conditions on what the application's frameworks already do.
 *
 * <p>Internal: not API.
 */
public final class Conditions {
  private Conditions() {}

  private static ClassLoader loader(ConditionContext context) {
    ClassLoader loader = context.getClassLoader();
    return loader != null ? loader : Conditions.class.getClassLoader();
  }

  /** Matches when no framework builds the OpenTelemetry SDK: TraceKit builds its own. */
  public static final class NoApplicationTracing extends SpringBootCondition {
    /** For Spring. */
    public NoApplicationTracing() {}

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Frameworks.applicationTracing(context.getEnvironment(), loader(context))
          ? ConditionOutcome.noMatch("the application's framework builds the OpenTelemetry SDK")
          : ConditionOutcome.match("no framework builds an OpenTelemetry SDK");
    }
  }

  /** Matches when Boot's Micrometer tracing builds the SDK. */
  public static final class BootTracing extends SpringBootCondition {
    /** For Spring. */
    public BootTracing() {}

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Frameworks.bootTracing(context.getEnvironment(), loader(context))
          ? ConditionOutcome.match("Boot's Micrometer tracing builds the OpenTelemetry SDK")
          : ConditionOutcome.noMatch("Boot's Micrometer tracing is absent or disabled");
    }
  }

  /** Matches when Boot's Micrometer tracing does not turn observations into spans. */
  public static final class NoBootTracing extends SpringBootCondition {
    /** For Spring. */
    public NoBootTracing() {}

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Frameworks.bootTracing(context.getEnvironment(), loader(context))
          ? ConditionOutcome.noMatch("Boot's Micrometer tracing turns observations into spans")
          : ConditionOutcome.match("Boot's Micrometer tracing is absent or disabled");
    }
  }

  /** Matches when OpenTelemetry's Spring Boot starter builds the SDK. */
  public static final class OtelStarter extends SpringBootCondition {
    /** For Spring. */
    public OtelStarter() {}

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Frameworks.otelStarter(context.getEnvironment(), loader(context))
          ? ConditionOutcome.match("OpenTelemetry's Spring Boot starter builds the SDK")
          : ConditionOutcome.noMatch("OpenTelemetry's Spring Boot starter is absent or disabled");
    }
  }

  /** Matches when no framework makes server spans for Spring MVC. */
  public static final class NoFrameworkServerSpans extends SpringBootCondition {
    /** For Spring. */
    public NoFrameworkServerSpans() {}

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Frameworks.frameworkServerSpans(context.getEnvironment(), loader(context))
          ? ConditionOutcome.noMatch("the framework's observation makes the server spans")
          : ConditionOutcome.match("no framework makes server spans");
    }
  }

  /** Matches when JDBC is not traced by OpenTelemetry's Spring Boot starter. */
  public static final class NoFrameworkJdbcSpans extends SpringBootCondition {
    /** For Spring. */
    public NoFrameworkJdbcSpans() {}

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Frameworks.otelStarterInstrumentation(
              context.getEnvironment(), loader(context), "jdbc")
          ? ConditionOutcome.noMatch(
              "OpenTelemetry's Spring Boot starter traces JDBC"
                  + " (otel.instrumentation.jdbc.enabled=false hands JDBC to TraceKit)")
          : ConditionOutcome.match("no framework traces JDBC");
    }
  }

  /** Matches when sampling rules are configured ({@code tracekit.sampling.*}). */
  public static final class SamplingRulesConfigured extends SpringBootCondition {
    /** For Spring. */
    public SamplingRulesConfigured() {}

    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      Environment env = context.getEnvironment();
      return Settings.samplingConfigured(env)
          ? ConditionOutcome.match("tracekit.sampling rules are configured")
          : ConditionOutcome.noMatch("no tracekit.sampling rules");
    }
  }
}
