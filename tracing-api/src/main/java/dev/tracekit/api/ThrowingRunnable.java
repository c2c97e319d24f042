package dev.tracekit.api;

/**
 * A runnable that may throw a checked exception, which TraceKit's helpers rethrow unchanged.
 *
 * @param <E> the exception type the runnable may throw
 */
@FunctionalInterface
public interface ThrowingRunnable<E extends Throwable> {
  /**
   * Runs.
   *
   * @throws E the user's exception
   */
  void run() throws E;
}
