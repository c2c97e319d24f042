package dev.tracekit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code tracing-agent-extension.jar}: TraceKit's classes and the extension's service
 * files, nothing of OpenTelemetry's (the agent provides it) nor SLF4J, and not tracing-core's
 * service files (its MDC context storage must not replace the agent's).
 */
class ExtensionJarIT {
  private static List<String> entries(JarFile jar) {
    return jar.stream().map(JarEntry::getName).toList();
  }

  @Test
  void bundlesTraceKitButNoOpenTelemetryNorSlf4j() throws IOException {
    try (JarFile jar = new JarFile(System.getProperty("tracekit.extension.jar"))) {
      List<String> entries = entries(jar);
      assertThat(entries)
          .contains(
              "dev/tracekit/agent/TracekitAgentExtension.class",
              "dev/tracekit/core/redaction/RedactingSpanExporter.class",
              "dev/tracekit/core/internal/sampling/TracekitRulesSamplerProvider.class",
              "dev/tracekit/api/internal/Diagnostics.class")
          .noneMatch(e -> e.startsWith("io/opentelemetry/"))
          .noneMatch(e -> e.startsWith("org/slf4j/"))
          .noneMatch(e -> e.contains("MdcContextStorageProvider"));
      assertThat(
              entries.stream().filter(e -> e.startsWith("META-INF/services/") && !e.endsWith("/")))
          .containsExactlyInAnyOrder(
              "META-INF/services/io.opentelemetry.sdk.autoconfigure.spi"
                  + ".AutoConfigurationCustomizerProvider",
              "META-INF/services/io.opentelemetry.sdk.autoconfigure.spi.traces"
                  + ".ConfigurableSamplerProvider");
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("dev.tracekit.agent");
    }
  }
}
