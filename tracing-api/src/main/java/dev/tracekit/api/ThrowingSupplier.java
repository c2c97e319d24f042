package dev.tracekit.api;

/**
 * A supplier that may throw a checked exception, which TraceKit's helpers rethrow unchanged.
 *
 * @param <T> the result type
 * @param <E> the exception type the supplier may throw
 */
@FunctionalInterface
public interface ThrowingSupplier<T, E extends Throwable> {
  /**
   * Computes the result.
   *
   * @return the result
   * @throws E the user's exception
   */
  T get() throws E;
}
