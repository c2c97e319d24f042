package dev.tracekit.core.annotation;

import dev.tracekit.api.Traced;
import dev.tracekit.api.Traces;
import dev.tracekit.api.Tracing;
import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.core.internal.TracedMethods;
import java.lang.reflect.Method;
import java.util.Objects;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;
import org.jspecify.annotations.Nullable;

/**
 * Processes {@link Traced} on any bean or class with AspectJ: register it as a bean with Spring AOP
 * ({@code @EnableAspectJAutoProxy}), or weave it with AspectJ (compile-time or load-time). AspectJ
 * is an optional dependency ({@code org.aspectj:aspectjrt}); nothing else of TraceKit needs it.
 *
 * <p>As with any AspectJ {@code execution} pointcut, the annotation must sit on the executed
 * (implementing) method: an annotation on an interface method only is seen by {@link TracedProxy}.
 *
 * <pre>{@code
 * @Bean TracedAspect tracedAspect(OpenTelemetry otel) { return new TracedAspect(Tracing.create(otel)); }
 * }</pre>
 */
@Aspect
public class TracedAspect {
  private final @Nullable TracedMethods engine;

  /** An aspect tracing with the global OpenTelemetry (as installed by {@code TracingSdk}). */
  public TracedAspect() {
    this.engine = null;
  }

  /**
   * An aspect tracing with the given helpers.
   *
   * @param tracing the helpers
   */
  public TracedAspect(Tracing tracing) {
    this.engine = new TracedMethods(Objects.requireNonNull(tracing, "tracing"));
  }

  /**
   * Traces one call of a {@link Traced} method.
   *
   * @param pjp the join point (AspectJ never passes null; a null one is reported once and null
   *     returned)
   * @return the method's result
   * @throws Throwable the method's exception, unchanged
   */
  @Around("execution(@dev.tracekit.api.Traced * *(..))")
  public @Nullable Object around(@Nullable ProceedingJoinPoint pjp) throws Throwable {
    if (pjp == null) {
      Diagnostics.reportOnce("traced aspect null", "TracedAspect.around(null): nothing to run");
      return null;
    }
    Method method = ((MethodSignature) pjp.getSignature()).getMethod();
    Object target = pjp.getTarget();
    Class<?> type = target != null ? target.getClass() : method.getDeclaringClass();
    if (!method.isAnnotationPresent(Traced.class) && target != null) {
      // Spring proxies by interface report the interface method; the annotation is on the class.
      try {
        method = type.getMethod(method.getName(), method.getParameterTypes());
      } catch (NoSuchMethodException | SecurityException ignored) {
        // keep the signature's method
      }
    }
    TracedMethods e = engine != null ? engine : globalEngine();
    return e.invoke(type, method, pjp.getArgs(), pjp::proceed);
  }

  private static volatile @Nullable TracedMethods global;

  private static TracedMethods globalEngine() {
    Tracing tracing = Traces.tracing();
    TracedMethods e = global;
    if (e == null || !e.uses(tracing)) {
      e = new TracedMethods(tracing);
      global = e;
    }
    return e;
  }
}
