package dev.tracekit.spring.internal;

import dev.tracekit.core.safety.TracekitLimits;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import org.springframework.boot.actuate.autoconfigure.tracing.SdkTracerProviderBuilderCustomizer;

/**
 * TraceKit's span limits on the tracer provider of Boot 3.5's tracing.
 *
 * <p>Internal: not API.
 */
public final class Boot3Limits implements SdkTracerProviderBuilderCustomizer {
  /** Creates the customizer. */
  public Boot3Limits() {}

  @Override
  public void customize(SdkTracerProviderBuilder builder) {
    // The value length limit only where it is cheap at record time; elsewhere the exporters cut
    // (SpanExporterPostProcessor).
    builder.setSpanLimits(TracekitLimits.recordTimeDefaults());
  }
}
