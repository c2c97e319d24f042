package dev.tracekit.core;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Objects;

/**
 * A {@link SpanExporter} that prints each finished trace as an indented tree, for development:
 *
 * <pre>
 * trace 4bf92f3577b34da6a3ce929d0e0e4736 (service checkout)
 * POST /orders  SERVER  45.2 ms  order.id=o-42  http.response.status_code=201
 * └─ orders.place  44.1 ms  order.id=o-42
 *    ├─ INSERT orders  CLIENT  3.0 ms  db.system.name=h2
 *    └─ send payments  PRODUCER  2.0 ms  messaging.destination.name=payments
 *       └─ process payments  CONSUMER  12.0 ms
 * </pre>
 *
 * <p>{@code TracingSdk.builder().consoleExporter(true)} (or {@code OTEL_CONSOLE_EXPORTER=true})
 * already prints trees with it; create one yourself to print the spans of your own {@code
 * OpenTelemetrySdk}, of a test, or of a chosen set of spans:
 *
 * <pre>{@code
 * import dev.tracekit.core.ConsoleTreeExporter;
 * import io.opentelemetry.sdk.trace.SdkTracerProvider;
 * import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
 *
 * SdkTracerProvider tracerProvider =
 *     SdkTracerProvider.builder()
 *         .addSpanProcessor(BatchSpanProcessor.builder(ConsoleTreeExporter.create()).build())
 *         .build();
 * }</pre>
 *
 * <p>One tree per trace within a process: a trace is printed once its local root has ended and its
 * spans have stopped arriving for a moment (250 ms); work that crossed a queue inside the process
 * (a {@code PRODUCER} span and its consumer) is waited for (up to 5 s of silence) and printed in
 * the same tree. A trace whose root never ends is printed after 30 s; {@link #flush()} prints
 * everything buffered. At most 10,000 spans are buffered.
 *
 * <p>Each line shows the span's name, kind, duration, error status and attributes: first the
 * application's own (any key outside OpenTelemetry's semantic-convention namespaces, such as {@code
 * order.id} or a {@code @SpanAttribute} value), then the key standard ones (HTTP method, route and
 * status, URL, database, messaging destination, model and tokens, error type), then TraceKit's
 * {@code tracekit.*}. Values are cut at 60 characters and lines at 160 ({@code +N} counts the
 * attributes left out). Nothing is redacted here: put it behind {@code RedactingSpanExporter} (as
 * {@code TracingSdk} does) when spans may carry secrets.
 */
public final class ConsoleTreeExporter implements SpanExporter {
  private static final int MAX_BUFFERED_SPANS = 10_000;
  private static final long ROOT_TIMEOUT_MILLIS = 30_000;

  private final dev.tracekit.core.internal.ConsoleTreeExporter delegate;

  private ConsoleTreeExporter(PrintStream out) {
    this.delegate =
        new dev.tracekit.core.internal.ConsoleTreeExporter(
            out, MAX_BUFFERED_SPANS, ROOT_TIMEOUT_MILLIS);
  }

  /**
   * An exporter printing to {@code System.out}.
   *
   * @return the exporter
   */
  public static ConsoleTreeExporter create() {
    return new ConsoleTreeExporter(System.out);
  }

  /**
   * An exporter printing to {@code out}.
   *
   * @param out where trees are printed
   * @return the exporter
   * @throws NullPointerException if out is null
   */
  public static ConsoleTreeExporter create(PrintStream out) {
    return new ConsoleTreeExporter(Objects.requireNonNull(out, "out"));
  }

  /**
   * Buffers the spans; prints the traces that are complete.
   *
   * @param spans finished spans
   * @return success (printing never fails the export)
   */
  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    return delegate.export(spans);
  }

  /**
   * Prints every buffered trace now, complete or not.
   *
   * @return success
   */
  @Override
  public CompletableResultCode flush() {
    return delegate.flush();
  }

  /**
   * Prints every buffered trace and stops the background printing thread.
   *
   * @return success
   */
  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public String toString() {
    return "ConsoleTreeExporter";
  }
}
