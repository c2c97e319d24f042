package dev.tracekit.ai;

/**
 * The traced work: a model call, a tool, an agent step, a cache access. Whatever it throws is
 * rethrown unchanged after the span recorded the failure.
 *
 * @param <R> the result type
 * @param <E> the exception type the work may throw
 */
@FunctionalInterface
public interface AiCallable<R, E extends Throwable> {
  /**
   * Does the work.
   *
   * @return the result
   * @throws E when the work fails
   */
  R call() throws E;
}
