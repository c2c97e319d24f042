package dev.tracekit.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code tracing-agent-extension.jar}: the TraceKit classes the extension reaches and
 * its two service files; nothing of OpenTelemetry's (the agent provides it), no SLF4J or Logback
 * reference (the agent gives extensions neither), and no tracing-core service file.
 */
class ExtensionJarIT {
  private static final Pattern TRACEKIT_CLASS = Pattern.compile("dev/tracekit/[A-Za-z0-9_/$-]+");

  private static JarFile jar() throws IOException {
    return new JarFile(System.getProperty("tracekit.extension.jar"));
  }

  private static List<String> entries(JarFile jar) {
    return jar.stream().map(JarEntry::getName).toList();
  }

  private static String text(JarFile jar, JarEntry entry) throws IOException {
    try (InputStream in = jar.getInputStream(entry)) {
      // ISO-8859-1 keeps every byte as one char, so class names in the constant pool are found.
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void bundlesTraceKitButNoOpenTelemetryNorServiceFilesOfTracingCore() throws IOException {
    try (JarFile jar = jar()) {
      List<String> entries = entries(jar);
      assertThat(entries)
          .contains(
              "dev/tracekit/agent/TracekitAgentExtension.class",
              "dev/tracekit/core/redaction/RedactingSpanExporter.class",
              "dev/tracekit/core/internal/sampling/TracekitRulesSamplerProvider.class",
              "dev/tracekit/api/support/Diagnostics.class")
          .noneMatch(e -> e.startsWith("io/opentelemetry/"))
          .noneMatch(e -> e.startsWith("org/slf4j/"))
          .noneMatch(e -> e.startsWith("dev/tracekit/core/internal/logging/"));
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

  @Test
  void everyTraceKitClassReferencedIsInTheJarAndNoneUsesSlf4j() throws IOException {
    try (JarFile jar = jar()) {
      Set<String> entries = Set.copyOf(entries(jar));
      Set<String> missing = new TreeSet<>();
      Set<String> logging = new TreeSet<>();
      for (JarEntry entry : jar.stream().toList()) {
        if (!entry.getName().endsWith(".class")) {
          continue;
        }
        String bytes = text(jar, entry);
        Matcher m = TRACEKIT_CLASS.matcher(bytes);
        while (m.find()) {
          String referenced = m.group() + ".class";
          if (!entries.contains(referenced) && !entries.contains(m.group() + "/")) {
            missing.add(entry.getName() + " -> " + m.group());
          }
        }
        if (bytes.contains("org/slf4j/") || bytes.contains("ch/qos/")) {
          logging.add(entry.getName());
        }
      }
      assertThat(missing).as("TraceKit classes referenced but not bundled").isEmpty();
      assertThat(logging).as("classes referencing SLF4J or Logback").isEmpty();
    }
  }
}
