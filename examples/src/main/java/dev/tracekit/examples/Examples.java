package dev.tracekit.examples;

import dev.tracekit.core.TracingSdk;
import dev.tracekit.core.internal.ConsoleTreeExporter;
import dev.tracekit.core.redaction.RedactingSpanExporter;
import dev.tracekit.core.redaction.Redactor;
import dev.tracekit.examples.scenarios.BotHandoff;
import dev.tracekit.examples.scenarios.CrmTasks;
import dev.tracekit.examples.scenarios.PipelineLogs;
import dev.tracekit.examples.scenarios.Platform;
import dev.tracekit.examples.scenarios.WebhookQueueWorker;
import dev.tracekit.metrics.LatencySnapshot;
import dev.tracekit.metrics.SpanMetricsProcessor;
import io.opentelemetry.contrib.baggage.processor.BaggageSpanProcessor;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs scenarios, each on its own TraceKit SDK named after the seed system's service: prints each
 * scenario's traces as trees (the console tree exporter, fed one whole trace at a time so work that
 * crossed a queue prints in one tree), checks each trace's shape, then prints the per-operation
 * latency table of the {@link SpanMetricsProcessor}.
 */
public final class Examples {
  /** Every scenario, in the order they run. */
  public static final List<Scenario> SCENARIOS =
      List.of(
          new WebhookQueueWorker(),
          new CrmTasks(),
          new BotHandoff(),
          new Platform(),
          new PipelineLogs());

  /** Baggage keys copied onto every span started under them. */
  static final List<String> BAGGAGE_ATTRIBUTES = List.of("correlation_id", "user.id");

  private static final Duration SETTLE = Duration.ofSeconds(5);

  /**
   * What a run produced.
   *
   * @param exitCode 0 when every scenario produced its expected trace
   * @param problems each scenario's problems (empty lists when fine)
   * @param spans each scenario's spans
   * @param latency the per-operation latency snapshot
   */
  public record Result(
      int exitCode,
      Map<String, List<String>> problems,
      Map<String, List<SpanData>> spans,
      LatencySnapshot latency) {}

  private Examples() {}

  /**
   * Runs the scenarios the options select.
   *
   * @param options what to run and where to print and export
   * @return the result
   */
  public static Result run(Options options) {
    PrintStream out = options.out();
    List<Scenario> selected = new ArrayList<>();
    for (Scenario s : SCENARIOS) {
      if (options.scenarios().isEmpty() || options.scenarios().contains(s.name())) {
        selected.add(s);
      }
    }
    SpanCollector collector = new SpanCollector();
    // The table covers every scenario: one processor shared by the per-scenario SDKs. Each SDK also
    // gets its own processor bound to its meter provider, for the exported span-duration metric.
    SpanMetricsProcessor table = SpanMetricsProcessor.builder().build();
    String otlp = options.otlpEndpoint();
    SpanExporter console =
        RedactingSpanExporter.create(
            new ConsoleTreeExporter(out, 10_000, 30_000), Redactor.fromEnvironment());

    Map<String, List<String>> problems = new LinkedHashMap<>();
    Map<String, List<SpanData>> spans = new LinkedHashMap<>();
    out.println(
        "TraceKit examples: "
            + selected.size()
            + " scenario(s), one service each"
            + (otlp != null
                ? ", exporting over OTLP" + (otlp.isEmpty() ? "" : " to " + otlp)
                : ""));
    for (Scenario scenario : selected) {
      out.println();
      out.println(
          "== "
              + scenario.name()
              + " (seed "
              + scenario.seed()
              + ", service "
              + scenario.serviceName()
              + "): "
              + scenario.description());
      SpanMetricsProcessor exported = SpanMetricsProcessor.builder().build();
      TracingSdk sdk = sdk(options, scenario, collector, table, exported);
      int mark = collector.size();
      List<String> found;
      try (ScenarioContext context = new ScenarioContext(sdk.openTelemetry(), options.env())) {
        exported.bindMeterProvider(sdk.openTelemetry().getMeterProvider());
        Scenario.Check check = scenario.run(context);
        found = settle(check, collector, mark);
      } catch (Exception | AssertionError e) {
        found = List.of("the scenario failed: " + e);
      }
      List<SpanData> mine = collector.since(mark);
      if (options.trees()) {
        printTrees(console, mine);
      }
      spans.put(scenario.name(), mine);
      int traces = new TraceShape(mine).traceIds().size();
      if (found.isEmpty()) {
        out.println("   check: ok, " + mine.size() + " spans in " + traces + " trace(s)");
      } else {
        out.println("   check: FAILED");
        found.forEach(p -> out.println("   - " + p));
      }
      boolean flushed = sdk.flush(Duration.ofSeconds(10));
      if (otlp != null && !(flushed && sdk.status().healthy())) {
        String problem = "OTLP export failed: " + sdk.status();
        out.println("   - " + problem);
        found = new ArrayList<>(found);
        found.add(problem);
      }
      sdk.close();
      problems.put(scenario.name(), found);
    }
    LatencySnapshot latency = table.snapshot();
    out.println();
    out.println("== latency per operation (SpanMetricsProcessor)");
    out.print(latency.toTable());
    if (otlp != null
        && problems.values().stream().flatMap(List::stream).noneMatch(p -> p.startsWith("OTLP"))) {
      out.println();
      out.println("OTLP export: ok");
    }
    List<String> failed =
        problems.entrySet().stream()
            .filter(e -> !e.getValue().isEmpty())
            .map(e -> e.getKey())
            .toList();
    out.println();
    if (failed.isEmpty()) {
      out.println("OK: every scenario produced its expected trace (" + selected.size() + ").");
    } else {
      out.println("FAILED: " + String.join(", ", failed) + " (problems listed above)");
    }
    return new Result(failed.isEmpty() ? 0 : 1, problems, spans, latency);
  }

