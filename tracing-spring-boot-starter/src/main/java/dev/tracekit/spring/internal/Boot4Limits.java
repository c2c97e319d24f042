package dev.tracekit.spring.internal;

import dev.tracekit.core.safety.TracekitLimits;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;

/**
 * TraceKit's span limits on the tracer provider of Boot 4.0's tracing.
 *
 * <p>Internal: not API.
 */
public final class Boot4Limits implements SdkTracerProviderBuilderCustomizer {
  /** Creates the customizer. */
  public Boot4Limits() {}

  @Override
  public void customize(SdkTracerProviderBuilder builder) {
    // The value length limit only where it is cheap at record time; elsewhere the exporters cut
    // (SpanExporterPostProcessor).
    builder.setSpanLimits(TracekitLimits.recordTimeDefaults());
  }
}
