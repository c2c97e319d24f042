package dev.tracekit.testing;

import static dev.tracekit.testing.TracekitAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

class SpanAssertTest {
  @RegisterExtension static final TracekitExtension tracing = TracekitExtension.create();

  private static final String TREE =
      """
        trace\s""";

  private SpanAssert root() {
    Fixtures.orderTrace(tracing.telemetry());
    return assertThat(tracing).hasRoot("POST /orders");
  }

  /** Every failure prints the actual tree with the kinds, the span in question marked. */
  private static void printsTree(Throwable error, String marked) {
    assertThat(error.getMessage())
        .contains("Actual trace:")
        .contains(TREE)
        .contains("POST /orders [SERVER, OK]")
        .contains("    INSERT orders [CLIENT]")
        .contains("    chat gpt-4o [CLIENT]")
        .contains("      execute_tool lookup_order [INTERNAL]")
        .contains(marked + "   <-- here");
  }

  @Test
  void navigatesTheTree() {
    root()
        .isRoot()
        .hasKind(SpanKind.SERVER)
        .hasStatus(StatusCode.OK)
        .hasChildren("chat gpt-4o", "INSERT orders")
        .withChild("chat gpt-4o")
        .hasParent("POST /orders")
        .withChild("execute_tool lookup_order")
        .hasNoChildren()
        .up()
        .up()
        .withChild("INSERT orders")
        .hasKind(SpanKind.CLIENT)
        .up()
        .withDescendant("execute_tool lookup_order")
        .hasParent("chat gpt-4o");
  }

  @Test
  void withChildFailureSaysWhichChildrenThereAre() {
    SpanAssert root = root();
    AssertionError e = catchError(() -> root.withChild("UPDATE orders"));
    assertThat(e)
        .hasMessageContaining(
            "Expected span \"POST /orders\" to have one child \"UPDATE orders\", but it has 0;"
                + " its children are [INSERT orders, chat gpt-4o]");
    printsTree(e, "POST /orders [SERVER, OK]");
  }

