package dev.tracekit.api.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.api.ContextExecutors;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes are closed by try-with-resources on purpose
class ContextExecutorsTest {
  private final TestTelemetry telemetry = new TestTelemetry();
  private final Tracer tracer = telemetry.sdk.getTracer("test");
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ForkJoinPool forkJoin = new ForkJoinPool(2);

  @AfterEach
  void close() {
    pool.shutdownNow();
    scheduler.shutdownNow();
    forkJoin.shutdownNow();
    telemetry.close();
  }

  /** Runs body inside a parent span and returns the parent's span id. */
  private String inParent(ThrowingBody body) throws Exception {
    Span parent = tracer.spanBuilder("parent").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      body.run();
    } finally {
      parent.end();
    }
    return parent.getSpanContext().getSpanId();
  }

  interface ThrowingBody {
    void run() throws Exception;
  }

  private Callable<String> childSpan(String name) {
    return () -> {
      tracer.spanBuilder(name).startSpan().end();
      return Span.current().getSpanContext().getSpanId();
    };
  }

  @Test
  void unwrappedExecutorLosesTheContext() throws Exception {
    // control: shows what the wrappers fix
    String parent = inParent(() -> pool.submit(childSpan("plain")).get(5, TimeUnit.SECONDS));
    assertThat(telemetry.span("plain").getParentSpanId()).isNotEqualTo(parent);
    assertThat(telemetry.span("plain").getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void wrappedExecutorsKeepTheSubmittersContext() throws Exception {
    ExecutorService wrapped = ContextExecutors.wrap(pool);
    ScheduledExecutorService scheduled = ContextExecutors.wrap(scheduler);
    Executor plainExecutor = ContextExecutors.wrap((Executor) pool);
    String parent =
        inParent(
            () -> {
              assertThat(wrapped.submit(childSpan("submit")).get(5, TimeUnit.SECONDS))
                  .isEqualTo(Span.current().getSpanContext().getSpanId());
              wrapped.invokeAll(List.of(childSpan("invokeAll")));
              scheduled
                  .schedule(childSpan("schedule"), 10, TimeUnit.MILLISECONDS)
                  .get(5, TimeUnit.SECONDS);
              CompletableFuture<Void> done = new CompletableFuture<>();
              plainExecutor.execute(
                  () -> {
                    tracer.spanBuilder("execute").startSpan().end();
                    done.complete(null);
                  });
              done.get(5, TimeUnit.SECONDS);
              CompletableFuture.supplyAsync(
                      () -> {
                        tracer.spanBuilder("supplyAsync").startSpan().end();
                        return 1;
                      },
                      wrapped)
                  .thenApplyAsync(
                      x -> {
                        tracer.spanBuilder("thenApplyAsync").startSpan().end();
                        return x;
                      },
                      wrapped)
                  .get(5, TimeUnit.SECONDS);
              CompletableFuture.supplyAsync(
                      ContextExecutors.wrapSupplier(
                          () -> {
                            tracer.spanBuilder("commonPool").startSpan().end();
                            return 1;
                          }))
                  .get(5, TimeUnit.SECONDS);
              Thread thread =
                  new Thread(
                      ContextExecutors.wrap(() -> tracer.spanBuilder("thread").startSpan().end()));
              thread.start();
              thread.join(5000);
            });
    for (String name :
        List.of(
            "submit",
            "invokeAll",
            "schedule",
            "execute",
            "supplyAsync",
            "thenApplyAsync",
            "commonPool",
            "thread")) {
      assertThat(telemetry.span(name).getParentSpanId()).as(name).isEqualTo(parent);
    }
  }

  @Test
  void forkJoinPoolAndForkJoinTasksKeepTheContext() throws Exception {
    ExecutorService wrapped = ContextExecutors.wrap(forkJoin);
    String parent =
        inParent(
            () -> {
              wrapped.submit(childSpan("fj-submit")).get(5, TimeUnit.SECONDS);
              Integer sum =
                  forkJoin.invoke(
                      ContextExecutors.wrap(
                          new RecursiveTask<Integer>() {
                            private static final long serialVersionUID = 1L;

                            @Override
                            protected Integer compute() {
                              tracer.spanBuilder("fj-task").startSpan().end();
                              return 42;
                            }
                          }));
              assertThat(sum).isEqualTo(42);
            });
    assertThat(telemetry.span("fj-submit").getParentSpanId()).isEqualTo(parent);
    assertThat(telemetry.span("fj-task").getParentSpanId()).isEqualTo(parent);
  }

  @Test
  void forkJoinTaskExceptionsAreTheTasksOwn() {
    IllegalStateException failure = new IllegalStateException("task failed");
    assertThatThrownBy(
            () ->
                forkJoin
                    .submit(
                        ContextExecutors.wrap(
                            new RecursiveTask<Integer>() {
                              private static final long serialVersionUID = 1L;

                              @Override
                              protected Integer compute() {
                                throw failure;
                              }
                            }))
                    .get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("task failed");
  }

  @Test
  void virtualThreadsKeepTheContextOnJava21() throws Exception {
    if (Runtime.version().feature() < 21) {
      assertThat(ContextExecutors.virtualThreadsAvailable()).isFalse();
      assertThatThrownBy(ContextExecutors::newVirtualThreadPerTaskExecutor)
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("Java 21");
      Assumptions.abort("virtual threads need Java 21+; this runtime is " + Runtime.version());
    }
    assertThat(ContextExecutors.virtualThreadsAvailable()).isTrue();
    ExecutorService virtual = ContextExecutors.newVirtualThreadPerTaskExecutor();
    try {
      String parent =
          inParent(
              () ->
                  virtual
                      .submit(
                          () -> {
                            tracer.spanBuilder("virtual").startSpan().end();
                            return Thread.currentThread().toString();
                          })
                      .get(5, TimeUnit.SECONDS));
      assertThat(telemetry.span("virtual").getParentSpanId()).isEqualTo(parent);
    } finally {
      virtual.shutdown();
    }
  }
}
