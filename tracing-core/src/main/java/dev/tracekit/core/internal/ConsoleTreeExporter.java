package dev.tracekit.core.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Prints finished traces as indented trees, one tree per trace within a process:
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
 * <p>When a trace is printed: spans are buffered per trace (bounded); once its local root has ended
 * (a span without a parent in this process) and no span of the trace has ended for a quiet period,
 * the tree is printed. A queue hop inside the process (a {@code PRODUCER} span whose consumer has
 * not ended yet) holds the trace longer, so the consumer's work joins the same tree; a consumer
 * whose producer is in this process is not a root. Traces whose root never arrives are printed
 * after a timeout, and everything on flush/shutdown. A background daemon thread prints traces that
 * become due while no span arrives.
 *
 * <p>Each line shows the span's name, kind, duration, error status and attributes: the user's own
 * attributes first (any key outside OpenTelemetry's standard namespaces, such as {@code order.id}
 * or a {@code @SpanAttribute} value), then the key standard ones, then TraceKit's; values are cut
 * and a line never exceeds {@value #MAX_LINE} characters.
 *
 * <p>Internal: not API. Use {@code dev.tracekit.core.ConsoleTreeExporter}.
 */
public final class ConsoleTreeExporter implements SpanExporter {
  /** The longest line printed, in characters. */
  static final int MAX_LINE = 160;

  private static final int MAX_VALUE = 60;
  private static final int MAX_NAME = 80;
  private static final long DEFAULT_QUIET_MILLIS = 250;
  private static final long DEFAULT_HOP_WAIT_MILLIS = 5_000;
  private static final int MAX_REMEMBERED_SPANS = 4_096;

  private static final List<String> KEY_ATTRIBUTES =
      List.of(
          "http.request.method",
          "http.route",
          "http.response.status_code",
          "url.full",
          "db.system.name",
          "db.query.text",
          "messaging.system",
          "messaging.destination.name",
          "gen_ai.request.model",
          "gen_ai.usage.input_tokens",
          "gen_ai.usage.output_tokens",
          "error.type");

  /** Namespaces of OpenTelemetry's semantic conventions: shown only through KEY_ATTRIBUTES. */
  private static final List<String> STANDARD_NAMESPACES =
      List.of(
          "http.",
          "url.",
          "server.",
          "client.",
          "network.",
          "net.",
          "peer.",
          "db.",
          "messaging.",
          "gen_ai.",
          "rpc.",
          "code.",
          "thread.",
          "user_agent.",
          "exception.",
          "otel.",
          "error.",
          "process.",
          "host.",
          "telemetry.",
          "service.",
          "cloud.",
          "k8s.",
          "container.",
          "os.",
          "faas.",
          "aws.",
          "tls.",
          "tracekit.");

  private final PrintStream out;
  private final int maxBufferedSpans;
  private final long timeoutNanos;
  private final long quietNanos;
  private final long hopWaitNanos;
  private final LongSupplier nanoClock;
  private final boolean background;
  private final Map<String, Pending> traces = new LinkedHashMap<>();

  /** Span id → name of recently printed spans, so a late continuation can name its parent. */
  private final Map<String, String> printed =
      new LinkedHashMap<>(64, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_REMEMBERED_SPANS;
        }
      };

  private int buffered;
  private @Nullable ScheduledExecutorService timer;
  private long scheduledAt = Long.MAX_VALUE;
  private boolean shutdown;

  /** One trace waiting to be printed. */
  private static final class Pending {
    final List<SpanData> spans = new ArrayList<>();
    final Set<String> ids = new HashSet<>();
    final Set<String> openHops = new HashSet<>();
    final Set<String> parents = new HashSet<>();
    final long firstSeen;
    long lastSeen;
    boolean rootEnded;

    Pending(long now) {
      this.firstSeen = now;
      this.lastSeen = now;
    }
  }

  /**
   * An exporter printing to {@code out}, with a background thread for traces that become due.
   *
   * @param out where trees are printed
   * @param maxBufferedSpans how many spans may wait for their root, over all traces
   * @param timeoutMillis how long a trace may wait for its root before it is printed anyway
   */
  public ConsoleTreeExporter(PrintStream out, int maxBufferedSpans, long timeoutMillis) {
    this(
        out,
        maxBufferedSpans,
        timeoutMillis,
        DEFAULT_QUIET_MILLIS,
        DEFAULT_HOP_WAIT_MILLIS,
        System::nanoTime,
        true);
  }

  /** For tests: a clock and no background thread (call {@link #tick()}). */
  ConsoleTreeExporter(
      PrintStream out,
      int maxBufferedSpans,
      long timeoutMillis,
      long quietMillis,
      long hopWaitMillis,
      LongSupplier nanoClock,
      boolean background) {
    this.out = out;
    this.maxBufferedSpans = Math.max(1, maxBufferedSpans);
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    this.quietNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, quietMillis));
    this.hopWaitNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, hopWaitMillis));
    this.nanoClock = nanoClock;
    this.background = background;
  }

  @Override
  public synchronized CompletableResultCode export(Collection<SpanData> spans) {
    try {
      long now = nanoClock.getAsLong();
      for (SpanData span : spans) {
        add(span, now);
      }
      printDue(now);
      schedule(now);
      return CompletableResultCode.ofSuccess();
    } catch (RuntimeException e) {
      return CompletableResultCode.ofExceptionalFailure(e);
    }
  }

  private void add(SpanData span, long now) {
    Pending trace = traces.computeIfAbsent(span.getTraceId(), k -> new Pending(now));
    trace.spans.add(span);
    trace.ids.add(span.getSpanId());
    trace.lastSeen = now;
    buffered++;
    SpanContext parent = span.getParentSpanContext();
    if (parent.isValid()) {
      trace.parents.add(parent.getSpanId());
      trace.openHops.remove(parent.getSpanId());
    }
    if (span.getKind() == SpanKind.PRODUCER && !trace.parents.contains(span.getSpanId())) {
      trace.openHops.add(span.getSpanId());
    }
    if (isLocalRoot(trace, span)) {
      trace.rootEnded = true;
    }
  }

  /**
   * No parent, or a remote parent not among the trace's buffered spans (another process, or a span
   * printed earlier). A consumer that ends before its producer is reported is taken for a root too:
   * the quiet period lets the producer's side join before the tree is printed.
   */
  private static boolean isLocalRoot(Pending trace, SpanData span) {
    SpanContext parent = span.getParentSpanContext();
    return !parent.isValid() || (parent.isRemote() && !trace.ids.contains(parent.getSpanId()));
  }

  private boolean isDue(Pending trace, long now) {
    if (now - trace.firstSeen >= timeoutNanos) {
      return true;
    }
    if (!trace.rootEnded) {
      return false;
    }
    long idle = now - trace.lastSeen;
    return trace.openHops.isEmpty() ? idle >= quietNanos : idle >= hopWaitNanos;
  }

  private void printDue(long now) {
    List<String> due = new ArrayList<>();
    for (Map.Entry<String, Pending> e : traces.entrySet()) {
      if (isDue(e.getValue(), now)) {
        due.add(e.getKey());
      }
    }
    for (String traceId : due) {
      print(traceId);
    }
    while (buffered > maxBufferedSpans && !traces.isEmpty()) {
      print(traces.keySet().iterator().next());
    }
  }

  /** Prints the traces that are due now; called by the background thread (and tests). */
  synchronized void tick() {
    scheduledAt = Long.MAX_VALUE;
    if (shutdown) {
      return;
    }
    long now = nanoClock.getAsLong();
    printDue(now);
    schedule(now);
  }

  /** Schedules a tick when the earliest pending trace becomes due. */
  private void schedule(long now) {
    if (!background || shutdown || traces.isEmpty()) {
      return;
    }
    long next = Long.MAX_VALUE;
    for (Pending trace : traces.values()) {
      long at = trace.firstSeen + timeoutNanos;
      if (trace.rootEnded) {
        at = Math.min(at, trace.lastSeen + (trace.openHops.isEmpty() ? quietNanos : hopWaitNanos));
      }
      next = Math.min(next, at);
    }
    if (next >= scheduledAt) {
      return;
    }
    ScheduledExecutorService t = timer;
    if (t == null) {
      t =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread thread = new Thread(r, "tracekit-console-tree");
                thread.setDaemon(true);
                return thread;
              });
      timer = t;
    }
    scheduledAt = next;
    t.schedule(this::tick, Math.max(1, next - now + 1_000_000), TimeUnit.NANOSECONDS);
  }

  private void print(String traceId) {
    Pending trace = traces.remove(traceId);
    if (trace == null || trace.spans.isEmpty()) {
      return;
    }
    buffered -= trace.spans.size();
    boolean incomplete = !trace.rootEnded;
    out.print(render(traceId, trace.spans, incomplete, printed));
    out.flush();
    for (SpanData s : trace.spans) {
      printed.put(s.getSpanId(), s.getName());
    }
  }

  /**
   * Renders one trace's spans as a tree; spans whose parent is absent are top-level.
   *
   * @param traceId the trace id
   * @param spans the spans
   * @param incomplete whether the trace's root was not seen
   * @param printedBefore span id → name of spans printed earlier in this process
   * @return the tree, one line per span
   */
  static String render(
      String traceId, List<SpanData> spans, boolean incomplete, Map<String, String> printedBefore) {
    Set<String> ids = new HashSet<>();
    for (SpanData s : spans) {
      ids.add(s.getSpanId());
    }
    Map<String, List<SpanData>> children = new HashMap<>();
    List<SpanData> roots = new ArrayList<>();
    for (SpanData s : spans) {
      String parent = s.getParentSpanId();
      if (s.getParentSpanContext().isValid() && ids.contains(parent)) {
        children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
      } else {
        roots.add(s);
      }
    }
    Comparator<SpanData> byStart = Comparator.comparingLong(SpanData::getStartEpochNanos);
    roots.sort(byStart);
    children.values().forEach(list -> list.sort(byStart));
    StringBuilder sb = new StringBuilder();
    String service =
        spans.get(0).getResource().getAttribute(AttributeKey.stringKey("service.name"));
    sb.append("trace ").append(traceId);
    if (service != null) {
      sb.append(" (service ").append(service).append(')');
    }
    if (incomplete) {
      sb.append(" [root not seen yet]");
    }
    sb.append('\n');
    for (SpanData root : roots) {
      SpanContext parent = root.getParentSpanContext();
      if (parent.isValid()) {
        String name = printedBefore.get(parent.getSpanId());
        if (name != null) {
          sb.append("(continues '").append(cut(name, MAX_NAME)).append("' printed above)\n");
        } else {
          sb.append("(continues ")
              .append(parent.isRemote() ? "remote " : "")
              .append("parent ")
              .append(parent.getSpanId())
              .append(")\n");
        }
      }
      sb.append(line(root, "")).append('\n');
      walk(sb, root, children, "");
    }
    return sb.toString();
  }

  private static void walk(
      StringBuilder sb, SpanData parent, Map<String, List<SpanData>> children, String indent) {
    List<SpanData> kids = children.getOrDefault(parent.getSpanId(), List.of());
    for (int i = 0; i < kids.size(); i++) {
      boolean last = i == kids.size() - 1;
      SpanData child = kids.get(i);
      sb.append(line(child, indent + (last ? "└─ " : "├─ "))).append('\n');
      walk(sb, child, children, indent + (last ? "   " : "│  "));
    }
  }

  /** One span's line, at most {@link #MAX_LINE} characters. */
  static String line(SpanData span, String prefix) {
    StringBuilder sb = new StringBuilder(prefix).append(cut(span.getName(), MAX_NAME));
    if (span.getKind() != SpanKind.INTERNAL) {
      sb.append("  ").append(span.getKind());
    }
    double millis = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0;
    sb.append("  ").append(String.format(Locale.ROOT, "%.1f ms", millis));
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      sb.append("  ERROR");
      String description = span.getStatus().getDescription();
      if (!description.isEmpty()) {
        sb.append(": ").append(cut(description, MAX_VALUE));
      }
    }
    if (sb.length() > MAX_LINE) {
      return sb.substring(0, MAX_LINE - 1) + "…";
    }
    List<String> pieces = new ArrayList<>();
    Map<String, Object> attributes = new LinkedHashMap<>();
    span.getAttributes().forEach((k, v) -> attributes.put(k.getKey(), v));
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (isUserKey(e.getKey())) {
        pieces.add(piece(e.getKey(), e.getValue()));
      }
    }
    for (String key : KEY_ATTRIBUTES) {
      Object value = attributes.get(key);
      if (value != null) {
        pieces.add(piece(key, value));
      }
    }
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (e.getKey().startsWith("tracekit.")) {
        pieces.add(piece(e.getKey(), e.getValue()));
      }
    }
    for (int i = 0; i < pieces.size(); i++) {
      String piece = pieces.get(i);
      int more = i + 1 < pieces.size() ? 6 : 0; // room for "  +NN"
      if (sb.length() + 2 + piece.length() + more > MAX_LINE) {
        sb.append("  +").append(pieces.size() - i);
        break;
      }
      sb.append("  ").append(piece);
    }
    return sb.length() > MAX_LINE ? sb.substring(0, MAX_LINE - 1) + "…" : sb.toString();
  }

  private static boolean isUserKey(String key) {
    for (String namespace : STANDARD_NAMESPACES) {
      if (key.startsWith(namespace)) {
        return false;
      }
    }
    return true;
  }

  private static String piece(String key, Object value) {
    return cut(key, MAX_NAME) + '=' + cut(String.valueOf(value), MAX_VALUE);
  }

  private static String cut(String value, int max) {
    String oneLine = value.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() > max ? oneLine.substring(0, max - 1) + "…" : oneLine;
  }

  @Override
  public synchronized CompletableResultCode flush() {
    for (String traceId : new ArrayList<>(traces.keySet())) {
      print(traceId);
    }
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    ScheduledExecutorService t;
    synchronized (this) {
      flush();
      shutdown = true;
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.shutdownNow();
    }
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "ConsoleTreeExporter";
  }
}
