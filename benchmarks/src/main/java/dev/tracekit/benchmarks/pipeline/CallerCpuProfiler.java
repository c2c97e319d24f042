package dev.tracekit.benchmarks.pipeline;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation: of the benchmark's own threads ({@code cpu.caller}: what the
 * application's thread pays) and of the whole process ({@code cpu.process}: also the batch
 * processor's export thread, GC and JIT). Unlike wall-clock time, the caller's CPU time barely
 * moves when other processes load a shared machine, so it separates the cost on the application's
 * thread from the competition for cores.
 */
public final class CallerCpuProfiler implements InternalProfiler {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long callerStart;
  private long processStart;

  /** Used by JMH. */
  public CallerCpuProfiler() {}

  @Override
  public String getDescription() {
    return "CPU time per operation of the benchmark threads and of the whole process";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    callerStart = callerCpu();
    processStart = os.getProcessCpuTime();
  }

  @Override
  @SuppressWarnings("rawtypes") // JMH's signature
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long caller = callerCpu() - callerStart;
    long process = os.getProcessCpuTime() - processStart;
    long ops = Math.max(1, result.getMetadata().getAllOps());
    return List.of(
        new ScalarResult("cpu.caller", caller / (double) ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("cpu.process", process / (double) ops, "ns/op", AggregationPolicy.AVG));
  }

  private long callerCpu() {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("jmh-worker")) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        if (cpu > 0) {
          total += cpu;
        }
      }
    }
    return total;
  }
}
