package dev.tracekit.testing;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Entry points of TraceKit's trace assertions; import them statically next to AssertJ's.
 *
 * <pre>{@code
 * import static dev.tracekit.testing.TracekitAssertions.assertThat;
 *
 * assertThat(telemetry).hasRoot("POST /orders").withChild("INSERT orders");
 * }</pre>
 */
public final class TracekitAssertions {
  private TracekitAssertions() {}

  /**
   * Assertions on what an in-memory SDK captured.
   *
   * @param telemetry the SDK
   * @return the assertions
   */
  public static TelemetryAssert assertThat(TestTelemetry telemetry) {
    return new TelemetryAssert(SpanSource.of(Objects.requireNonNull(telemetry, "telemetry")));
  }

  /**
   * Assertions on what the running test's SDK captured.
   *
   * @param extension the extension
   * @return the assertions
   */
  public static TelemetryAssert assertThat(TracekitExtension extension) {
    return assertThat(Objects.requireNonNull(extension, "extension").telemetry());
  }

  /**
   * Assertions on the spans an in-process OTLP receiver got (waiting up to 10 s for them).
   *
   * @param otlp the receiver
   * @return the assertions
   */
  public static TelemetryAssert assertThat(OtlpCapture otlp) {
    return new TelemetryAssert(
        SpanSource.of(Objects.requireNonNull(otlp, "otlp"), Duration.ofSeconds(10)));
  }

  /**
   * Assertions on spans collected some other way (no waiting).
   *
   * @param spans the spans
   * @return the assertions
   */
  public static TelemetryAssert assertThatSpans(Collection<? extends SpanData> spans) {
    return new TelemetryAssert(SpanSource.of(List.copyOf(Objects.requireNonNull(spans, "spans"))));
  }
}
