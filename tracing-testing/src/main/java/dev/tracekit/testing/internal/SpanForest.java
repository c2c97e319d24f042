package dev.tracekit.testing.internal;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Captured spans as trees: parents, children and roots (a span whose parent was not captured is a
 * root), rendered as indented text for failure messages.
 *
 * <p>Internal: not API.
 */
public final class SpanForest {
  private static final Comparator<SpanData> START_ORDER =
      Comparator.comparingLong(SpanData::getStartEpochNanos).thenComparing(SpanData::getName);

  private final List<SpanData> spans;
  private final Map<String, SpanData> byId = new HashMap<>();
  private final Map<String, List<SpanData>> children = new HashMap<>();
  private final List<SpanData> roots = new ArrayList<>();

  /** Indexes these spans; a span seen twice (same trace and span id) is kept once. */
  public SpanForest(Collection<? extends SpanData> all) {
    Map<String, SpanData> unique = new LinkedHashMap<>();
    for (SpanData s : all) {
      unique.putIfAbsent(id(s), s);
    }
    this.spans = List.copyOf(unique.values());
    byId.putAll(unique);
    for (SpanData s : spans) {
      SpanData parent = parent(s);
      if (parent == null) {
        roots.add(s);
      } else {
        children.computeIfAbsent(id(parent), k -> new ArrayList<>()).add(s);
      }
    }
    roots.sort(START_ORDER);
    children.values().forEach(l -> l.sort(START_ORDER));
  }

  private static String id(SpanData s) {
    return s.getTraceId() + "/" + s.getSpanId();
  }

  /** Every span, once. */
  public List<SpanData> spans() {
    return spans;
  }

  /** The spans whose parent was not captured, in start order. */
  public List<SpanData> roots() {
    return roots;
  }

  /** The captured parent, or null. */
  public @Nullable SpanData parent(SpanData span) {
    if (!span.getParentSpanContext().isValid()) {
      return null;
    }
    return byId.get(span.getTraceId() + "/" + span.getParentSpanId());
  }

  /** The children in start order. */
  public List<SpanData> children(SpanData span) {
    return children.getOrDefault(id(span), List.of());
  }

  /** The span and all its descendants. */
  public List<SpanData> subtree(SpanData span) {
    List<SpanData> out = new ArrayList<>();
    collect(span, out);
    return out;
  }

  private void collect(SpanData span, List<SpanData> out) {
    out.add(span);
    for (SpanData c : children(span)) {
      collect(c, out);
    }
  }

  /** The root of the tree holding this span. */
  public SpanData rootOf(SpanData span) {
    SpanData current = span;
    for (int i = 0; i < 10_000; i++) {
      SpanData p = parent(current);
      if (p == null) {
        return current;
      }
      current = p;
    }
    return current;
  }

  /** Every tree, one after the other, or a note when nothing was captured. */
  public String render() {
    if (spans.isEmpty()) {
      return "  (no spans captured)\n";
    }
    StringBuilder sb = new StringBuilder();
    for (SpanData root : roots) {
      sb.append("  trace ").append(root.getTraceId()).append('\n');
      render(root, 2, sb, null);
    }
    return sb.toString();
  }

  /** The tree holding this span, the span marked with an arrow. */
  public String renderTreeOf(SpanData span) {
    SpanData root = rootOf(span);
    StringBuilder sb = new StringBuilder();
    sb.append("  trace ").append(root.getTraceId()).append('\n');
    render(root, 2, sb, span);
    return sb.toString();
  }

  private void render(SpanData span, int indent, StringBuilder sb, @Nullable SpanData marked) {
    sb.append(" ".repeat(indent)).append(line(span));
    if (marked != null && id(marked).equals(id(span))) {
      sb.append("   <-- here");
    }
    sb.append('\n');
    for (SpanData c : children(span)) {
      render(c, indent + 2, sb, marked);
    }
  }

  /** One span as a line: name, kind, status, and the thread when it was recorded. */
  public static String line(SpanData span) {
    StringBuilder sb = new StringBuilder();
    sb.append(span.getName()).append(" [").append(span.getKind());
    if (span.getStatus().getStatusCode() != StatusCode.UNSET) {
      sb.append(", ").append(span.getStatus().getStatusCode());
    }
    if (!span.hasEnded()) {
      sb.append(", OPEN");
    }
    if (span.getParentSpanContext().isRemote()) {
      sb.append(", remote parent");
    }
    sb.append(']');
    return sb.toString();
  }

  /** The subtree's names only, two spaces per level, siblings sorted by name. */
  public String shape(SpanData span) {
    StringBuilder sb = new StringBuilder();
    shape(span, 0, sb);
    return sb.toString();
  }

  private void shape(SpanData span, int indent, StringBuilder sb) {
    sb.append(" ".repeat(indent)).append(span.getName()).append('\n');
    List<SpanData> sorted = new ArrayList<>(children(span));
    sorted.sort(Comparator.comparing(SpanData::getName));
    for (SpanData c : sorted) {
      shape(c, indent + 2, sb);
    }
  }

  /**
   * An expected shape written as indented names (any indentation step), rewritten the way {@link
   * #shape} writes it, so that sibling order does not matter.
   */
  public static String canonicalShape(String text) {
    List<Node> roots = new ArrayList<>();
    List<Node> stack = new ArrayList<>();
    List<Integer> indents = new ArrayList<>();
    for (String raw : text.split("\\R")) {
      if (raw.isBlank()) {
        continue;
      }
      int indent = 0;
      while (indent < raw.length() && raw.charAt(indent) == ' ') {
        indent++;
      }
      Node node = new Node(raw.strip());
      while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
        indents.remove(indents.size() - 1);
        stack.remove(stack.size() - 1);
      }
      if (stack.isEmpty()) {
        roots.add(node);
      } else {
        stack.get(stack.size() - 1).children.add(node);
      }
      stack.add(node);
      indents.add(indent);
    }
    StringBuilder sb = new StringBuilder();
    roots.sort(Comparator.comparing(n -> n.name));
    for (Node n : roots) {
      n.render(0, sb);
    }
    return sb.toString();
  }

  private static final class Node {
    final String name;
    final List<Node> children = new ArrayList<>();

    Node(String name) {
      this.name = name;
    }

    void render(int indent, StringBuilder sb) {
      sb.append(" ".repeat(indent)).append(name).append('\n');
      children.sort(Comparator.comparing(n -> n.name));
      for (Node c : children) {
        c.render(indent + 2, sb);
      }
    }
  }
}
