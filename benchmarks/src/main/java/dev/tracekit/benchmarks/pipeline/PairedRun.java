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
 * the next pair, so both see the same machine load; prints each pair's ratio and the median, with
 * allocation per operation. Each fork's time is its median iteration (robust to another process
 * interrupting one iteration). Arguments: the number of pairs (default 3).
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
    for (String benchmark : benchmarks) {
      List<double[]> rows = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        double[] raw = run(benchmark, "raw");
        double[] tk = run(benchmark, "tracekit");
        rows.add(new double[] {raw[0], tk[0], tk[0] / raw[0], raw[1], tk[1]});
      }
      System.out.println();
      System.out.println("== " + benchmark + " ==");
      List<Double> ratios = new ArrayList<>();
      for (double[] r : rows) {
        System.out.printf(
            Locale.ROOT,
            "raw %.1f ns (%.0f B/op)  tracekit %.1f ns (%.0f B/op)  ratio %.2fx%n",
            r[0],
            r[3],
            r[1],
            r[4],
            r[2]);
        ratios.add(r[2]);
      }
      ratios.sort(Double::compare);
      double median = ratios.get(ratios.size() / 2);
      double rawB = rows.stream().mapToDouble(r -> r[3]).average().orElse(0);
      double tkB = rows.stream().mapToDouble(r -> r[4]).average().orElse(0);
      System.out.printf(
          Locale.ROOT,
          "RESULT %s median ratio %.2fx, allocation %.0f B/op vs %.0f B/op (%+.1f%%)%n",
          benchmark,
          median,
          tkB,
          rawB,
          (tkB / rawB - 1) * 100);
    }
  }

  private static double[] run(String benchmark, String pipeline) throws RunnerException {
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
            .build();
    Collection<RunResult> results = new Runner(options).run();
    RunResult result = results.iterator().next();
    // The median iteration, not the mean: on a shared machine one iteration that another process
    // interrupted would otherwise decide the pair.
    List<Double> scores = new ArrayList<>();
    for (BenchmarkResult benchmarkResult : result.getBenchmarkResults()) {
      for (IterationResult iteration : benchmarkResult.getIterationResults()) {
        scores.add(iteration.getPrimaryResult().getScore());
      }
    }
    scores.sort(Double::compare);
    double score =
        scores.isEmpty() ? result.getPrimaryResult().getScore() : scores.get(scores.size() / 2);
    Result<?> alloc = result.getSecondaryResults().get("·gc.alloc.rate.norm");
    if (alloc == null) {
      alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
    }
    return new double[] {score, alloc == null ? Double.NaN : alloc.getScore()};
  }
}
