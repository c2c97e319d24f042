package dev.tracekit.agent;

import dev.tracekit.core.testing.OtlpReceiver;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@link AgentApp} in its own JVM under the real OpenTelemetry Java agent, exporting
 * over OTLP/HTTP into its own {@link OtlpReceiver}. The paths come from the build (failsafe's
 * system properties): the agent jar copied from Maven, the extension jar just packaged, the
 * application's class path.
 */
final class AgentRun implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 150;

  private final OtlpReceiver receiver;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private AgentRun(OtlpReceiver receiver, Process process, Path stdout, Path stderr) {
    this.receiver = receiver;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Starts the application.
   *
   * @param name a label for the output files under {@code target/agent-runs}
   * @param withExtension whether to load TraceKit's agent extension
   * @param extraOptions more JVM options for the application
   */
  static AgentRun start(String name, boolean withExtension, List<String> extraOptions)
      throws IOException {
    OtlpReceiver receiver = OtlpReceiver.start();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // C1 only: the agent's start-up dominates the run and needs no peak performance.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-javaagent:" + required("tracekit.agent.jar"));
    if (withExtension) {
      command.add("-Dotel.javaagent.extensions=" + required("tracekit.extension.jar"));
    }
    command.add("-Dotel.service.name=agent-app");
    command.add("-Dotel.exporter.otlp.endpoint=" + receiver.endpoint());
    command.add("-Dotel.exporter.otlp.protocol=http/protobuf");
    command.add("-Dotel.metrics.exporter=none");
    command.add("-Dotel.logs.exporter=none");
    command.add("-Dotel.bsp.schedule.delay=200");
    command.addAll(extraOptions);
    command.add("-cp");
    command.add(
        required("tracekit.app.classes")
            + File.pathSeparator
            + Files.readString(Path.of(required("tracekit.app.classpath.file"))).strip());
    command.add(AgentApp.class.getName());

    Path dir = Files.createDirectories(Path.of("target", "agent-runs"));
    Path out = dir.resolve(name + ".out.txt");
    Path err = dir.resolve(name + ".err.txt");
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("TRACEKIT_"));
    env.remove("JAVA_TOOL_OPTIONS");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    try {
      return new AgentRun(receiver, builder.start(), out, err);
    } catch (IOException | RuntimeException e) {
      receiver.close();
      throw e;
    }
  }

  /** Waits for the application to exit; fails when it hangs or exits with an error. */
  AgentRun await() throws InterruptedException, IOException {
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "the application did not finish within " + TIMEOUT_SECONDS + " s:\n" + output());
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          "the application exited with " + process.exitValue() + ":\n" + output());
    }
    return this;
  }

  /** The receiver the application exported to. */
  OtlpReceiver receiver() {
    return receiver;
  }

  /** Standard output and standard error, as one text. */
  String output() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8)
        + "\n--- stderr ---\n"
        + Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** A value the application printed as {@code APP key=value}, or null. */
  String printed(String key) throws IOException {
    for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
      if (line.startsWith("APP " + key + "=")) {
        return line.substring(("APP " + key + "=").length());
      }
    }
    return null;
  }

  /** Writes one line per span (id, parent, kind, scope, name) next to the run's output. */
  void writeSpans(List<OtlpReceiver.ReceivedSpan> spans) throws IOException {
    StringBuilder text = new StringBuilder();
    for (OtlpReceiver.ReceivedSpan s : spans) {
      text.append(s.spanId())
          .append(" parent=")
          .append(s.parentSpanId().isEmpty() ? "-" : s.parentSpanId())
          .append(' ')
          .append(s.span().getKind())
          .append(' ')
          .append(s.scope())
          .append(" '")
          .append(s.name())
          .append("'\n");
    }
    Path file = stdout.resolveSibling(stdout.getFileName().toString().replace(".out.", ".spans."));
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(
          "system property " + property + " is not set: run this test through `mvn verify`");
    }
    return value;
  }

  @Override
  public void close() {
    process.destroyForcibly();
    receiver.close();
  }
}
