package dev.tracekit.testing.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Walks every piece of text a span would export: its name, attribute keys and values, event names
 * and attributes, link attributes and resource attributes.
 *
 * <p>Internal: not API.
 */
public final class SpanTexts {
  private SpanTexts() {}

  /** Receives one exported text. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * One text.
     *
     * @param where a human description, for example {@code attribute db.query.text}
     * @param key the attribute key, or null for a name
     * @param text the text
     */
    void visit(String where, @Nullable String key, String text);
  }

  /** Visits every text of the span. */
  public static void visit(SpanData span, boolean resource, Visitor visitor) {
    visitor.visit("span name", null, span.getName());
    attributes(span.getAttributes(), "attribute ", visitor);
    for (EventData e : span.getEvents()) {
      visitor.visit("event name", null, e.getName());
      attributes(e.getAttributes(), "event \"" + e.getName() + "\" attribute ", visitor);
    }
    for (LinkData l : span.getLinks()) {
      attributes(l.getAttributes(), "link attribute ", visitor);
    }
    if (resource) {
      attributes(span.getResource().getAttributes(), "resource attribute ", visitor);
    }
  }

  private static void attributes(Attributes attributes, String prefix, Visitor visitor) {
    for (Map.Entry<AttributeKey<?>, Object> e : attributes.asMap().entrySet()) {
      String key = e.getKey().getKey();
      Object value = e.getValue();
      if (value instanceof List<?> list) {
        for (Object v : list) {
          visitor.visit(prefix + key, key, String.valueOf(v));
        }
      } else {
        visitor.visit(prefix + key, key, String.valueOf(value));
      }
    }
  }

  /** A secret shown in a failure message: its first characters only. */
  public static String mask(String text) {
    String t = text.length() > 60 ? text.substring(0, 60) + "..." : text;
    return "\"" + t + "\"";
  }

  /** The value of the attribute with this key name, whatever its type, or null. */
  public static @Nullable Object attribute(Attributes attributes, String key) {
    for (Map.Entry<AttributeKey<?>, Object> e : attributes.asMap().entrySet()) {
      if (e.getKey().getKey().equals(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Whether an attribute value equals what a test expects (numbers compared by value). */
  public static boolean matches(@Nullable Object actual, Object expected) {
    if (actual == null) {
      return false;
    }
    if (actual instanceof Number a && expected instanceof Number e) {
      if ((a instanceof Long || a instanceof Integer)
          && (e instanceof Long || e instanceof Integer)) {
        return a.longValue() == e.longValue();
      }
      return Double.compare(a.doubleValue(), e.doubleValue()) == 0;
    }
    if (actual instanceof List<?> a && expected instanceof List<?> e) {
      if (a.size() != e.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        Object ai = a.get(i);
        Object ei = e.get(i);
        if (ei == null || !matches(ai, ei)) {
          return false;
        }
      }
      return true;
    }
    return actual.equals(expected);
  }

  /** An attribute value as shown in messages: strings quoted. */
  public static String show(@Nullable Object value) {
    if (value == null) {
      return "(absent)";
    }
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    return String.valueOf(value);
  }
}
