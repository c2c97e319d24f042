package dev.tracekit.spring.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a problem once per key (a warning), so that instrumentation never throws into the
 * application nor floods its log.
 *
 * <p>Internal: not API.
 */
public final class Reports {
  private static final Logger LOGGER = LoggerFactory.getLogger("dev.tracekit.spring");
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  private Reports() {}

  /**
   * Logs the message once for this key.
   *
   * @param key what went wrong where
   * @param message the message
   * @param error the cause, or null
   */
  public static void once(String key, String message, @Nullable Throwable error) {
    if (SEEN.size() < 1000 && SEEN.add(key)) {
      if (error == null) {
        LOGGER.warn("TraceKit: {}", message);
      } else {
        LOGGER.warn("TraceKit: {} ({})", message, error.toString());
      }
    }
  }

  /**
   * Logs one informational line.
   *
   * @param message the message
   */
  public static void info(String message) {
    LOGGER.info("TraceKit: {}", message);
  }
}
