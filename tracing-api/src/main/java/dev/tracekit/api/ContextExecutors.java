package dev.tracekit.api;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the caller's trace context (current span and baggage) when work moves to another thread.
 *
 * <p>A wrapped executor captures {@link Context#current()} at the moment a task is submitted and
 * makes it current while the task runs, so spans started inside the task are children of the
 * submitter's span. Built on OpenTelemetry's {@link Context#taskWrapping(ExecutorService)}.
 *
 * <pre>{@code
 * ExecutorService pool = ContextExecutors.wrap(Executors.newFixedThreadPool(4));
 * CompletableFuture.supplyAsync(() -> work(), pool);          // work() sees the caller's span
 * ExecutorService fj = ContextExecutors.wrap(ForkJoinPool.commonPool());
 * ForkJoinPool.commonPool().invoke(ContextExecutors.wrap(new MyRecursiveTask()));
 * ExecutorService virtual = ContextExecutors.newVirtualThreadPerTaskExecutor(); // Java 21+
 * }</pre>
 *
 * <p>Limits: a {@link java.util.concurrent.ForkJoinPool} wrapped as an {@code ExecutorService}
 * covers {@code execute}/{@code submit}/{@code invokeAll}/{@code invokeAny} of {@code Runnable} and
 * {@code Callable}; a {@link ForkJoinTask} needs {@link #wrap(ForkJoinTask)}, and the subtasks it
 * {@code fork()}s run without the context unless wrapped too. {@code CompletableFuture.*Async}
 * without an executor runs on the common pool: pass a wrapped executor, or wrap the function
 * ({@link #wrapSupplier(Supplier)}). Shutting a wrapper down shuts the wrapped executor down.
 *
 * <p>Nulls: wrapping a null executor is a set-up mistake and throws {@code NullPointerException}
 * naming the parameter; wrapping a null task (run time) gives a task that does nothing, reported
 * once.
 */
public final class ContextExecutors {
  private ContextExecutors() {}

  /**
   * Wraps an executor so each task runs in the context current when it was submitted.
   *
   * @param executor the executor
   * @return the wrapping executor
   * @throws NullPointerException if executor is null
   */
  public static Executor wrap(Executor executor) {
    return Context.taskWrapping(Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Wraps an executor service (also a {@link java.util.concurrent.ForkJoinPool}) so each task runs
   * in the context current when it was submitted.
   *
   * @param executor the executor service
   * @return the wrapping executor service
   * @throws NullPointerException if executor is null
   */
  public static ExecutorService wrap(ExecutorService executor) {
    return Context.taskWrapping(Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Wraps a scheduled executor service so each task (also delayed and periodic ones) runs in the
   * context current when it was scheduled.
   *
   * @param executor the scheduled executor service
   * @return the wrapping scheduled executor service
   * @throws NullPointerException if executor is null
   */
  public static ScheduledExecutorService wrap(ScheduledExecutorService executor) {
    return Context.taskWrapping(Objects.requireNonNull(executor, "executor"));
  }

  /**
   * Wraps a runnable so it runs in the current context, wherever it is run.
   *
   * @param runnable the runnable; a null one becomes a runnable that does nothing (reported once)
   * @return the wrapping runnable
   */
  public static Runnable wrap(@Nullable Runnable runnable) {
    if (runnable == null) {
      Diagnostics.reportOnce("ContextExecutors.wrap null", "ContextExecutors.wrap(null task)");
      return () -> {};
    }
    return Context.current().wrap(runnable);
  }

  /**
   * Wraps a callable so it runs in the current context, wherever it is run.
   *
   * @param callable the callable; a null one becomes a callable that returns null (reported once)
   * @param <T> the result type
   * @return the wrapping callable
   */
  public static <T> Callable<@Nullable T> wrap(@Nullable Callable<T> callable) {
    if (callable == null) {
      Diagnostics.reportOnce("ContextExecutors.wrap null", "ContextExecutors.wrap(null task)");
      return () -> null;
    }
    return Context.current().wrap(callable);
  }

  /**
   * Wraps a supplier so it runs in the current context, for example for {@code
   * CompletableFuture.supplyAsync(wrapSupplier(fn))} on the common pool.
   *
   * @param supplier the supplier; a null one becomes a supplier of null (reported once)
   * @param <T> the result type
   * @return the wrapping supplier
   */
  public static <T> Supplier<@Nullable T> wrapSupplier(@Nullable Supplier<T> supplier) {
    if (supplier == null) {
      Diagnostics.reportOnce("ContextExecutors.wrap null", "ContextExecutors.wrapSupplier(null)");
      return () -> null;
    }
    return Context.current().wrapSupplier(supplier);
  }

  /**
   * Wraps a fork/join task so it runs in the current context when a pool executes it (for {@code
   * pool.invoke(..)}, {@code pool.submit(..)}, {@code pool.execute(..)}). The result and exception
   * are the task's own. Subtasks the task forks do not inherit the context unless wrapped.
   *
   * @param task the task; a null one becomes a task that returns null (reported once)
   * @param <T> the result type
   * @return a new task that runs {@code task} in the captured context
   */
  public static <T> ForkJoinTask<T> wrap(@Nullable ForkJoinTask<T> task) {
    if (task == null) {
      Diagnostics.reportOnce("ContextExecutors.wrap null", "ContextExecutors.wrap(null task)");
      return ForkJoinTask.adapt(() -> null);
    }
    return new ContextForkJoinTask<>(task, Context.current());
  }

  /**
   * Whether this runtime has virtual threads (Java 21 or later).
   *
   * @return true when {@link #newVirtualThreadPerTaskExecutor()} works
   */
  public static boolean virtualThreadsAvailable() {
    return VirtualThreads.FACTORY != null;
  }

  /**
   * A new executor that starts a virtual thread per task (Java 21+ {@code
   * Executors.newVirtualThreadPerTaskExecutor()}), wrapped so each task runs in the context current
   * when it was submitted. Close or shut it down after use.
   *
   * @return the wrapping executor service
   * @throws UnsupportedOperationException on a runtime without virtual threads (before Java 21)
   */
  public static ExecutorService newVirtualThreadPerTaskExecutor() {
    Method factory = VirtualThreads.FACTORY;
    if (factory == null) {
      throw new UnsupportedOperationException(
          "virtual threads need Java 21 or later; this runtime is Java "
              + Runtime.version().feature());
    }
    try {
      return wrap((ExecutorService) factory.invoke(null));
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new UnsupportedOperationException("could not create a virtual-thread executor", e);
    }
  }

  private static final class VirtualThreads {
    static final @Nullable Method FACTORY = find();

    private VirtualThreads() {}

    private static @Nullable Method find() {
      try {
        return Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      } catch (NoSuchMethodException | SecurityException e) {
        return null;
      }
    }
  }

  private static final class ContextForkJoinTask<T> extends ForkJoinTask<T> {
    private static final long serialVersionUID = 1L;

    private final transient ForkJoinTask<T> delegate;
    private final transient Context context;
    private transient @Nullable T result;

    ContextForkJoinTask(ForkJoinTask<T> delegate, Context context) {
      this.delegate = delegate;
      this.context = context;
    }

    @Override
    public @Nullable T getRawResult() {
      return result;
    }

    @Override
    protected void setRawResult(@Nullable T value) {
      this.result = value;
    }

    @Override
    protected boolean exec() {
      Scope scope = context.makeCurrent();
      try {
        result = delegate.invoke();
      } finally {
        scope.close();
      }
      return true;
    }
  }
}
