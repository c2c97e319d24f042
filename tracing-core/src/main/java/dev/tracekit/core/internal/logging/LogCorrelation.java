package dev.tracekit.core.internal.logging;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.context.ContextStorage;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Puts trace and span ids into the SLF4J MDC for the application's log lines, without a class-path
 * side effect: nothing happens until {@code TracingSdk} is built, and {@link #close()} undoes it.
 *
 * <ul>
 *   <li>Logback (Spring Boot's default): a turbo filter writes the ids at log time, for log calls
 *       that will be written. OpenTelemetry's context storage is not touched, so a {@code
 *       makeCurrent()} costs what it costs without TraceKit.
 *   <li>Another SLF4J binding: a context storage wrapper ({@link ContextStorage#addWrapper}) keeps
 *       the MDC in step with the current span, if the SDK is built before the first context is made
 *       current; otherwise it is reported once that log correlation is off.
 * </ul>
 *
 * <p>Internal: not API.
 */
public final class LogCorrelation implements AutoCloseable {
  /** How the ids reach the MDC. */
  public enum Mode {
    /** A Logback turbo filter, at log time. */
    LOGBACK,
    /** A context storage wrapper, at {@code makeCurrent()}. */
    CONTEXT_STORAGE,
    /** Not at all. */
    OFF
  }

  private static final Object LOCK = new Object();
  private static boolean storageWrapperAdded;

  private final Mode mode;
  private final Runnable undo;

  private LogCorrelation(Mode mode, Runnable undo) {
    this.mode = mode;
    this.undo = undo;
  }

  /** No log correlation. */
  public static LogCorrelation off() {
    return new LogCorrelation(Mode.OFF, () -> {});
  }

  /**
   * Installs log correlation for the SLF4J binding in use.
   *
   * @param keys the MDC keys
   * @return the handle; close it to remove what was installed
   */
  public static LogCorrelation install(MdcKeys keys) {
    try {
      ILoggerFactory factory = LoggerFactory.getILoggerFactory();
      if (isLogback(factory)) {
        return Logback.install(factory, keys);
      }
      if (factory.getClass().getName().startsWith("org.slf4j.helpers.NOP")
          || org.slf4j.MDC.getMDCAdapter() == null
          || org.slf4j
              .MDC
              .getMDCAdapter()
              .getClass()
              .getName()
              .startsWith("org.slf4j.helpers.NOP")) {
        // No SLF4J binding (or one without an MDC): there are no log lines to correlate.
        return off();
      }
      return contextStorage(keys);
    } catch (RuntimeException | LinkageError e) {
      Diagnostics.reportOnce("log correlation", "log correlation could not be installed", e);
      return off();
    }
  }

  private static boolean isLogback(ILoggerFactory factory) {
    return factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext");
  }

  private static LogCorrelation contextStorage(MdcKeys keys) {
    synchronized (LOCK) {
      if (!storageWrapperAdded) {
        ContextStorage.addWrapper(MdcContextStorage::new);
        storageWrapperAdded = true;
      }
    }
    if (!(ContextStorage.get() instanceof MdcContextStorage)) {
      Diagnostics.reportOnce(
          "log correlation late",
          "trace ids are not put into the MDC: the SLF4J binding is not Logback and OpenTelemetry's"
              + " context was used before TracingSdk was built (build it first thing in main)");
      return off();
    }
    MdcContextStorage.keys(keys);
    return new LogCorrelation(Mode.CONTEXT_STORAGE, () -> MdcContextStorage.keys(null));
  }

  /** How the ids reach the MDC. */
  public Mode mode() {
    return mode;
  }

  @Override
  public void close() {
    try {
      undo.run();
    } catch (RuntimeException | LinkageError ignored) {
      // Nothing to undo that could matter to the application.
    }
  }

  /** Kept apart so that Logback's classes are loaded only when Logback is the binding. */
  private static final class Logback {
    static LogCorrelation install(ILoggerFactory factory, MdcKeys keys) {
      ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext) factory;
      LogbackTraceIds filter = new LogbackTraceIds(keys);
      filter.setContext(context);
      filter.start();
      context.addTurboFilter(filter);
      return new LogCorrelation(
          Mode.LOGBACK,
          () -> {
            context.getTurboFilterList().remove(filter);
            filter.stop();
          });
    }
  }
}
