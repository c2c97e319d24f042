package dev.tracekit.testing;

import static dev.tracekit.testing.TracekitAssertions.assertThat;

import dev.tracekit.api.ContextExecutors;
import dev.tracekit.api.Tracing;
import io.opentelemetry.api.trace.SpanKind;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first example of docs/testing.md, compiled and run as written there. */
class DocsExampleTest {
  @RegisterExtension static final TracekitExtension tracing = TracekitExtension.create();

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void threeLevelTreeAcrossAThreadHop() {
    Tracing t = tracing.tracing();
    ExecutorService traced =
        ContextExecutors.wrap(pool); // carries the current span to the pool's threads

    t.span("POST /orders")
        .kind(SpanKind.SERVER)
        .run(
            () ->
                CompletableFuture.runAsync(
                        () -> t.run("reserve stock", () -> t.run("UPDATE stock", () -> {})), traced)
                    .join());

    assertThat(tracing)
        .hasRoot("POST /orders")
        .hasKind(SpanKind.SERVER)
        .withChild("reserve stock")
        .withChild("UPDATE stock")
        .hasNoChildren();
    assertThat(tracing).hasOneTrace().isSafe();
  }
}
