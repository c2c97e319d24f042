package dev.tracekit.jdbc.internal;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * One traced execution: its span and start time, ended exactly once (by the statement, by its
 * result set when closed or exhausted, or by the connection when closed). Thread-safe end.
 *
 * <p>Internal: not API.
 */
public final class Execution {
  private static final VarHandle ENDED;

  static {
    try {
      ENDED = MethodHandles.lookup().findVarHandle(Execution.class, "ended", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final JdbcInstrumenter instrumenter;
  final QueryInfo query;
  final Span span;
  final long startNanos;

  @SuppressWarnings("unused") // accessed through ENDED
  private volatile int ended;

  Execution(JdbcInstrumenter instrumenter, QueryInfo query, Span span, long startNanos) {
    this.instrumenter = instrumenter;
    this.query = query;
    this.span = span;
    this.startNanos = startNanos;
  }

  /**
   * Ends the execution once; later calls do nothing.
   *
   * @param error the failure, or null
   * @param returnedRows rows read, or -1
   * @param affectedRows rows changed, or -1
   */
  public void end(@Nullable Throwable error, long returnedRows, long affectedRows) {
    if (ENDED.compareAndSet(this, 0, 1)) {
      instrumenter.end(this, error, returnedRows, affectedRows);
    }
  }

  /**
   * Makes the span current, for the helpers whose callbacks may run nested statements.
   *
   * @return the scope to close
   */
  public Scope makeCurrent() {
    return span.makeCurrent();
  }

  /**
   * Whether {@link #end} already ran.
   *
   * @return true once ended
   */
  public boolean isEnded() {
    return ended != 0;
  }
}
