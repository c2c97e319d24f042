package dev.tracekit.testing;

import dev.tracekit.core.sql.SqlSanitizer;
import dev.tracekit.testing.internal.SpanForest;
import dev.tracekit.testing.internal.SpanTexts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import io.opentelemetry.sdk.testing.assertj.SpanDataAssert;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ExceptionAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractAssert;
import org.jspecify.annotations.Nullable;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on one span inside its trace: what it is (kind, status, attributes, events, links) and
 * where it is (parent, children, the shape of its subtree). Navigate down with {@link
 * #withChild(String)} and back up with {@link #up()}. Every failure says what was expected and
 * prints the actual trace, the span marked.
 *
 * <pre>{@code
 * assertThat(telemetry)
 *     .hasRoot("POST /orders").hasKind(SpanKind.SERVER)
 *     .withChild("INSERT orders").hasDbQueryText("INSERT INTO orders (id, total) VALUES (?, ?)")
 *     .up()
 *     .withChild("chat gpt-4o").genAi().hasTokens(12, 30);
 * }</pre>
 */
public final class SpanAssert extends AbstractAssert<SpanAssert, SpanData> {
  private final SpanForest forest;
  private final @Nullable SpanAssert from;

  SpanAssert(SpanData span, SpanForest forest, @Nullable SpanAssert from) {
    super(span, SpanAssert.class);
    this.forest = forest;
    this.from = from;
  }

  /**
   * The span under assertion.
   *
   * @return the span
   */
  public SpanData span() {
    return actual;
  }

  SpanForest forest() {
    return forest;
  }

  /** Fails with the expectation, the span's attributes and its trace. */
  void fail(String expectation) {
    failWithMessage(
        "%s",
        expectation
            + "\nSpan \""
            + actual.getName()
            + "\" has attributes "
            // copied: on OpenTelemetry 1.49 asMap() is the SDK's AttributesMap, whose toString()
            // adds its capacity and counters
            + new java.util.LinkedHashMap<>(actual.getAttributes().asMap())
            + "\nActual trace:\n"
            + forest.renderTreeOf(actual));
  }

  private String who() {
    return "span \"" + actual.getName() + "\"";
  }

  // ---- tree ----

  /**
   * Moves to the one child with this name.
   *
   * @param name the child's name
   * @return assertions on the child; {@link #up()} comes back here
   */
  public SpanAssert withChild(String name) {
    Objects.requireNonNull(name, "name");
    List<SpanData> named = childrenNamed(name);
    if (named.size() != 1) {
      fail(
          "Expected "
              + who()
              + " to have one child \""
              + name
              + "\", but it has "
              + named.size()
              + (named.isEmpty() ? "" : " (use withChild(name, index))")
              + "; its children are "
              + names(forest.children(actual)));
    }
    return new SpanAssert(named.get(0), forest, this);
  }

  /**
   * Moves to the {@code index}-th child (in start order, from 0) with this name, for repeated
   * children.
   *
   * @param name the child's name
   * @param index which one
   * @return assertions on the child
   */
  public SpanAssert withChild(String name, int index) {
    Objects.requireNonNull(name, "name");
    List<SpanData> named = childrenNamed(name);
    if (index < 0 || index >= named.size()) {
      fail(
          "Expected "
              + who()
              + " to have at least "
              + (index + 1)
              + " children \""
              + name
              + "\", but it has "
              + named.size()
              + "; its children are "
              + names(forest.children(actual)));
    }
    return new SpanAssert(named.get(index), forest, this);
  }

  /**
   * Moves to the one descendant (child, grandchild, ...) with this name.
   *
   * @param name the descendant's name
   * @return assertions on it; {@link #up()} comes back here
   */
  public SpanAssert withDescendant(String name) {
    Objects.requireNonNull(name, "name");
    List<SpanData> named =
        forest.subtree(actual).stream()
            .filter(s -> s != actual && s.getName().equals(name))
            .toList();
    if (named.size() != 1) {
      fail(
          "Expected "
              + who()
              + " to have one descendant \""
              + name
              + "\", but it has "
              + named.size());
    }
    return new SpanAssert(named.get(0), forest, this);
  }

  /**
   * Goes back to the span this one was reached from ({@link #withChild}, {@link #withDescendant});
   * for a span found directly, to its parent.
   *
   * @return the assertions on that span
   * @throws IllegalStateException on a root the assertions started from
   */
  public SpanAssert up() {
    if (from != null) {
      return from;
    }
    SpanData parent = forest.parent(actual);
    if (parent == null) {
      throw new IllegalStateException(
          "up(): " + who() + " is a root where these assertions started; there is no parent");
    }
    return new SpanAssert(parent, forest, null);
  }

  /**
   * Checks the children's names, in any order (repeated names counted).
   *
   * @param names every child's name
   * @return this
   */
  public SpanAssert hasChildren(String... names) {
    Objects.requireNonNull(names, "names");
    List<String> expected = new ArrayList<>(Arrays.asList(names));
    List<String> actualNames = new ArrayList<>(names(forest.children(actual)));
    expected.sort(null);
    actualNames.sort(null);
    if (!expected.equals(actualNames)) {
      fail(
          "Expected "
              + who()
              + " to have the children "
              + expected
              + " (in any order), but they are "
              + actualNames);
    }
    return this;
  }

  /**
   * Checks that the span has no children.
   *
   * @return this
   */
  public SpanAssert hasNoChildren() {
    List<SpanData> children = forest.children(actual);
    if (!children.isEmpty()) {
      fail("Expected " + who() + " to have no children, but it has " + names(children));
    }
    return this;
  }

  /**
   * Checks the whole subtree below (and including) this span by names, written one span a line,
   * children indented below their parent; siblings may be listed in any order.
   *
   * <pre>{@code
   * .hasShape("""
   *     POST /orders
   *       INSERT orders
   *       publish orders
   *         process orders
   *     """)
   * }</pre>
   *
   * @param shape the expected shape
   * @return this
   */
  public SpanAssert hasShape(String shape) {
    Objects.requireNonNull(shape, "shape");
    String expected = SpanForest.canonicalShape(shape);
    String actualShape = forest.shape(actual);
    if (!expected.equals(actualShape)) {
      String message =
          "Expected the tree below "
              + who()
              + " to be\n"
              + indent(expected)
              + "but it is\n"
              + indent(actualShape)
              + "Actual trace:\n"
              + forest.renderTreeOf(actual);
      throw new AssertionFailedError(describe(message), expected, actualShape);
    }
    return this;
  }

  private String describe(String message) {
    String d = descriptionText();
    return d == null || d.isEmpty() ? message : "[" + d + "] " + message;
  }

  private static String indent(String text) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n")) {
      sb.append("  ").append(line).append('\n');
    }
    return sb.toString();
  }

  /**
   * Checks that the span has no captured parent.
   *
   * @return this
   */
  public SpanAssert isRoot() {
    SpanData parent = forest.parent(actual);
    if (parent != null) {
      fail("Expected " + who() + " to be a root, but its parent is \"" + parent.getName() + "\"");
    }
    return this;
  }

  /**
   * Checks the parent's name.
   *
   * @param name the parent's name
   * @return this
   */
  public SpanAssert hasParent(String name) {
    Objects.requireNonNull(name, "name");
    SpanData parent = forest.parent(actual);
    if (parent == null || !parent.getName().equals(name)) {
      fail(
          "Expected the parent of "
              + who()
              + " to be \""
              + name
              + "\", but it is "
              + (parent == null ? "none (a root)" : "\"" + parent.getName() + "\""));
    }
    return this;
  }

  /**
   * Checks that the span belongs to the same trace as another.
   *
   * @param other the other span
   * @return this
   */
  public SpanAssert isInTraceOf(SpanData other) {
    Objects.requireNonNull(other, "other");
    if (!actual.getTraceId().equals(other.getTraceId())) {
      fail(
          "Expected "
              + who()
              + " to be in trace "
              + other.getTraceId()
              + " (of \""
              + other.getName()
              + "\"), but it is in "
              + actual.getTraceId());
    }
    return this;
  }

  // ---- the span itself ----

  /**
   * Checks the name.
   *
   * @param name the expected name
   * @return this
   */
  public SpanAssert hasName(String name) {
    if (!actual.getName().equals(name)) {
      fail(
          "Expected the span to be named \"" + name + "\", but it is \"" + actual.getName() + "\"");
    }
    return this;
  }

  /**
   * Checks the kind.
   *
   * @param kind the expected kind
   * @return this
   */
  public SpanAssert hasKind(SpanKind kind) {
    if (actual.getKind() != kind) {
      fail("Expected " + who() + " to be " + kind + ", but it is " + actual.getKind());
    }
    return this;
  }

  /**
   * Checks the status code.
   *
   * @param code the expected status code
   * @return this
   */
  public SpanAssert hasStatus(StatusCode code) {
    if (actual.getStatus().getStatusCode() != code) {
      fail(
          "Expected "
              + who()
              + " to have status "
              + code
              + ", but it has "
              + actual.getStatus().getStatusCode()
              + (actual.getStatus().getDescription().isEmpty()
                  ? ""
                  : " (\"" + actual.getStatus().getDescription() + "\")"));
    }
    return this;
  }

  /**
   * Checks that the span records an error: status {@code ERROR} and this {@code error.type}.
   *
   * @param errorType the expected {@code error.type}, for example {@code 500} or an exception class
   *     name
   * @return this
   */
  public SpanAssert hasError(String errorType) {
    hasStatus(StatusCode.ERROR);
    return hasAttribute(ErrorAttributes.ERROR_TYPE, errorType);
  }

  /**
   * Checks for an {@code exception} event whose {@code exception.type} is this class.
   *
   * @param type the exception class
   * @return this
   */
  public SpanAssert hasException(Class<? extends Throwable> type) {
    Objects.requireNonNull(type, "type");
    boolean found =
        actual.getEvents().stream()
            .anyMatch(
                e ->
                    e.getName().equals("exception")
                        && type.getName()
                            .equals(e.getAttributes().get(ExceptionAttributes.EXCEPTION_TYPE)));
    if (!found) {
      fail(
          "Expected "
              + who()
              + " to have an exception event of type "
              + type.getName()
              + ", but its events are "
              + events());
    }
    return this;
  }

  /**
   * Checks an attribute's value.
   *
   * @param key the key
   * @param value the expected value
   * @param <T> the value type
   * @return this
   */
  public <T> SpanAssert hasAttribute(AttributeKey<T> key, T value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return hasAttribute(key.getKey(), value);
  }

  /**
   * Checks an attribute's value by key name, whatever its type (numbers compared by value, so
   * {@code 3} matches a long {@code 3L}).
   *
   * @param key the key
   * @param value the expected value
   * @return this
   */
  public SpanAssert hasAttribute(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Object found = SpanTexts.attribute(actual.getAttributes(), key);
    if (!SpanTexts.matches(found, value)) {
      fail(
          "Expected "
              + who()
              + " to have "
              + key
              + "="
              + SpanTexts.show(value)
              + ", but "
              + (found == null ? "it has no such attribute" : "it is " + SpanTexts.show(found)));
    }
    return this;
  }

  /**
   * Checks that an attribute is present, whatever its value.
   *
   * @param key the key
   * @return this
   */
  public SpanAssert hasAttributeKey(String key) {
    Objects.requireNonNull(key, "key");
    if (SpanTexts.attribute(actual.getAttributes(), key) == null) {
      fail("Expected " + who() + " to have the attribute " + key + ", but it has none");
    }
    return this;
  }

  /**
   * Checks that an attribute is absent.
   *
   * @param key the key
   * @return this
   */
  public SpanAssert doesNotHaveAttribute(String key) {
    Objects.requireNonNull(key, "key");
    Object found = SpanTexts.attribute(actual.getAttributes(), key);
    if (found != null) {
      fail(
          "Expected "
              + who()
              + " to have no attribute "
              + key
              + ", but it is "
              + SpanTexts.show(found));
    }
    return this;
  }

  /**
   * Checks for an event with this name.
   *
   * @param name the event name
   * @return this
   */
  public SpanAssert hasEvent(String name) {
    Objects.requireNonNull(name, "name");
    if (actual.getEvents().stream().noneMatch(e -> e.getName().equals(name))) {
      fail(
          "Expected "
              + who()
              + " to have an event \""
              + name
              + "\", but its events are "
              + events());
    }
    return this;
  }

  private List<String> events() {
    return actual.getEvents().stream().map(EventData::getName).toList();
  }

  /**
   * Checks for a link to a captured span with this name.
   *
   * @param spanName the linked span's name
   * @return this
   */
  public SpanAssert hasLinkTo(String spanName) {
    Objects.requireNonNull(spanName, "spanName");
    List<String> linked = new ArrayList<>();
    for (LinkData link : actual.getLinks()) {
      String name =
          forest.spans().stream()
              .filter(
                  s ->
                      s.getTraceId().equals(link.getSpanContext().getTraceId())
                          && s.getSpanId().equals(link.getSpanContext().getSpanId()))
              .map(SpanData::getName)
              .findFirst()
              .orElse(
                  "(not captured: "
                      + link.getSpanContext().getTraceId()
                      + "/"
                      + link.getSpanContext().getSpanId()
                      + ")");
      if (name.equals(spanName)) {
        return this;
      }
      linked.add(name);
    }
    fail("Expected " + who() + " to link to \"" + spanName + "\", but its links are " + linked);
    return this;
  }

  // ---- databases ----

  /**
   * Checks the {@code db.query.text} a database client span exported.
   *
   * @param text the expected (sanitized) statement
   * @return this
   */
  public SpanAssert hasDbQueryText(String text) {
    return hasAttribute(DbAttributes.DB_QUERY_TEXT, Objects.requireNonNull(text, "text"));
  }

  /**
   * Checks that the exported {@code db.query.text} holds no literal: TraceKit's {@link
   * SqlSanitizer} finds nothing left to replace in it.
   *
   * @return this
   */
  public SpanAssert hasSanitizedDbQuery() {
    String text = actual.getAttributes().get(DbAttributes.DB_QUERY_TEXT);
    if (text == null) {
      fail("Expected " + who() + " to have a sanitized db.query.text, but it has none");
      return this;
    }
    String sanitized = SqlSanitizer.sanitize(text).query();
    if (!text.equals(sanitized)) {
      fail(
          "Expected the db.query.text of "
              + who()
              + " to hold no literal, but it is\n  "
              + text
              + "\nand sanitized it would be\n  "
              + sanitized);
    }
    return this;
  }

  // ---- GenAI and escape hatch ----

  /**
   * GenAI assertions on this span (model, provider, tokens, finish reasons, tool calls, content).
   *
   * @return the GenAI assertions; {@link GenAiAssert#and()} comes back here
   */
  public GenAiAssert genAi() {
    return new GenAiAssert(this);
  }

  /**
   * Runs OpenTelemetry's own span assertions ({@code opentelemetry-sdk-testing}) on this span.
   *
   * @param assertions the assertions
   * @return this
   */
  public SpanAssert satisfiesOtel(Consumer<SpanDataAssert> assertions) {
    Objects.requireNonNull(assertions, "assertions");
    assertions.accept(OpenTelemetryAssertions.assertThat(actual));
    return this;
  }

  private List<SpanData> childrenNamed(String name) {
    return forest.children(actual).stream().filter(s -> s.getName().equals(name)).toList();
  }

  private static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).toList();
  }
}
