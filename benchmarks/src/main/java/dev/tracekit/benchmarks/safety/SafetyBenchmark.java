package dev.tracekit.benchmarks.safety;

import dev.tracekit.core.redaction.Redactor;
import dev.tracekit.core.sampling.SamplingAction;
import dev.tracekit.core.sampling.SamplingRules;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Redaction: TraceKit's one-pass scanner against the usual peer, one compiled regular expression
 * alternating the same secret shapes ({@code replaceAll}); on a typical clean value and on one
 * holding a card number and a bearer token. Sampling: the rules sampler (4 rules, ratio default,
 * rate limit) against OpenTelemetry's parent-based ratio sampler.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SafetyBenchmark {
  private static final Pattern PEER =
      Pattern.compile(
          "\\b[2-6](?:[ -]?\\d){12,18}\\b"
              + "|(?i:bearer|basic) [A-Za-z0-9._~+/=-]+"
              + "|eyJ[A-Za-z0-9_-]{7,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*"
              + "|\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b"
              + "|-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----");

  private final Redactor redactor = Redactor.defaults();
  private final String clean =
      "GET https://api.example.com/v1/orders?status=open&page=3 took 184 ms for tenant acme-eu";
  private final String secret =
      "charge failed for card 4111 1111 1111 1111 with Authorization Bearer abc.def-123 retry";
  private final Attributes attributes =
      Attributes.builder()
          .put("http.request.method", "GET")
          .put("url.full", "https://api.example.com/v1/orders?status=open")
          .put("http.route", "/v1/orders")
          .put("server.address", "api.example.com")
          .put(AttributeKey.longKey("http.response.status_code"), 200L)
          .put("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)")
          .put(AttributeKey.longKey("gen_ai.usage.input_tokens"), 120L)
          .put("db.query.text", "SELECT * FROM orders WHERE id = ?")
          .build();

  private final Sampler rules =
      SamplingRules.builder()
          .spanName("GET /health", SamplingAction.drop())
          .httpRoute("/webhooks/*", SamplingAction.keep())
          .spanKind(SpanKind.CLIENT, SamplingAction.ratio(0.5))
          .attribute("tenant", "acme", SamplingAction.keep())
          .defaultRatio(0.1)
          .maxTracesPerSecond(1e9)
          .build();
  private final Sampler otelRatio = Sampler.parentBased(Sampler.traceIdRatioBased(0.1));
  private final Attributes startAttributes =
      Attributes.of(AttributeKey.stringKey("http.route"), "/v1/orders");
  private final String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

  /**
   * TraceKit scanner, clean value.
   *
   * @return the result
   */
  @Benchmark
  public String redactClean_tracekit() {
    return redactor.redactValue(clean);
  }

  /**
   * Regex peer, clean value.
   *
   * @return the result
   */
  @Benchmark
  public String redactClean_regex() {
    return PEER.matcher(clean).replaceAll("REDACTED");
  }

  /**
   * TraceKit scanner, value with a card number and a bearer token.
   *
   * @return the result
   */
  @Benchmark
  public String redactSecret_tracekit() {
    return redactor.redactValue(secret);
  }

  /**
   * Regex peer, value with a card number and a bearer token.
   *
   * @return the result
   */
  @Benchmark
  public String redactSecret_regex() {
    return PEER.matcher(secret).replaceAll("REDACTED");
  }

  /**
   * TraceKit on a typical clean attribute set (8 keys: key check + value scan each).
   *
   * @return the result
   */
  @Benchmark
  public Attributes redactAttributes_tracekit() {
    return redactor.redact(attributes);
  }

  /**
   * The rules sampler on a new root span that falls through to the default ratio.
   *
   * @return the decision
   */
  @Benchmark
  public SamplingResult sample_tracekitRules() {
    return rules.shouldSample(
        Context.root(), traceId, "GET /v1/orders", SpanKind.SERVER, startAttributes, List.of());
  }

  /**
   * OpenTelemetry's parent-based ratio sampler on the same span.
   *
   * @return the decision
   */
  @Benchmark
  public SamplingResult sample_otelRatio() {
    return otelRatio.shouldSample(
        Context.root(), traceId, "GET /v1/orders", SpanKind.SERVER, startAttributes, List.of());
  }
}
