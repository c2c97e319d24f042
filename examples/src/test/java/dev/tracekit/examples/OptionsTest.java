package dev.tracekit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

  @Test
  void defaultsRunEveryScenarioWithoutOtlp() {
    Options o = Options.parse(new String[0], Map.of(), System.out);
    assertThat(o).isNotNull();
    assertThat(o.scenarios()).isEmpty();
    assertThat(o.otlpEndpoint()).isNull();
    assertThat(o.trees()).isTrue();
  }

  @Test
  void scenariosAndOptionsAreParsed() {
    Options o =
        Options.parse(
            new String[] {
              "ai-cache-and-service", "crm-tasks", "--otlp", "http://127.0.0.1:4318", "--no-trees"
            },
            Map.of(),
            System.out);
    assertThat(o.scenarios()).containsExactly("ai-cache-and-service", "crm-tasks");
    assertThat(o.otlpEndpoint()).isEqualTo("http://127.0.0.1:4318");
    assertThat(o.trees()).isFalse();
  }

  @Test
  void theOtlpEndpointVariableTurnsExportOn() {
    Options o =
        Options.parse(
            new String[0],
            Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"),
            System.out);
    assertThat(o.otlpEndpoint()).isEqualTo("http://collector:4318");
  }

  @Test
  void helpAndMistakes() {
    assertThat(Options.parse(new String[] {"--help"}, Map.of(), System.out)).isNull();
    assertThat(Options.usage())
        .contains(
            "webhook-queue-worker",
            "crm-tasks",
            "bot-handoff",
            "ai-cache-and-service",
            "pipeline-logs")
        .contains("TRACEKIT_EXAMPLES_REDIS", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_ENABLED");
    assertThat(Options.usage().toLowerCase(java.util.Locale.ROOT))
        .doesNotContainPattern("\\bseeds?\\b")
        .doesNotContain("tagers", "medicalcor", "enterprisehub", "blipee", "tutordex", "chatwoot")
        .doesNotContain("supabase", "ghl");
    assertThat(Options.usage().lines()).allSatisfy(l -> assertThat(l.length()).isLessThan(100));
    assertThatThrownBy(() -> Options.parse(new String[] {"nope"}, Map.of(), System.out))
        .hasMessageContaining("unknown scenario nope");
    assertThatThrownBy(() -> Options.parse(new String[] {"--otlp"}, Map.of(), System.out))
        .hasMessageContaining("--otlp needs a URL");
    assertThatThrownBy(
            () -> Options.parse(new String[] {"--otlp", "ftp://x"}, Map.of(), System.out))
        .hasMessageContaining("http(s)");
  }
}