  // BaggageSpanProcessor's Predicate constructor: deprecated in the newest contrib release, the one
  // every version of the supported OpenTelemetry range has.
  @SuppressWarnings("deprecation")
  private static TracingSdk sdk(
      Options options,
      Scenario scenario,
      SpanCollector collector,
      SpanMetricsProcessor table,
      SpanMetricsProcessor exported) {
    TracingSdk.Builder builder =
        TracingSdk.builder()
            .serviceName(scenario.serviceName())
            .registerGlobal(false)
            .shutdownHook(false)
            .addSpanProcessor(new BaggageSpanProcessor(BAGGAGE_ATTRIBUTES::contains))
            .addSpanProcessor(collector)
            .addSpanProcessor(table)
            .addSpanProcessor(exported);
    String otlp = options.otlpEndpoint();
    if (otlp != null) {
      builder.exporters("otlp").property("otel.metrics.exporter", "otlp");
      if (!otlp.isEmpty()) {
        builder.otlpEndpoint(otlp);
      }
    } else {
      builder.exporters("none").property("otel.metrics.exporter", "none");
    }
    for (SpanExporter e : options.exporters()) {
      builder.addSpanExporter(new KeepOpen(e));
    }
    return builder.build();
  }

  /** Shares the caller's exporter between the per-scenario SDKs: their shutdown only flushes it. */
  private static final class KeepOpen implements SpanExporter {
    private final SpanExporter delegate;

    KeepOpen(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return delegate.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.flush();
    }
  }

  /** Applies the check until it passes or {@link #SETTLE} passes (server spans end last). */
  private static List<String> settle(Scenario.Check check, SpanCollector collector, int mark) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (true) {
      TraceShape shape = new TraceShape(collector.since(mark));
      check.verify(shape);
      if (shape.problems().isEmpty() || System.nanoTime() > deadline) {
        return shape.problems();
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return shape.problems();
      }
    }
  }

  private static void printTrees(SpanExporter console, List<SpanData> spans) {
    for (String traceId : new TraceShape(spans).traceIds()) {
      console.export(new TraceShape(spans).trace(traceId));
      console.flush();
    }
  }
}
