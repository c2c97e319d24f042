package dev.tracekit.api;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads the global OpenTelemetry ({@link GlobalOpenTelemetry}) without ever fixing it to a no-op,
 * on every supported OpenTelemetry API version (1.49.0 to 1.67.0) and under the OpenTelemetry Java
 * agent. Calling {@code GlobalOpenTelemetry.get()} before an SDK is installed fixes the global to a
 * no-op for the rest of the process; this class never does that, never throws and never lets a
 * {@link LinkageError} out.
 *
 * <p>How the state is read, decided once when the class is loaded:
 *
 * <ul>
 *   <li>When the OpenTelemetry Java agent is running (its bootstrap class {@code
 *       io.opentelemetry.javaagent.bootstrap.AgentInitializer} is visible to the bootstrap class
 *       loader and {@code otel.javaagent.enabled} / {@code OTEL_JAVAAGENT_ENABLED} is not {@code
 *       false}), the global counts as set: the agent owns it and {@code GlobalOpenTelemetry.get()}
 *       returns the agent's instance.
 *   <li>On API versions that have {@code GlobalOpenTelemetry.getOrNoop()}, that method is called
 *       (through a method handle looked up once).
 *   <li>On older versions the private static field holding the global instance is read (a volatile
 *       read, no lock). If that field cannot be read, the global is treated as not set and the
 *       problem is reported once through {@code java.util.logging}.
 * </ul>
 *
 * <p>None of these triggers {@code GlobalOpenTelemetry}'s own autoconfiguration ({@code
 * otel.java.global-autoconfigure.enabled}): like {@code getOrNoop()} on recent versions, an
 * instance that nobody installed is not set.
 *
 * <pre>{@code
 * OpenTelemetry otel = GlobalOpenTelemetryAccess.getOrNoop(); // never locks the global
 * if (GlobalOpenTelemetryAccess.isSet()) { ... }
 * }</pre>
 */
public final class GlobalOpenTelemetryAccess {
  private static final String AGENT_CLASS = "io.opentelemetry.javaagent.bootstrap.AgentInitializer";

  /** How the state is read; see the class comment. */
  private enum Mode {
    AGENT,
    METHOD,
    FIELD,
    UNAVAILABLE
  }

  private static final @Nullable MethodHandle GET_OR_NOOP = findGetOrNoop();
  private static final @Nullable MethodHandle FIELD = GET_OR_NOOP == null ? findField() : null;
  private static final boolean AGENT = agentRunning();
  private static final Mode MODE = mode();

  private GlobalOpenTelemetryAccess() {}

  /**
   * Whether a global OpenTelemetry is installed (by {@code TracingSdk}, a framework, the
   * OpenTelemetry Java agent or {@code GlobalOpenTelemetry.set}).
   *
   * @return true when {@link #getIfSet()} returns an instance
   */
  public static boolean isSet() {
    return getIfSet() != null;
  }

  /**
   * The global OpenTelemetry if one is installed, else {@link OpenTelemetry#noop()}; never fixes
   * the global to a no-op.
   *
   * @return the installed instance or the no-op instance
   */
  public static OpenTelemetry getOrNoop() {
    OpenTelemetry set = getIfSet();
    return set != null ? set : OpenTelemetry.noop();
  }

  /**
   * The global OpenTelemetry if one is installed, else null; never fixes the global to a no-op.
   *
   * @return the installed instance, or null
   */
  public static @Nullable OpenTelemetry getIfSet() {
    try {
      switch (MODE) {
        case METHOD:
          {
            OpenTelemetry found = (OpenTelemetry) requireHandle(GET_OR_NOOP).invokeExact();
            if (found != OpenTelemetry.noop()) {
              return found;
            }
            return AGENT ? GlobalOpenTelemetry.get() : null;
          }
        case FIELD:
          {
            Object value = (Object) requireHandle(FIELD).invokeExact();
            if (value instanceof OpenTelemetry) {
              return (OpenTelemetry) value;
            }
            if (value != null) {
              return GlobalOpenTelemetry.get();
            }
            return AGENT ? GlobalOpenTelemetry.get() : null;
          }
        case AGENT:
          return GlobalOpenTelemetry.get();
        default:
          return null;
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      // Includes LinkageError: an unexpected OpenTelemetry on the class path must not break the
      // caller; TraceKit then records nothing.
      Diagnostics.reportOnce(
          "global.read",
          "could not read the global OpenTelemetry; TraceKit treats it as not set",
          t);
      return null;
    }
  }

  /**
   * How the global state is read on this class path: {@code "agent"}, {@code "method"}, {@code
   * "field"} or {@code "unavailable"}. For diagnostics and tests.
   *
   * @return the strategy chosen when this class was loaded
   */
  public static String strategy() {
    return MODE.name().toLowerCase(Locale.ROOT);
  }

  private static MethodHandle requireHandle(@Nullable MethodHandle handle) {
    if (handle == null) {
      throw new IllegalStateException("no handle");
    }
    return handle;
  }

  private static Mode mode() {
    if (GET_OR_NOOP != null) {
      return Mode.METHOD;
    }
    if (FIELD != null) {
      return Mode.FIELD;
    }
    if (AGENT) {
      return Mode.AGENT;
    }
    Diagnostics.reportOnce(
        "global.unreadable",
        "this OpenTelemetry API has neither GlobalOpenTelemetry.getOrNoop() nor a readable global"
            + " field; TraceKit's global helpers record nothing (pass an OpenTelemetry to"
            + " Tracing.create(..) instead)");
    return Mode.UNAVAILABLE;
  }

  private static @Nullable MethodHandle findGetOrNoop() {
    try {
      return MethodHandles.publicLookup()
          .findStatic(
              GlobalOpenTelemetry.class, "getOrNoop", MethodType.methodType(OpenTelemetry.class));
    } catch (NoSuchMethodException | IllegalAccessException | RuntimeException | LinkageError e) {
      return null; // OpenTelemetry API before getOrNoop(): read the field instead.
    }
  }

  private static @Nullable MethodHandle findField() {
    try {
      Field field = GlobalOpenTelemetry.class.getDeclaredField("globalOpenTelemetry");
      if (!Modifier.isStatic(field.getModifiers())) {
        return null;
      }
      field.setAccessible(true);
      return MethodHandles.lookup()
          .unreflectGetter(field)
          .asType(MethodType.methodType(Object.class));
    } catch (NoSuchFieldException | IllegalAccessException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static boolean agentRunning() {
    try {
      Class.forName(AGENT_CLASS, false, null);
    } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
      return false;
    }
    try {
      String enabled = System.getProperty("otel.javaagent.enabled");
      if (enabled == null) {
        enabled = System.getenv("OTEL_JAVAAGENT_ENABLED");
      }
      return enabled == null || !enabled.trim().equalsIgnoreCase("false");
    } catch (RuntimeException e) {
      return true;
    }
  }
}
