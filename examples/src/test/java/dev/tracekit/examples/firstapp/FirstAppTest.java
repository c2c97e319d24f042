package dev.tracekit.examples.firstapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's first application is this module's {@link Main}, line for line (the build compiles
 * it), and it runs: with the console exporter it prints its trace and its result, and exits 0.
 */
class FirstAppTest {
  private static Path readme() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("README.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("README.md above " + Path.of("").toAbsolutePath()).isNotNull();
    return dir.resolve("README.md");
  }

  @Test
  void theReadmeShowsExactlyThisProgram() throws IOException {
    String readme = Files.readString(readme(), StandardCharsets.UTF_8);
    int section = readme.indexOf("## Your first application");
    assertThat(section).isPositive();
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    String snippet = readme.substring(start, readme.indexOf("```", start));
    String source =
        Files.readString(
            Path.of("src/main/java/dev/tracekit/examples/firstapp/Main.java"),
            StandardCharsets.UTF_8);
    String withoutPackage = source.substring(source.indexOf('\n') + 1).stripLeading();
    assertThat(snippet).isEqualTo(withoutPackage);
  }

  @Test
  void itRunsAndPrintsItsTrace() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName()))
            .redirectErrorStream(true);
    pb.environment().put("OTEL_TRACES_EXPORTER", "console");
    pb.environment().put("OTEL_METRICS_EXPORTER", "none");
    pb.environment().put("OTEL_SERVICE_NAME", "first-app");
    Process process = pb.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(out).isZero();
    assertThat(out).contains("receipt-1").contains("orders.place").doesNotContain("Exception");
  }
}
