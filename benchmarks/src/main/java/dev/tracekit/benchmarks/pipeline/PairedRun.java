package dev.tracekit.benchmarks.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link PipelineBenchmark} as pairs of forks in time: a raw fork, then a TraceKit fork, then
 * the next pair, so both see the same machine load; prints each pair's ratios and their medians:
 * wall-clock time per operation (each fork's median iteration, robust to another process
 * interrupting one iteration), CPU time of the calling thread per operation and of the whole
 * process ({@link CallerCpuProfiler}), and allocation per operation. Arguments: the number of pairs
 * (default 3).
 */
public final class PairedRun {
  private PairedRun() {}

  /**
   * Runs the pairs.
   *
   * @param args optional number of pairs
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    String[] benchmarks = {"oneSpan", "threeNested"};
    List<String> results = new ArrayList<>();
    for (String benchmark : benchmarks) {
      List<Fork[]> rows = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        rows.add(new Fork[] {run(benchmark, "raw"), run(benchmark, "tracekit")});
      }
      System.out.println();
      System.out.println("== " + benchmark + " ==");
      List<Double> wall = new ArrayList<>();
      List<Double> caller = new ArrayList<>();
      List<Double> process = new ArrayList<>();
      double rawBytes = 0;
      double tkBytes = 0;
      for (Fork[] pair : rows) {
        Fork raw = pair[0];
        Fork tk = pair[1];
        System.out.printf(
            Locale.ROOT,
            "wall raw %.1f / tracekit %.1f ns (%.2fx)  caller cpu %.1f / %.1f ns (%.2fx)"
                + "  process cpu %.1f / %.1f ns (%.2fx)  alloc %.0f / %.0f B%n",
            raw.wall,
            tk.wall,
            tk.wall / raw.wall,
            raw.caller,
            tk.caller,
            tk.caller / raw.caller,
            raw.process,
            tk.process,
            tk.process / raw.process,
            raw.bytes,
            tk.bytes);
        wall.add(tk.wall / raw.wall);
        caller.add(tk.caller / raw.caller);
        process.add(tk.process / raw.process);
        rawBytes += raw.bytes / rows.size();
        tkBytes += tk.bytes / rows.size();
      }
      results.add(
          String.format(
              Locale.ROOT,
              "RESULT %s median ratios: wall %.2fx, caller cpu %.2fx, process cpu %.2fx;"
                  + " allocation %.0f B/op vs %.0f B/op (%+.1f%%)",
              benchmark,
              median(wall),
              median(caller),
              median(process),
              tkBytes,
              rawBytes,
              (tkBytes / rawBytes - 1) * 100));
    }
    System.out.println();
    results.forEach(System.out::println);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    return sorted.get(sorted.size() / 2);
  }

  /** One fork's figures per operation. */
  private static final class Fork {
    double wall;
    double caller;
    double process;
    double bytes;
  }

  private static Fork run(String benchmark, String pipeline) throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(PipelineBenchmark.class.getName() + "." + benchmark + "$")
            .param("pipeline", pipeline)
            .forks(1)
            .warmupIterations(4)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(9)
            .measurementTime(TimeValue.milliseconds(500))
            .addProfiler(GCProfiler.class)
            .addProfiler(CallerCpuProfiler.class)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    RunResult result = results.iterator().next();
    List<Double> scores = new ArrayList<>();
    for (BenchmarkResult benchmarkResult : result.getBenchmarkResults()) {
      for (IterationResult iteration : benchmarkResult.getIterationResults()) {
        scores.add(iteration.getPrimaryResult().getScore());
      }
    }
    Fork fork = new Fork();
    fork.wall = scores.isEmpty() ? result.getPrimaryResult().getScore() : median(scores);
    fork.caller = secondary(result, "cpu.caller");
    fork.process = secondary(result, "cpu.process");
    fork.bytes = secondary(result, "gc.alloc.rate.norm");
    return fork;
  }

  private static double secondary(RunResult result, String name) {
    Result<?> value = result.getSecondaryResults().get(name);
    if (value == null) {
      value = result.getSecondaryResults().get("·" + name);
    }
    return value == null ? Double.NaN : value.getScore();
  }
}
