package dev.tracekit.jdbc.internal;

import dev.tracekit.api.GlobalOpenTelemetryAccess;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import org.jspecify.annotations.Nullable;

/**
 * The recorder of the driver's connections: built from {@link GlobalOpenTelemetry} once it is set,
 * never before (calling {@code GlobalOpenTelemetry.get()} early would fix the global to a no-op).
 *
 * <p>Internal: not API.
 */
public final class GlobalJdbc {
  private GlobalJdbc() {}

  /** Options used by the driver: the builder's defaults. */
  public static final JdbcOptions DEFAULT_OPTIONS =
      new JdbcOptions(0, false, value -> false, false, false, true);

  /** A recorder that records nothing. */
  public static final JdbcInstrumenter DISABLED =
      new JdbcInstrumenter(OpenTelemetry.noop(), DEFAULT_OPTIONS);

  private static final Object LOCK = new Object();
  private static volatile @Nullable OpenTelemetry seen;
  private static volatile @Nullable JdbcInstrumenter cached;

  /**
   * The recorder of the global OpenTelemetry.
   *
   * @return the recorder, or null while the global OpenTelemetry is not set
   */
  public static @Nullable JdbcInstrumenter instrumenter() {
    OpenTelemetry global = GlobalOpenTelemetryAccess.getIfSet();
    if (global == null) {
      return null;
    }
    JdbcInstrumenter c = cached;
    if (c != null && seen == global) {
      return c;
    }
    synchronized (LOCK) {
      c = cached;
      if (c == null || seen != global) {
        c = new JdbcInstrumenter(global, DEFAULT_OPTIONS);
        cached = c;
        seen = global;
      }
      return c;
    }
  }
}
