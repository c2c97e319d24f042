package dev.tracekit.core.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;

/**
 * A Logback turbo filter that, for each log call that will be written, puts the current span's ids
 * into the MDC just before Logback creates the event (and removes them when no span is current).
 * Costs nothing per {@code makeCurrent()}, and nothing per log call below the logger's level.
 *
 * <p>Internal: not API.
 */
final class LogbackTraceIds extends TurboFilter {
  private final MdcKeys keys;

  LogbackTraceIds(MdcKeys keys) {
    this.keys = keys;
    setName("tracekit-trace-ids");
  }

  @Override
  public FilterReply decide(
      @Nullable Marker marker,
      @Nullable Logger logger,
      @Nullable Level level,
      @Nullable String format,
      Object @Nullable [] params,
      @Nullable Throwable t) {
    try {
      if (format == null
          || logger == null
          || level == null
          || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
        // isXxxEnabled() checks and log calls below the level: nothing will be written.
        return FilterReply.NEUTRAL;
      }
      SpanContext sc = MdcKeys.spanContext(Context.current());
      keys.write(sc);
    } catch (RuntimeException ignored) {
      // Log correlation must never break logging.
    }
    return FilterReply.NEUTRAL;
  }
}