  @Test
  void withChildByIndexAndDescendantFailures() {
    SpanAssert root = root();
    AssertionError e = catchError(() -> root.withChild("INSERT orders", 1));
    assertThat(e)
        .hasMessageContaining("to have at least 2 children \"INSERT orders\", but it has 1");
    e = catchError(() -> root.withDescendant("nowhere"));
    assertThat(e).hasMessageContaining("to have one descendant \"nowhere\", but it has 0");
    printsTree(e, "POST /orders [SERVER, OK]");
    assertThatThrownBy(() -> assertThat(tracing).hasRoot("POST /orders").up())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void hasChildrenAndNoChildrenFailures() {
    SpanAssert root = root();
    AssertionError e = catchError(() -> root.hasChildren("INSERT orders"));
    assertThat(e)
        .hasMessageContaining(
            "Expected span \"POST /orders\" to have the children [INSERT orders] (in any order),"
                + " but they are [INSERT orders, chat gpt-4o]");
    printsTree(e, "POST /orders [SERVER, OK]");
    e = catchError(() -> root.withChild("chat gpt-4o").hasNoChildren());
    assertThat(e)
        .hasMessageContaining(
            "Expected span \"chat gpt-4o\" to have no children, but it has"
                + " [execute_tool lookup_order]");
    printsTree(e, "    chat gpt-4o [CLIENT]");
  }

  @Test
  void hasShapeFailurePrintsExpectedAndActualShapes() {
    SpanAssert root = root();
    AssertionFailedError e =
        (AssertionFailedError)
            catchError(
                () ->
                    root.hasShape(
                        """
                        POST /orders
                          INSERT orders
                          chat gpt-4o
                        """));
    assertThat(e.getMessage())
        .contains("Expected the tree below span \"POST /orders\" to be\n")
        .contains("but it is\n  POST /orders\n    INSERT orders\n    chat gpt-4o\n")
        .contains("      execute_tool lookup_order\n");
    printsTree(e, "POST /orders [SERVER, OK]");
    assertThat(e.getExpected().getStringRepresentation())
        .isEqualTo("POST /orders\n  INSERT orders\n  chat gpt-4o\n");
    assertThat(e.getActual().getStringRepresentation())
        .isEqualTo("POST /orders\n  INSERT orders\n  chat gpt-4o\n    execute_tool lookup_order\n");
    // Sibling order and indentation step do not matter.
    root.hasShape(
        "POST /orders\n    chat gpt-4o\n        execute_tool lookup_order\n    INSERT orders");
  }

  @Test
  void parentAndRootFailures() {
    SpanAssert root = root();
    SpanAssert tool = root.withDescendant("execute_tool lookup_order");
    AssertionError e = catchError(tool::isRoot);
    assertThat(e)
        .hasMessageContaining(
            "Expected span \"execute_tool lookup_order\" to be a root, but its parent is \"chat"
                + " gpt-4o\"");
    printsTree(e, "      execute_tool lookup_order [INTERNAL]");
    e = catchError(() -> tool.hasParent("POST /orders"));
    assertThat(e)
        .hasMessageContaining(
            "Expected the parent of span \"execute_tool lookup_order\" to be \"POST /orders\","
                + " but it is \"chat gpt-4o\"");
    e = catchError(() -> root.hasParent("x"));
    assertThat(e).hasMessageContaining("but it is none (a root)");
  }

  @Test
  void kindStatusNameFailures() {
    SpanAssert insert = root().withChild("INSERT orders");
    AssertionError e = catchError(() -> insert.hasKind(SpanKind.SERVER));
    assertThat(e)
        .hasMessageContaining("Expected span \"INSERT orders\" to be SERVER, but it is CLIENT");
    printsTree(e, "    INSERT orders [CLIENT]");
    e = catchError(() -> insert.hasStatus(StatusCode.ERROR));
    assertThat(e)
        .hasMessageContaining(
            "Expected span \"INSERT orders\" to have status ERROR, but it has UNSET");
    e = catchError(() -> insert.hasName("INSERT"));
    assertThat(e)
        .hasMessageContaining(
            "Expected the span to be named \"INSERT\", but it is \"INSERT orders\"");
  }

  @Test
  void attributeFailuresShowTheActualValueAndAllAttributes() {
    SpanAssert root = root();
    root.hasAttribute("http.response.status_code", 201)
        .hasAttribute(AttributeKey.stringKey("http.request.method"), "POST")
        .hasAttributeKey("http.request.method")
        .doesNotHaveAttribute("url.full");
    AssertionError e = catchError(() -> root.hasAttribute("http.response.status_code", 200));
    assertThat(e)
        .hasMessageContaining(
            "Expected span \"POST /orders\" to have http.response.status_code=200, but it is 201")
        .hasMessageContaining("has attributes {")
        .hasMessageContaining("http.request.method=POST");
    printsTree(e, "POST /orders [SERVER, OK]");
    e = catchError(() -> root.hasAttribute("url.full", "http://x"));
    assertThat(e)
        .hasMessageContaining("to have url.full=\"http://x\", but it has no such attribute");
    e = catchError(() -> root.doesNotHaveAttribute("http.request.method"));
    assertThat(e)
        .hasMessageContaining(
            "Expected span \"POST /orders\" to have no attribute http.request.method, but it is"
                + " \"POST\"");
    e = catchError(() -> root.hasAttributeKey("url.full"));
    assertThat(e).hasMessageContaining("to have the attribute url.full, but it has none");
  }

  @Test
  void eventExceptionAndErrorFailures() {
    SpanAssert root = root().hasEvent("order.accepted");
    AssertionError e = catchError(() -> root.hasEvent("order.rejected"));
    assertThat(e)
        .hasMessageContaining(
            "Expected span \"POST /orders\" to have an event \"order.rejected\", but its events"
                + " are [order.accepted]");
    printsTree(e, "POST /orders [SERVER, OK]");
    e = catchError(() -> root.hasException(IllegalStateException.class));
    assertThat(e)
        .hasMessageContaining(
            "to have an exception event of type java.lang.IllegalStateException, but its events"
                + " are [order.accepted]");
    e = catchError(() -> root.hasError("500"));
    assertThat(e).hasMessageContaining("to have status ERROR, but it has OK");
  }

  @Test
  void errorsAndExceptionsPass() {
    Tracer tracer = tracing.openTelemetry().getTracer("t");
    Span span = tracer.spanBuilder("failing").startSpan();
    span.recordException(new IllegalStateException("boom"));
    span.setStatus(StatusCode.ERROR);
    span.setAttribute("error.type", "java.lang.IllegalStateException");
    span.end();
    assertThat(tracing)
        .span("failing")
        .hasError("java.lang.IllegalStateException")
        .hasException(IllegalStateException.class);
  }

  @Test
  void linksAndTraceMembership() {
    Tracer tracer = tracing.openTelemetry().getTracer("t");
    Span producer = tracer.spanBuilder("publish").setSpanKind(SpanKind.PRODUCER).startSpan();
    producer.end();
    tracer
        .spanBuilder("process")
        .setSpanKind(SpanKind.CONSUMER)
        .setNoParent()
        .addLink(producer.getSpanContext())
        .startSpan()
        .end();
    SpanData publish = tracing.span("publish");
    SpanAssert process = assertThat(tracing).span("process").hasLinkTo("publish");
    AssertionError e = catchError(() -> process.hasLinkTo("other"));
    assertThat(e)
        .hasMessageContaining(
            "Expected span \"process\" to link to \"other\", but its links are [publish]");
    assertThat(e)
        .hasMessageContaining("Actual trace:")
        .hasMessageContaining("process [CONSUMER]   <-- here");
    e = catchError(() -> process.isInTraceOf(publish));
    assertThat(e)
        .hasMessageContaining("Expected span \"process\" to be in trace " + publish.getTraceId());
  }

  @Test
  void dbQueryAssertions() {
    Tracer tracer = tracing.openTelemetry().getTracer("t");
    tracer
        .spanBuilder("SELECT users")
        .setAttribute("db.query.text", "SELECT * FROM users WHERE name = 'alice'")
        .startSpan()
        .end();
    SpanAssert insert = root().withChild("INSERT orders");
    insert.hasDbQueryText("INSERT INTO orders (id, total) VALUES (?, ?)").hasSanitizedDbQuery();
    AssertionError e = catchError(() -> insert.hasDbQueryText("INSERT INTO orders VALUES (?)"));
    assertThat(e)
        .hasMessageContaining(
            "to have db.query.text=\"INSERT INTO orders VALUES (?)\", but it is \"INSERT INTO"
                + " orders (id, total) VALUES (?, ?)\"");
    printsTree(e, "    INSERT orders [CLIENT]");
    e = catchError(() -> assertThat(tracing).span("SELECT users").hasSanitizedDbQuery());
    assertThat(e)
        .hasMessageContaining(
            "Expected the db.query.text of span \"SELECT users\" to hold no literal")
        .hasMessageContaining("SELECT * FROM users WHERE name = 'alice'")
        .hasMessageContaining("SELECT * FROM users WHERE name = ?");
    e = catchError(() -> assertThat(tracing).hasRoot("POST /orders").hasSanitizedDbQuery());
    assertThat(e).hasMessageContaining("to have a sanitized db.query.text, but it has none");
  }

  @Test
  void descriptionsAndOtelAssertionsCompose() {
    SpanAssert root = root();
    root.satisfiesOtel(s -> s.hasName("POST /orders").hasKind(SpanKind.SERVER));
    AssertionError e = catchError(() -> root.as("checkout request").hasKind(SpanKind.CLIENT));
    assertThat(e).hasMessageContaining("[checkout request]");
    Scope ignored = null;
    assertThat(ignored).isNull();
  }

  static AssertionError catchError(Runnable r) {
    try {
      r.run();
    } catch (AssertionError e) {
      return e;
    }
    throw new AssertionError("expected the assertion to fail");
  }
}
