package dev.tracekit.core.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SafeWrappersTest {

  /** A user processor with a bug in every callback. */
  static final class ThrowingProcessor implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      throw new IllegalStateException("onStart bug");
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      throw new IllegalStateException("onEnd bug");
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      throw new IllegalStateException("shutdown bug");
    }
  }

  /** A user exporter with a bug: it throws an Error the SDK's processors do not catch. */
  static class ThrowingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      throw new AssertionError("export bug");
    }

    @Override
    public CompletableResultCode flush() {
      return null;
    }

    @Override
    public CompletableResultCode shutdown() {
      throw new IllegalStateException("shutdown bug");
    }
  }

  @Test
  void withoutTheGuardAThrowingProcessorBreaksTheApplicationThread() {
    SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(new ThrowingProcessor()).build();
    Tracer tracer = provider.get("test");

    assertThatThrownBy(() -> tracer.spanBuilder("unguarded").startSpan()).hasMessage("onStart bug");
  }

  @Test
  void aThrowingProcessorIsContainedAndOtherProcessorsStillRun() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SafeSpanProcessor.wrap(new ThrowingProcessor()))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    Tracer tracer = provider.get("test");

    assertThatCode(
            () -> {
              Span span = tracer.spanBuilder("guarded").startSpan();
              span.end();
            })
        .doesNotThrowAnyException();
    assertThat(exporter.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactly("guarded");
    assertThat(
            Diagnostics.wasReported(
                "safe-processor:" + ThrowingProcessor.class.getName() + ":onStart"))
        .isTrue();
    assertThat(
            Diagnostics.wasReported(
                "safe-processor:" + ThrowingProcessor.class.getName() + ":onEnd"))
        .isTrue();
    assertThat(provider.shutdown().join(5, TimeUnit.SECONDS).isSuccess()).isFalse();
  }

  @Test
  void withoutTheGuardAThrowingExporterBreaksProviderShutdown() {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(new ThrowingExporter()))
            .build();
    Throwable atEnd =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> provider.get("test").spanBuilder("unguarded").startSpan().end());
    if (atEnd != null) {
      // OpenTelemetry 1.49's SimpleSpanProcessor lets the exporter's error out of span.end().
      assertThat(atEnd).hasMessage("export bug");
    }

    assertThatThrownBy(provider::shutdown).hasMessage("shutdown bug");
  }

  /**
   * A processor built for a newer OpenTelemetry than the one on the class path: its callbacks hit a
   * missing SDK class (what contrib's baggage processor 1.59 does on SDK 1.49).
   */
  static final class VersionMismatchProcessor implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      throw new NoClassDefFoundError("io/opentelemetry/sdk/common/internal/SomethingNewer");
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      throw new NoSuchMethodError("'boolean SomethingNewer.isEnabled()'");
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  @Test
  void aLinkageErrorFromAWrappedComponentIsContainedNotThrownIntoTheApplication() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(SafeSpanProcessor.wrap(new VersionMismatchProcessor()))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();

    assertThatCode(() -> provider.get("test").spanBuilder("mismatch").startSpan().end())
        .doesNotThrowAnyException();
    assertThat(exporter.getFinishedSpanItems())
        .extracting(SpanData::getName)
        .containsExactly("mismatch");
    assertThat(
            Diagnostics.wasReported(
                "safe-processor:" + VersionMismatchProcessor.class.getName() + ":onStart"))
        .isTrue();
    assertThat(
            Diagnostics.wasReported(
                "safe-processor:" + VersionMismatchProcessor.class.getName() + ":onEnd"))
        .isTrue();
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }

  @Test
  void aThrowingExporterIsContained() {
    SpanExporter safe = SafeSpanExporter.wrap(new ThrowingExporter());
    SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(safe)).build();
    Span span = provider.get("test").spanBuilder("guarded").startSpan();

    assertThatCode(span::end).doesNotThrowAnyException();
    assertThatCode(provider::shutdown).doesNotThrowAnyException();
    assertThat(safe.export(List.of()).isSuccess()).isFalse();
    assertThat(safe.flush().isSuccess()).isFalse();
    assertThat(safe.shutdown().isSuccess()).isFalse();
    assertThat(SafeSpanExporter.wrap(safe)).isSameAs(safe);
    assertThat(
            Diagnostics.wasReported(
                "safe-exporter:" + ThrowingExporter.class.getName() + ":export"))
        .isTrue();
  }

  @Test
  void fatalErrorsAreNotSwallowed() {
    SpanExporter safe =
        SafeSpanExporter.wrap(
            new ThrowingExporter() {
              @Override
              public CompletableResultCode export(Collection<SpanData> spans) {
                throw new OutOfMemoryError("simulated");
              }
            });
    assertThatThrownBy(() -> safe.export(List.of())).isInstanceOf(OutOfMemoryError.class);
  }
}
