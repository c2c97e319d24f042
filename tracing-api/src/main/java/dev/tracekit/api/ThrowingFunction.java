package dev.tracekit.api;

/**
 * A function that may throw a checked exception, which TraceKit's helpers rethrow unchanged.
 *
 * @param <A> the argument type (for the tracing helpers: the current {@code Span})
 * @param <T> the result type
 * @param <E> the exception type the function may throw
 */
@FunctionalInterface
public interface ThrowingFunction<A, T, E extends Throwable> {
  /**
   * Applies the function.
   *
   * @param argument the argument
   * @return the result
   * @throws E the user's exception
   */
  T apply(A argument) throws E;
}
