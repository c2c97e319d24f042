package dev.tracekit.api.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Reports problems TraceKit tolerated at run time (bad input, a failing callback) without ever
 * throwing: each distinct problem is logged once at WARNING through {@code java.util.logging}
 * (logger {@code dev.tracekit}), later repeats at FINE. The set of reported keys is bounded.
 *
 * <p>Support API for TraceKit modules and integrations, not for application code.
 */
public final class Diagnostics {
  private static final Logger LOGGER = Logger.getLogger("dev.tracekit");
  private static final int MAX_KEYS = 1024;
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private Diagnostics() {}

  /**
   * Logs a problem once per key.
   *
   * @param key what identifies the problem (for example {@code "null span name"})
   * @param message the human-readable message, with what was expected and what is done instead
   */
  public static void reportOnce(String key, String message) {
    reportOnce(key, message, null);
  }

  /**
   * Logs a problem once per key, with its cause.
   *
   * @param key what identifies the problem
   * @param message the message
   * @param error the cause, may be null
   */
  public static void reportOnce(String key, String message, @Nullable Throwable error) {
    try {
      boolean first = REPORTED.size() < MAX_KEYS ? REPORTED.add(key) : !REPORTED.contains(key);
      Level level = first ? Level.WARNING : Level.FINE;
      if (LOGGER.isLoggable(level)) {
        LOGGER.log(level, "TraceKit: " + message, error);
      }
    } catch (RuntimeException ignored) {
      // Reporting must never break the caller.
    }
  }

  /**
   * Whether a key was already reported: for tests.
   *
   * @param key the key
   * @return true after the first report of that key; false for null
   */
  public static boolean wasReported(@Nullable String key) {
    return key != null && REPORTED.contains(key);
  }

  /**
   * Rethrows errors a program must not swallow ({@link VirtualMachineError}, {@link ThreadDeath});
   * does nothing for others. A {@link LinkageError} is deliberately not rethrown: raised inside
   * TraceKit or OpenTelemetry it means a class-path mismatch (an OpenTelemetry version without a
   * method or class that something expected), which must degrade the telemetry, not break the
   * application; the caller reports it like any other failure.
   *
   * @param t the throwable caught from TraceKit's own code, OpenTelemetry or a component it wraps
   */
  @SuppressWarnings("removal")
  public static void propagateIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError) {
      throw (VirtualMachineError) t;
    } else if (t instanceof ThreadDeath) {
      throw (ThreadDeath) t;
    }
  }
}
