package dev.tracekit.examples;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The spans a scenario produced, with helpers that record a problem for every expectation not met:
 * names, kinds, parent links, trace ids and attributes.
 */
public final class TraceShape {
  private final List<SpanData> spans;
  private final List<String> problems = new ArrayList<>();

  /**
   * Wraps spans.
   *
   * @param spans the spans, in any order
   */
  public TraceShape(List<SpanData> spans) {
    List<SpanData> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
    this.spans = List.copyOf(sorted);
  }

  /**
   * All spans, by start time.
   *
   * @return the spans
   */
  public List<SpanData> spans() {
    return spans;
  }

  /**
   * The problems found so far.
   *
   * @return the problems
   */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Records a problem unless the condition holds.
   *
   * @param condition what must hold
   * @param problem the message otherwise
   */
  public void expect(boolean condition, String problem) {
    if (!condition) {
      problems.add(problem);
    }
  }

  /**
   * The spans with this name, by start time.
   *
   * @param name the span name
   * @return the spans
   */
  public List<SpanData> named(String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).toList();
  }

  /**
   * The trace ids, in order of first span start.
   *
   * @return the trace ids
   */
  public List<String> traceIds() {
    Set<String> ids = new LinkedHashSet<>();
    spans.forEach(s -> ids.add(s.getTraceId()));
    return List.copyOf(ids);
  }

  /**
   * The spans of one trace.
   *
   * @param traceId the trace id
   * @return the spans
   */
  public List<SpanData> trace(String traceId) {
    return spans.stream().filter(s -> s.getTraceId().equals(traceId)).toList();
  }

  /**
   * The n-th (from 0) span with this name and kind; a problem when absent.
   *
   * @param name the span name
   * @param kind the kind
   * @param index which one, by start time
   * @return the span, or null
   */
  public @Nullable SpanData nth(String name, SpanKind kind, int index) {
    List<SpanData> found = named(name).stream().filter(s -> s.getKind() == kind).toList();
    if (found.size() <= index) {
      problems.add(
          "expected at least "
              + (index + 1)
              + " '"
              + name
              + "' "
              + kind
              + " spans, found "
              + found.size());
      return null;
    }
    return found.get(index);
  }

  /**
   * The only span with this name and kind; a problem when there is none or several.
   *
   * @param name the span name
   * @param kind the kind
   * @return the span, or null
   */
  public @Nullable SpanData one(String name, SpanKind kind) {
    List<SpanData> found = named(name);
    if (found.size() != 1) {
      problems.add("expected one '" + name + "' span, found " + found.size());
      return null;
    }
    SpanData span = found.get(0);
    expect(span.getKind() == kind, "'" + name + "' is " + span.getKind() + ", expected " + kind);
    return span;
  }

  /**
   * A root of the trace in this process: no parent, or a remote one.
   *
   * @param span the span (null is already a problem)
   */
  public void localRoot(@Nullable SpanData span) {
    if (span != null) {
      expect(
          !span.getParentSpanContext().isValid() || span.getParentSpanContext().isRemote(),
          "'" + span.getName() + "' should start the trace here but has a local parent");
    }
  }

  /**
   * The child of {@code parent} with this name and kind; a problem when absent.
   *
   * @param parent the parent (null is already a problem)
   * @param name the child's name
   * @param kind the child's kind
   * @return the child, or null
   */
  public @Nullable SpanData child(@Nullable SpanData parent, String name, SpanKind kind) {
    if (parent == null) {
      return null;
    }
    List<SpanData> found =
        spans.stream()
            .filter(s -> s.getName().equals(name))
            .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
            .filter(s -> s.getTraceId().equals(parent.getTraceId()))
            .toList();
    if (found.isEmpty()) {
      problems.add("no '" + name + "' span under '" + parent.getName() + "'");
      return null;
    }
    SpanData span = found.get(0);
    expect(span.getKind() == kind, "'" + name + "' is " + span.getKind() + ", expected " + kind);
    return span;
  }

  /**
   * All given spans share one trace id.
   *
   * @param spans the spans (nulls are skipped: already problems)
   */
  public void sameTrace(@Nullable SpanData... spans) {
    String first = null;
    for (SpanData s : spans) {
      if (s == null) {
        continue;
      }
      if (first == null) {
        first = s.getTraceId();
      } else {
        expect(
            first.equals(s.getTraceId()),
            "'" + s.getName() + "' is in trace " + s.getTraceId() + ", expected " + first);
      }
    }
  }

  /**
   * An attribute's value, as a string.
   *
   * @param span the span
   * @param key the key
   * @return the value, or null when absent
   */
  public static @Nullable String attr(@Nullable SpanData span, String key) {
    if (span == null) {
      return null;
    }
    for (var e : span.getAttributes().asMap().entrySet()) {
      AttributeKey<?> k = e.getKey();
      if (k.getKey().equals(key)) {
        return String.valueOf(e.getValue());
      }
    }
    return null;
  }

  /**
   * The attribute has this value (compared as strings).
   *
   * @param span the span (null is already a problem)
   * @param key the key
   * @param expected the value
   */
  public void attr(@Nullable SpanData span, String key, Object expected) {
    if (span == null) {
      return;
    }
    String actual = attr(span, key);
    expect(
        Objects.equals(actual, String.valueOf(expected)),
        "'" + span.getName() + "' has " + key + "=" + actual + ", expected " + expected);
  }

  /**
   * The attribute is present.
   *
   * @param span the span (null is already a problem)
   * @param key the key
   */
  public void hasAttr(@Nullable SpanData span, String key) {
    if (span != null) {
      expect(attr(span, key) != null, "'" + span.getName() + "' lacks " + key);
    }
  }

  /**
   * The span's status is ERROR.
   *
   * @param span the span (null is already a problem)
   */
  public void error(@Nullable SpanData span) {
    if (span != null) {
      expect(
          span.getStatus().getStatusCode() == StatusCode.ERROR,
          "'" + span.getName() + "' should be an error, is " + span.getStatus().getStatusCode());
    }
  }
}
