package dev.tracekit.examples;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to run the examples: which scenarios, where to export, where to print.
 *
 * @param scenarios the scenario names to run, in order (all when empty)
 * @param otlpEndpoint an OTLP/HTTP endpoint to export traces and metrics to, or null
 * @param trees whether to print each trace as a tree
 * @param env the environment (TRACEKIT_EXAMPLES_*, OTEL_*)
 * @param out where to print
 * @param exporters extra span exporters (tests add Zipkin's)
 */
public record Options(
    List<String> scenarios,
    @Nullable String otlpEndpoint,
    boolean trees,
    Map<String, String> env,
    PrintStream out,
    List<SpanExporter> exporters) {

  /** Copies the lists. */
  public Options {
    scenarios = List.copyOf(scenarios);
    env = Map.copyOf(env);
    Objects.requireNonNull(out, "out");
    exporters = List.copyOf(exporters);
  }

  /**
   * The usage text.
   *
   * @return the text
   */
  public static String usage() {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: java -jar tracekit-examples.jar [scenario ...] [options]\n\n");
    sb.append("Runs TraceKit's scenarios (all by default), prints each trace as a tree and a\n");
    sb.append("per-operation latency table, and checks every trace's shape (exit 1 if one is\n");
    sb.append("wrong).\n\nscenarios:\n");
    for (Scenario s : Examples.SCENARIOS) {
      sb.append(String.format("  %s%n      %s%n", s.name(), s.description()));
    }
    sb.append("\noptions:\n");
    sb.append("  --otlp URL      also export traces and metrics over OTLP/HTTP to URL\n");
    sb.append("                  (default: $OTEL_EXPORTER_OTLP_ENDPOINT when set)\n");
    sb.append("  --no-trees      do not print the trace trees\n");
    sb.append("  --help          this text\n\n");
    sb.append("environment:\n");
    sb.append(
        "  OTEL_EXPORTER_OTLP_ENDPOINT      export over OTLP too (Jaeger, Tempo, Honeycomb)\n");
    sb.append("  OTEL_EXPORTER_OTLP_HEADERS       headers for the OTLP endpoint (API keys)\n");
    sb.append("  OTEL_ENABLED=false               tracing off: say so and exit at once\n");
    sb.append("  TRACEKIT_EXAMPLES_POSTGRES_URL   PostgreSQL JDBC URL instead of H2\n");
    sb.append("  TRACEKIT_EXAMPLES_REDIS          host:port: job queues on a Redis list\n");
    sb.append(
        "  TRACEKIT_EXAMPLES_RABBITMQ       amqp://user:pass@host:port: queues on RabbitMQ\n");
    sb.append("  TRACEKIT_EXAMPLES_KAFKA          host:port: the webhook queue on a Kafka topic\n");
    return sb.toString();
  }

  /**
   * Parses the command line.
   *
   * @param args the arguments
   * @param env the environment
   * @param out where to print
   * @return the options, or null when {@code --help} was asked
   * @throws IllegalArgumentException for an unknown option or scenario
   */
  public static @Nullable Options parse(String[] args, Map<String, String> env, PrintStream out) {
    List<String> names = new ArrayList<>();
    String otlp = blankToNull(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
    if (otlp == null) {
      otlp = blankToNull(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) != null ? "" : null;
    }
    boolean trees = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--help", "-h" -> {
          return null;
        }
        case "--no-trees" -> trees = false;
        case "--otlp" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--otlp needs a URL");
          }
          otlp = args[++i];
          if (!otlp.startsWith("http://") && !otlp.startsWith("https://")) {
            throw new IllegalArgumentException("--otlp needs an http(s) URL, got " + otlp);
          }
        }
        default -> {
          if (a.startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + a);
          }
          if (Examples.SCENARIOS.stream().noneMatch(s -> s.name().equals(a))) {
            throw new IllegalArgumentException("unknown scenario " + a);
          }
          names.add(a);
        }
      }
    }
    return new Options(names, otlp, trees, env, out, List.of());
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /**
   * These options with extra exporters.
   *
   * @param extra the exporters
   * @return new options
   */
  public Options withExporters(List<SpanExporter> extra) {
    return new Options(scenarios, otlpEndpoint, trees, env, out, extra);
  }
}
