package dev.tracekit.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracingTest {
  private InMemorySpanExporter exporter;
  private OpenTelemetrySdk sdk;
  private Tracing tracing;

  @BeforeEach
  void setUp() {
    exporter = InMemorySpanExporter.create();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    tracing = Tracing.create(sdk);
  }

  @AfterEach
  void tearDown() {
    sdk.close();
  }

  private SpanData only(String name) {
    List<SpanData> spans = exporter.getFinishedSpanItems();
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as("spans named %s among %s", name, spans).hasSize(1);
    return found.get(0);
  }

  @Test
  void traceReturnsTheResultWithTheSpanCurrentInside() {
    AtomicReference<String> inside = new AtomicReference<>();
    String result =
        tracing.trace(
            "orders.place",
            () -> {
              inside.set(Span.current().getSpanContext().getSpanId());
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    SpanData span = only("orders.place");
    assertThat(span.getSpanId()).isEqualTo(inside.get());
    assertThat(span.hasEnded()).isTrue();
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getInstrumentationScopeInfo().getName()).isEqualTo("dev.tracekit");
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void checkedExceptionIsRecordedAndRethrownUnchanged() {
    IOException boom = new IOException("disk full");
    assertThatThrownBy(
            () ->
                tracing.trace(
                    "files.write",
                    () -> {
                      throw boom;
                    }))
        .isSameAs(boom);
    SpanData span = only("files.write");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("disk full");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.io.IOException");
    EventData event = span.getEvents().get(0);
    assertThat(event.getName()).isEqualTo("exception");
    assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("disk full");
  }

  @Test
  void databaseErrorMessagesAreNotExportedOnlyTheirTypeAndSqlState() {
    java.sql.SQLException dup =
        new java.sql.SQLException(
            "duplicate key: Key (email)=(alice@example.com) already exists", "23505");
    assertThatThrownBy(
            () ->
                tracing.run(
                    "user.create",
                    () -> {
                      throw dup;
                    }))
        .isSameAs(dup);
    SpanData span = only("user.create");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("SQLState 23505");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.sql.SQLException");
    assertThat(span.getEvents()).hasSize(1);
    assertThat(span.getEvents().get(0).getAttributes().asMap().values().toString())
        .doesNotContain("alice@example.com");
  }

  /** A completion exception whose cause is set later, to build a cycle. */
  static final class Cyclic extends java.util.concurrent.CompletionException {
    private static final long serialVersionUID = 1L;

    Cyclic(String message) {
      super(message);
    }
  }

  @Test
  void aCyclicCauseChainDoesNotHang() {
    java.util.concurrent.CompletionException a = new Cyclic("a");
    java.util.concurrent.CompletionException b = new java.util.concurrent.CompletionException(a);
    a.initCause(b);
    assertThatThrownBy(
            () ->
                tracing.run(
                    "cyclic",
                    () -> {
                      throw b;
                    }))
        .isSameAs(b);
    assertThat(only("cyclic").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void checkedExceptionTypeFlowsThroughTheSignature() {
    // Compiles only because trace(..) declares the lambda's IOException, not Throwable.
    try {
      tracing.run(
          "io.call",
          () -> {
            throw new IOException("x");
          });
    } catch (IOException expected) {
      assertThat(expected).hasMessage("x");
    }
    assertThat(only("io.call").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void functionFormHandsTheSpanToTheCallback() {
    int n =
        tracing.trace(
            "with.span",
            span -> {
              span.setAttribute("items", 3);
              return 3;
            });
    assertThat(n).isEqualTo(3);
    assertThat(only("with.span").getAttributes().get(AttributeKey.longKey("items"))).isEqualTo(3);
  }

  @Test
  void nestedSpansHaveParents() {
    tracing.run(
        "parent",
        () -> {
          tracing.run("child", () -> {});
        });
    SpanData parent = only("parent");
    SpanData child = only("child");
    assertThat(child.getParentSpanId()).isEqualTo(parent.getSpanId());
    assertThat(child.getTraceId()).isEqualTo(parent.getTraceId());
  }

  @Test
  void traceAsyncEndsWhenTheStageCompletes() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    AtomicReference<String> inside = new AtomicReference<>();
    CompletableFuture<String> result =
        tracing.traceAsync(
            "llm.reply",
            () -> {
              inside.set(Span.current().getSpanContext().getSpanId());
              return source;
            });
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
    source.complete("hello");
    assertThat(result.get(1, TimeUnit.SECONDS)).isEqualTo("hello");
    SpanData span = only("llm.reply");
    assertThat(span.getSpanId()).isEqualTo(inside.get());
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void traceAsyncRecordsFailure() {
    CompletableFuture<String> result =
        tracing.traceAsync(
            "llm.fail",
            () -> CompletableFuture.failedFuture(new IllegalStateException("rate limited")));
    assertThat(result).isCompletedExceptionally();
    assertThatThrownBy(result::join).hasCauseInstanceOf(IllegalStateException.class);
    SpanData span = only("llm.fail");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("rate limited");
  }

  @Test
  void traceAsyncSupplierThatThrowsOrReturnsNullYieldsAFailedFuture() {
    CompletableFuture<String> thrown =
        tracing.traceAsync(
            "async.throw",
            () -> {
              throw new IllegalArgumentException("bad");
            });
    assertThat(thrown).isCompletedExceptionally();
    CompletableFuture<String> nul = tracing.traceAsync("async.null", () -> null);
    assertThat(nul).isCompletedExceptionally();
    CompletableFuture<String> nullSupplier = tracing.traceAsync("async.nosupplier", null);
    assertThat(nullSupplier).isCompletedExceptionally();
    assertThat(only("async.throw").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(only("async.null").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void cancellingTheReturnedFutureIsRecordedAndPassedThrough() {
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletableFuture<String> result = tracing.traceAsync("slow.call", () -> source);
    result.cancel(true);
    assertThat(source).isCancelled();
    SpanData span = only("slow.call");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("cancelled");
    assertThat(span.getEvents()).extracting(EventData::getName).contains("cancelled");
  }

  @Test
  void spanBuilderSetsKindAttributesLinksAndStartTime() {
    SpanContext linked =
        SpanContext.createFromRemoteParent(
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    String out =
        tracing
            .span("payments.charge")
            .kind(SpanKind.CLIENT)
            .attribute("payment.provider", "stripe")
            .attribute("payment.retries", 2L)
            .attribute("payment.ratio", 0.5)
            .attribute("payment.test", true)
            .attribute(AttributeKey.stringArrayKey("payment.tags"), List.of("a", "b"))
            .attributes(
                Map.of(
                    "userId",
                    "user-123",
                    "items",
                    3,
                    "amount",
                    12.5,
                    "vip",
                    false,
                    "codes",
                    List.of(1, 2)))
            .link(linked)
            .startTime(start)
            .call(() -> "charged");
    assertThat(out).isEqualTo("charged");
    SpanData span = only("payments.charge");
    Attributes a = span.getAttributes();
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(a.get(AttributeKey.stringKey("payment.provider"))).isEqualTo("stripe");
    assertThat(a.get(AttributeKey.longKey("payment.retries"))).isEqualTo(2L);
    assertThat(a.get(AttributeKey.doubleKey("payment.ratio"))).isEqualTo(0.5);
    assertThat(a.get(AttributeKey.booleanKey("payment.test"))).isTrue();
    assertThat(a.get(AttributeKey.stringArrayKey("payment.tags"))).containsExactly("a", "b");
    assertThat(a.get(AttributeKey.stringKey("userId"))).isEqualTo("user-123");
    assertThat(a.get(AttributeKey.longKey("items"))).isEqualTo(3L);
    assertThat(a.get(AttributeKey.doubleKey("amount"))).isEqualTo(12.5);
    assertThat(a.get(AttributeKey.booleanKey("vip"))).isFalse();
    assertThat(a.get(AttributeKey.longArrayKey("codes"))).containsExactly(1L, 2L);
    assertThat(span.getLinks()).hasSize(1);
    assertThat(span.getLinks().get(0).getSpanContext().getTraceId()).isEqualTo(linked.getTraceId());
    assertThat(span.getStartEpochNanos()).isEqualTo(start.toEpochMilli() * 1_000_000L);
  }

  @Test
  void spanBuilderExplicitParentAndNewRoot() {
    SpanContext remote =
        SpanContext.createFromRemoteParent(
            "4bf92f3577b34da6a3ce929d0e0e4736",
            "00f067aa0ba902b7",
            TraceFlags.getSampled(),
            TraceState.getDefault());
    Context parent = Context.root().with(Span.wrap(remote));
    tracing.span("worker.process").kind(SpanKind.CONSUMER).parent(parent).run(() -> {});
    tracing.run("outer", () -> tracing.span("fresh.root").noParent().run(() -> {}));
    SpanData worker = only("worker.process");
    assertThat(worker.getTraceId()).isEqualTo(remote.getTraceId());
    assertThat(worker.getParentSpanId()).isEqualTo(remote.getSpanId());
    assertThat(only("fresh.root").getParentSpanContext().isValid()).isFalse();
    assertThat(only("fresh.root").getTraceId()).isNotEqualTo(only("outer").getTraceId());
  }

  @Test
  void startHandleIsCurrentUntilClosed() {
    String spanId;
    try (ActiveSpan active = tracing.span("batch.import").start()) {
      spanId = Span.current().getSpanContext().getSpanId();
      assertThat(active.span().getSpanContext().getSpanId()).isEqualTo(spanId);
      active.recordError(new IllegalStateException("row 7"));
    }
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    SpanData span = only("batch.import");
    assertThat(span.getSpanId()).isEqualTo(spanId);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void callAsyncOnTheBuilder() {
    CompletableFuture<Integer> f =
        tracing
            .span("async.builder")
            .kind(SpanKind.CLIENT)
            .callAsync(() -> CompletableFuture.completedFuture(7));
    assertThat(f.join()).isEqualTo(7);
    assertThat(only("async.builder").getKind()).isEqualTo(SpanKind.CLIENT);
  }

  @Test
  void currentSpanHelpers() {
    AtomicReference<String> traceId = new AtomicReference<>();
    AtomicReference<String> spanId = new AtomicReference<>();
    tracing.run(
        "helpers",
        () -> {
          tracing.setAttribute("s", "v");
          tracing.setAttribute("l", 5L);
          tracing.setAttribute("d", 1.5);
          tracing.setAttribute("b", true);
          tracing.setAttribute(AttributeKey.longKey("typed"), 9L);
          tracing.setAttributes(Map.of("tagers.conversation_id", "c-1", "n", 2));
          tracing.addEvent("milestone_reached", Map.of("progress", 50));
          tracing.addEvent("plain");
          tracing.recordError(new RuntimeException("soft failure"));
          traceId.set(tracing.currentTraceId());
          spanId.set(tracing.currentSpanId());
        });
    SpanData span = only("helpers");
    Attributes a = span.getAttributes();
    assertThat(a.get(AttributeKey.stringKey("s"))).isEqualTo("v");
    assertThat(a.get(AttributeKey.longKey("l"))).isEqualTo(5L);
    assertThat(a.get(AttributeKey.doubleKey("d"))).isEqualTo(1.5);
    assertThat(a.get(AttributeKey.booleanKey("b"))).isTrue();
    assertThat(a.get(AttributeKey.longKey("typed"))).isEqualTo(9L);
    assertThat(a.get(AttributeKey.stringKey("tagers.conversation_id"))).isEqualTo("c-1");
    assertThat(span.getEvents())
        .extracting(EventData::getName)
        .containsExactly("milestone_reached", "plain", "exception");
    assertThat(span.getEvents().get(0).getAttributes().get(AttributeKey.longKey("progress")))
        .isEqualTo(50L);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(traceId.get()).isEqualTo(span.getTraceId()).hasSize(32);
    assertThat(spanId.get()).isEqualTo(span.getSpanId()).hasSize(16);
    assertThat(tracing.currentTraceId()).isEmpty();
    assertThat(tracing.currentSpanId()).isEmpty();
  }

  @Test
  void baggageIsScoped() {
    assertThat(tracing.getBaggage("user.id")).isNull();
    try (Scope ignored = tracing.setBaggage("user.id", "user-123")) {
      try (Scope ignored2 = tracing.setBaggage(Map.of("tenant.id", "t-456"))) {
        assertThat(tracing.getBaggage("user.id")).isEqualTo("user-123");
        assertThat(tracing.getAllBaggage())
            .containsEntry("user.id", "user-123")
            .containsEntry("tenant.id", "t-456");
      }
      assertThat(tracing.getAllBaggage()).containsOnlyKeys("user.id");
    }
    assertThat(tracing.getAllBaggage()).isEmpty();
  }

  @Test
  void wrappedExecutorCarriesTheContext() throws Exception {
    ExecutorService pool = ContextExecutors.wrap(Executors.newSingleThreadExecutor());
    try {
      AtomicReference<String> parentSeen = new AtomicReference<>();
      tracing.run(
          "submitter",
          () -> {
            pool.submit(() -> tracing.run("in.pool", () -> {})).get();
            Runnable r = ContextExecutors.wrap(() -> parentSeen.set(tracing.currentSpanId()));
            Thread t = new Thread(r);
            t.start();
            t.join();
          });
      assertThat(only("in.pool").getParentSpanId()).isEqualTo(only("submitter").getSpanId());
      assertThat(parentSeen.get()).isEqualTo(only("submitter").getSpanId());
      String fromCallable =
          tracing.trace(
              "callable.parent",
              () ->
                  Executors.newSingleThreadExecutor()
                      .submit(ContextExecutors.wrap(() -> tracing.currentSpanId()))
                      .get());
      assertThat(fromCallable).isEqualTo(only("callable.parent").getSpanId());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @SuppressWarnings("DataFlowIssue")
  void badArgumentsAreToleratedNeverThrown() {
    assertThat(tracing.<String, RuntimeException>trace(null, () -> "x")).isEqualTo("x");
    assertThat(tracing.trace("no.fn", (ThrowingSupplier<String, RuntimeException>) null)).isNull();
    tracing.run("", () -> {});
    tracing.run("x".repeat(100_000), () -> {});
    tracing.setAttribute((String) null, "v");
    tracing.setAttributes(null);
    tracing.addEvent(null, (Map<String, ?>) null);
    tracing.recordError(null);
    tracing.setBaggage(null, null).close();
    tracing
        .span(null)
        .attribute((String) null, (String) null)
        .attributes((Map<String, ?>) null)
        .link(null)
        .parent(null)
        .startTime(null)
        .kind(null)
        .run(() -> {});
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).contains("unnamed");
    assertThat(spans).allSatisfy(s -> assertThat(s.getName().length()).isLessThanOrEqualTo(1024));
  }

  @Test
  void noopTracesNothingAndStillRunsTheCallback() throws Exception {
    Tracing noop = Tracing.create(OpenTelemetry.noop());
    assertThat(noop.isNoop()).isTrue();
    assertThat(noop.trace("x", () -> 1)).isEqualTo(1);
    Boolean valid = noop.trace("x", span -> span.getSpanContext().isValid());
    assertThat(valid).isFalse();
    assertThat(noop.traceAsync("x", () -> CompletableFuture.completedFuture(2)).get()).isEqualTo(2);
    assertThat(exporter.getFinishedSpanItems()).isEmpty();
  }
}
