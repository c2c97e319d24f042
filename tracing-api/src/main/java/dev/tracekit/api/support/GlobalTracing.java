package dev.tracekit.api.support;

import org.jspecify.annotations.Nullable;

/**
 * The cache behind {@code Traces}: the helpers bound to the global OpenTelemetry, resolved once it
 * is set. Reading whether the global is set can take a lock, so the hot path reads only this
 * volatile field. Whoever replaces the global instance ({@code TracingSdk}, tests calling {@code
 * GlobalOpenTelemetry.resetForTest()}) calls {@link #reset()}.
 *
 * <p>Support API for TraceKit modules and integrations, not for application code.
 */
public final class GlobalTracing {
  private static volatile @Nullable Object cached;
  private static final java.util.concurrent.atomic.LongAdder UNRECORDED =
      new java.util.concurrent.atomic.LongAdder();

  private GlobalTracing() {}

  /**
   * The cached helpers, or null.
   *
   * @return the cached value
   */
  public static @Nullable Object get() {
    return cached;
  }

  /**
   * Caches the helpers.
   *
   * @param value the helpers
   */
  public static void set(Object value) {
    cached = value;
  }

  /** Counts a helper call that found no OpenTelemetry installed (so recorded nothing). */
  public static void unrecorded() {
    UNRECORDED.increment();
  }

  /**
   * The helper calls that recorded nothing because no OpenTelemetry was installed yet, since the
   * last call of this method.
   *
   * @return the count
   */
  public static long takeUnrecorded() {
    return UNRECORDED.sumThenReset();
  }

  /** Forgets the cached helpers: the next call resolves the global instance again. */
  public static void reset() {
    cached = null;
  }
}
