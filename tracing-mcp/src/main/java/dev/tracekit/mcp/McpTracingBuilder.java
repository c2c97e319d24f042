package dev.tracekit.mcp;

import dev.tracekit.core.redaction.Redactor;
import dev.tracekit.mcp.internal.McpInstrumenter;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/** Configures {@link McpTracing}. */
public final class McpTracingBuilder {
  private final OpenTelemetry openTelemetry;
  private boolean captureContent;
  private Redactor redactor = Redactor.defaults();
  private int maxContentLength = 4096;

  McpTracingBuilder(OpenTelemetry openTelemetry) {
    this.openTelemetry = openTelemetry;
  }

  /**
   * Records tool arguments and results ({@code gen_ai.tool.call.arguments}, {@code
   * gen_ai.tool.call.result}) and exception messages, redacted and capped. Default: off.
   *
   * @param captureContent whether to record content
   * @return this
   */
  public McpTracingBuilder captureContent(boolean captureContent) {
    this.captureContent = captureContent;
    return this;
  }

  /**
   * The redactor applied to captured content. Default: {@link Redactor#defaults()}.
   *
   * @param redactor the redactor
   * @return this
   * @throws NullPointerException if {@code redactor} is null
   */
  public McpTracingBuilder redactor(Redactor redactor) {
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    return this;
  }

  /**
   * The longest captured value, in characters; longer ones are cut. Default: 4096.
   *
   * @param maxContentLength the cap, at least 16
   * @return this
   * @throws IllegalArgumentException if the cap is below 16
   */
  public McpTracingBuilder maxContentLength(int maxContentLength) {
    if (maxContentLength < 16) {
      throw new IllegalArgumentException("maxContentLength must be at least 16");
    }
    this.maxContentLength = maxContentLength;
    return this;
  }

  /**
   * Builds the tracing.
   *
   * @return the tracing
   */
  public McpTracing build() {
    return new McpTracing(
        new McpInstrumenter(openTelemetry, captureContent, redactor, maxContentLength));
  }
}
