package dev.tracekit.core.internal;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Turns OpenTelemetry's exporter errors about an unreachable collector (a SEVERE record with a
 * stack trace per failed export) into one clear line on standard error: the endpoint, what is lost,
 * and how to work without a collector; repeated at most every five minutes while it lasts. Other
 * exporter messages pass unchanged. Installed by {@code TracingSdk} when it builds an OTLP exporter
 * (not in debug mode, which shows everything).
 *
 * <p>Internal: not API.
 */
public final class ExporterLogFilter implements Filter {
  private static final List<String> LOGGERS =
      List.of(
          // OpenTelemetry 1.6x
          "io.opentelemetry.exporter.otlp.internal.HttpExporter",
          "io.opentelemetry.exporter.otlp.internal.GrpcExporter",
          // OpenTelemetry 1.49-1.5x
          "io.opentelemetry.exporter.internal.http.HttpExporter",
          "io.opentelemetry.exporter.internal.grpc.GrpcExporter");
  private static final long REPEAT_NANOS = TimeUnit.MINUTES.toNanos(5);

  /** Strong references: java.util.logging keeps loggers only weakly. */
  private static final List<Logger> HELD = LOGGERS.stream().map(Logger::getLogger).toList();

  private static volatile @Nullable ExporterLogFilter installed;

  private final String endpoint;
  private volatile long lastSaidNanos;
  private volatile boolean said;

  private ExporterLogFilter(String endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Installs the filter for an exporter sending to {@code endpoint} (the latest call wins).
   *
   * @param endpoint the configured OTLP endpoint, for the message
   */
  public static void install(String endpoint) {
    ExporterLogFilter filter = new ExporterLogFilter(endpoint);
    installed = filter;
    for (Logger logger : HELD) {
      Filter existing = logger.getFilter();
      if (existing == null || existing instanceof ExporterLogFilter) {
        logger.setFilter(filter);
      }
    }
  }

  /** Removes the filter (debug mode, tests). */
  public static void uninstall() {
    installed = null;
    for (Logger logger : HELD) {
      if (logger.getFilter() instanceof ExporterLogFilter) {
        logger.setFilter(null);
      }
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    if (record.getLevel().intValue() < Level.WARNING.intValue() || !unreachable(record)) {
      return true;
    }
    long now = System.nanoTime();
    if (!said || now - lastSaidNanos > REPEAT_NANOS) {
      said = true;
      lastSaidNanos = now;
      Throwable cause = record.getThrown();
      System.err.println(
          "TraceKit: cannot export telemetry to "
              + endpoint
              + " ("
              + (cause == null ? "no answer" : shortCause(cause))
              + "); spans and metrics are dropped until the collector answers. Without a"
              + " collector, set OTEL_TRACES_EXPORTER=console to print trace trees instead.");
    }
    return false;
  }

  private static boolean unreachable(LogRecord record) {
    Throwable t = record.getThrown();
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    String message = record.getMessage();
    return message != null && message.contains("could not be executed");
  }

  private static String shortCause(Throwable t) {
    Throwable root = t;
    for (int depth = 0; root.getCause() != null && depth < 8; depth++) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String text = root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return text.length() > 160 ? text.substring(0, 160) + "..." : text;
  }

  @Override
  public String toString() {
    return "ExporterLogFilter{" + endpoint + ", installed=" + (installed == this) + "}";
  }
}
