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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints finished traces as indented trees, like the trees drawn in the seed documents:
 *
 * <pre>
 * trace 4bf92f3577b34da6a3ce929d0e0e4736 (service tagers-kiss-api)
 * POST /chatwoot/webhook  SERVER  45.2 ms  http.response.status_code=200
 * └─ chatwoot.webhook.process  44.1 ms
 *    ├─ chatwoot.hydrate  12.0 ms
 *    └─ send ai-queue  PRODUCER  2.0 ms  messaging.destination.name=ai-queue
 * </pre>
 *
 * Spans are buffered per trace (bounded) and a trace's tree is printed when its local root ends (a
 * span without a parent in this process), or after a timeout for traces whose root never arrives,
 * or on flush/shutdown. Meant for a {@code SimpleSpanProcessor}.
 *
 * <p>Internal: not API.
 */
public final class ConsoleTreeExporter implements SpanExporter {
  private static final int MAX_ATTRIBUTES = 6;
  private static final int MAX_VALUE = 80;
  private static final List<String> KEY_ATTRIBUTES =
      List.of(
          "http.request.method",
          "http.route",
          "url.full",
          "http.response.status_code",
          "db.system.name",
          "db.query.text",
          "messaging.destination.name",
          "messaging.operation.type",
          "gen_ai.request.model",
          "gen_ai.usage.input_tokens",
          "gen_ai.usage.output_tokens",
          "error.type");

  private final PrintStream out;
  private final int maxBufferedSpans;
  private final long timeoutNanos;
  private final LongSupplier nanoClock;
  private final Map<String, List<SpanData>> traces = new LinkedHashMap<>();
  private final Map<String, Long> firstSeen = new HashMap<>();
  private int buffered;

  /**
   * An exporter printing to {@code out}.
   *
   * @param out where trees are printed
   * @param maxBufferedSpans how many spans may wait for their root, over all traces
   * @param timeoutMillis how long a trace may wait for its root before it is printed anyway
   */
  public ConsoleTreeExporter(PrintStream out, int maxBufferedSpans, long timeoutMillis) {
    this(out, maxBufferedSpans, timeoutMillis, System::nanoTime);
  }

  ConsoleTreeExporter(
      PrintStream out, int maxBufferedSpans, long timeoutMillis, LongSupplier nanoClock) {
    this.out = out;
    this.maxBufferedSpans = Math.max(1, maxBufferedSpans);
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
    this.nanoClock = nanoClock;
  }

  @Override
  public synchronized CompletableResultCode export(Collection<SpanData> spans) {
    try {
      List<String> complete = new ArrayList<>();
      for (SpanData span : spans) {
        String traceId = span.getTraceId();
        traces.computeIfAbsent(traceId, k -> new ArrayList<>()).add(span);
        firstSeen.putIfAbsent(traceId, nanoClock.getAsLong());
        buffered++;
        if (isLocalRoot(span)) {
          complete.add(traceId);
        }
      }
      for (String traceId : complete) {
        print(traceId, false);
      }
      evict();
      return CompletableResultCode.ofSuccess();
    } catch (RuntimeException e) {
      return CompletableResultCode.ofExceptionalFailure(e);
    }
  }

  private static boolean isLocalRoot(SpanData span) {
    SpanContext parent = span.getParentSpanContext();
    return !parent.isValid() || parent.isRemote();
  }

  private void evict() {
    long now = nanoClock.getAsLong();
    Iterator<Map.Entry<String, Long>> it = firstSeen.entrySet().iterator();
    List<String> expired = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<String, Long> e = it.next();
      if (now - e.getValue() >= timeoutNanos) {
        expired.add(e.getKey());
      }
    }
    for (String traceId : expired) {
      print(traceId, true);
    }
    while (buffered > maxBufferedSpans && !traces.isEmpty()) {
      String oldest = traces.keySet().iterator().next();
      print(oldest, true);
    }
  }

  private void print(String traceId, boolean incomplete) {
    List<SpanData> spans = traces.remove(traceId);
    firstSeen.remove(traceId);
    if (spans == null || spans.isEmpty()) {
      return;
    }
    buffered -= spans.size();
    out.print(render(traceId, spans, incomplete));
    out.flush();
  }

  /** Renders one trace's spans as a tree; spans whose parent is absent are top-level. */
  static String render(String traceId, List<SpanData> spans, boolean incomplete) {
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
      if (root.getParentSpanContext().isValid()) {
        sb.append("(continues ")
            .append(root.getParentSpanContext().isRemote() ? "remote " : "")
            .append("parent ")
            .append(root.getParentSpanId())
            .append(")\n");
      }
      line(sb, root, "", "");
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
      line(sb, child, indent, last ? "└─ " : "├─ ");
      walk(sb, child, children, indent + (last ? "   " : "│  "));
    }
  }

  private static void line(StringBuilder sb, SpanData span, String indent, String branch) {
    sb.append(indent).append(branch).append(span.getName());
    if (span.getKind() != SpanKind.INTERNAL) {
      sb.append("  ").append(span.getKind());
    }
    double millis = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0;
    sb.append("  ").append(String.format(Locale.ROOT, "%.1f ms", millis));
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      sb.append("  ERROR");
      String description = span.getStatus().getDescription();
      if (!description.isEmpty()) {
        sb.append(": ").append(cut(description));
      }
    }
    int shown = 0;
    Map<String, Object> attributes = new LinkedHashMap<>();
    span.getAttributes().forEach((k, v) -> attributes.put(k.getKey(), v));
    for (String key : KEY_ATTRIBUTES) {
      Object value = attributes.remove(key);
      if (value != null && shown < MAX_ATTRIBUTES) {
        sb.append("  ").append(key).append('=').append(cut(String.valueOf(value)));
        shown++;
      }
    }
    for (Map.Entry<String, Object> e : attributes.entrySet()) {
      if (shown >= MAX_ATTRIBUTES) {
        break;
      }
      if (e.getKey().startsWith("tracekit.") || e.getKey().indexOf('.') < 0) {
        sb.append("  ").append(e.getKey()).append('=').append(cut(String.valueOf(e.getValue())));
        shown++;
      }
    }
    sb.append('\n');
  }

  private static String cut(String value) {
    String oneLine = value.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() > MAX_VALUE ? oneLine.substring(0, MAX_VALUE - 1) + "…" : oneLine;
  }

  @Override
  public synchronized CompletableResultCode flush() {
    for (String traceId : new ArrayList<>(traces.keySet())) {
      print(traceId, true);
    }
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return flush();
  }

  @Override
  public String toString() {
    return "ConsoleTreeExporter";
  }
}
