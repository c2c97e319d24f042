package dev.tracekit.core.annotation;

import dev.tracekit.api.Traced;
import dev.tracekit.api.Tracing;
import dev.tracekit.core.internal.TracedMethods;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * Processes {@link Traced} on interface methods with a JDK dynamic proxy: no agent, no weaving. The
 * annotation may sit on the interface method or on the implementing class's method.
 *
 * <pre>{@code
 * OrderService traced = TracedProxy.create(OrderService.class, new DefaultOrderService(), otel);
 * }</pre>
 *
 * Exceptions thrown by the target are rethrown unchanged (not wrapped). {@code equals}, {@code
 * hashCode} and {@code toString} are passed through without a span.
 */
public final class TracedProxy {
  private TracedProxy() {}

  /**
   * A proxy of {@code target} that traces its {@link Traced} methods.
   *
   * @param iface the interface to proxy
   * @param target the implementation
   * @param openTelemetry the OpenTelemetry to trace with
   * @param <T> the interface type
   * @return the proxy
   * @throws NullPointerException if an argument is null (the message names it)
   * @throws IllegalArgumentException if {@code iface} is not an interface
   */
  public static <T> T create(Class<T> iface, T target, OpenTelemetry openTelemetry) {
    return create(
        iface, target, Tracing.create(Objects.requireNonNull(openTelemetry, "openTelemetry")));
  }

  /**
   * A proxy of {@code target} that traces its {@link Traced} methods with the given helpers.
   *
   * @param iface the interface to proxy
   * @param target the implementation
   * @param tracing the helpers
   * @param <T> the interface type
   * @return the proxy
   * @throws NullPointerException if an argument is null (the message names it)
   * @throws IllegalArgumentException if {@code iface} is not an interface
   */
  public static <T> T create(Class<T> iface, T target, Tracing tracing) {
    Objects.requireNonNull(iface, "iface");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(tracing, "tracing");
    if (!iface.isInterface()) {
      throw new IllegalArgumentException(
          iface.getName() + " is not an interface; use TracedAspect for classes");
    }
    TracedMethods engine = new TracedMethods(tracing);
    Class<?> targetClass = target.getClass();
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return invokeTarget(method, target, args);
          }
          Method annotated = annotatedMethod(targetClass, method);
          return engine.invoke(
              targetClass, annotated, args, () -> invokeTarget(method, target, args));
        };
    return iface.cast(
        Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, handler));
  }

  private static Method annotatedMethod(Class<?> targetClass, Method method) {
    if (method.isAnnotationPresent(Traced.class)) {
      return method;
    }
    try {
      Method impl = targetClass.getMethod(method.getName(), method.getParameterTypes());
      return impl.isAnnotationPresent(Traced.class) ? impl : method;
    } catch (NoSuchMethodException | SecurityException e) {
      return method;
    }
  }

  private static Object invokeTarget(Method method, Object target, Object[] args) throws Throwable {
    if (!method.canAccess(target)) {
      // A package-private interface: its methods are public but not accessible from here.
      method.trySetAccessible();
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
