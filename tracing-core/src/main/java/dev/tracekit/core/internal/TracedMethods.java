package dev.tracekit.core.internal;

import dev.tracekit.api.ErrorRecorder;
import dev.tracekit.api.SpanAttribute;
import dev.tracekit.api.Traced;
import dev.tracekit.api.Tracing;
import dev.tracekit.api.support.AttributeValues;
import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.context.Scope;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The shared engine behind {@code TracedProxy} and {@code TracedAspect}: reads a method's {@link
 * Traced} and {@link SpanAttribute} annotations once (cached per method), opens the span around the
 * call, records parameters and failures, and for a method returning a {@link CompletionStage} ends
 * the span when the stage completes.
 *
 * <p>Internal: not API.
 */
public final class TracedMethods {
  /** The call to trace. */
  @FunctionalInterface
  public interface Invocation {
    /**
     * Proceeds with the real call.
     *
     * @return its result
     * @throws Throwable what the real method threw
     */
    @Nullable Object proceed() throws Throwable;
  }

  private final Tracing tracing;
  private final ConcurrentMap<Method, Plan> plans = new ConcurrentHashMap<>();

  /**
   * An engine tracing with the given helpers.
   *
   * @param tracing the helpers
   */
  public TracedMethods(Tracing tracing) {
    this.tracing = tracing;
  }

  /**
   * Whether this engine traces with the given helpers.
   *
   * @param other the helpers
   * @return true when they are the ones this engine uses
   */
  public boolean uses(Tracing other) {
    return tracing == other;
  }

  /**
   * Calls {@code invocation} inside the span {@code method}'s annotation describes.
   *
   * @param type the class the call is made on (for the default span name)
   * @param method the method (its {@link Traced} annotation is read; none means no span)
   * @param args the arguments
   * @param invocation the real call
   * @return the real call's result
   * @throws Throwable the real call's exception, unchanged
   */
  public @Nullable Object invoke(
      Class<?> type, Method method, @Nullable Object @Nullable [] args, Invocation invocation)
      throws Throwable {
    Plan plan = plans.computeIfAbsent(method, m -> Plan.of(type, m));
    if (plan == Plan.NONE || tracing.isNoop()) {
      return invocation.proceed();
    }
    SpanBuilder builder = tracing.tracer().spanBuilder(plan.name).setSpanKind(plan.traced.kind());
    try {
      builder.setAllAttributes(plan.attributes(args));
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("traced args " + method, "could not record arguments of " + method, e);
    }
    Span span = builder.startSpan();
    Object result;
    try (Scope ignored = span.makeCurrent()) {
      result = invocation.proceed();
    } catch (Throwable t) {
      tracing.errors().record(span, t);
      span.end();
      throw t;
    }
    if (result instanceof CompletionStage<?> stage) {
      stage.whenComplete(
          (value, error) -> {
            if (error != null) {
              Throwable cause = ErrorRecorder.unwrap(error);
              if (cause instanceof CancellationException) {
                tracing.errors().recordCancelled(span);
              } else {
                tracing.errors().record(span, cause);
              }
            }
            span.end();
          });
    } else {
      span.end();
    }
    return result;
  }

  private static final class Plan {
    static final Plan NONE = new Plan();

    final Traced traced;
    final String name;
    final Attributes statics;
    final @Nullable String[] parameterKeys;

    private Plan() {
      this.traced = null;
      this.name = "";
      this.statics = Attributes.empty();
      this.parameterKeys = new String[0];
    }

    private Plan(Traced traced, String name, Attributes statics, @Nullable String[] keys) {
      this.traced = traced;
      this.name = name;
      this.statics = statics;
      this.parameterKeys = keys;
    }

    static Plan of(Class<?> type, Method method) {
      Traced traced = method.getAnnotation(Traced.class);
      if (traced == null) {
        return NONE;
      }
      String name =
          traced.value().isEmpty()
              ? simpleName(type, method) + "." + method.getName()
              : traced.value();
      AttributesBuilder statics = Attributes.builder();
      for (String pair : traced.attributes()) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          Diagnostics.reportOnce(
              "traced attr " + pair,
              "@Traced attribute '" + pair + "' on " + method + " is not key=value; skipped");
          continue;
        }
        statics.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
      Annotation[][] annotations = method.getParameterAnnotations();
      String[] keys = new String[annotations.length];
      for (int i = 0; i < annotations.length; i++) {
        for (Annotation a : annotations[i]) {
          if (a instanceof SpanAttribute sa && !sa.value().isEmpty()) {
            keys[i] = sa.value();
          }
        }
        if (keys[i] == null && traced.captureArguments()) {
          keys[i] = "tracekit.code.arg." + i;
        }
      }
      return new Plan(traced, name, statics.build(), keys);
    }

    private static String simpleName(Class<?> type, Method method) {
      String simple = type.getSimpleName();
      if (simple.isEmpty() || type.isSynthetic() || simple.contains("$")) {
        simple = method.getDeclaringClass().getSimpleName();
      }
      return simple;
    }

    Attributes attributes(@Nullable Object @Nullable [] args) {
      if (args == null || parameterKeys.length == 0) {
        return statics;
      }
      AttributesBuilder b = statics.toBuilder();
      for (int i = 0; i < parameterKeys.length && i < args.length; i++) {
        if (parameterKeys[i] != null) {
          AttributeValues.put(b, parameterKeys[i], args[i]);
        }
      }
      return b.build();
    }
  }
}
