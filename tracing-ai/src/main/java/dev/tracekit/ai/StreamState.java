package dev.tracekit.ai;

import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.trace.Span;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** The span and accumulated response data of one streamed model call. */
final class StreamState<T> {
  private final ModelCall call;
  private final Span span;
  private final long startNanos;
  private final GenAiChunkExtractor<? super T> extractor;
  private final AiRecorder recorder;
  private final ResponseInfo info;
  private final AtomicBoolean ended = new AtomicBoolean();
  private long chunks;
  private double timeToFirstChunk = Double.NaN;
  private long lastChunkNanos;
  private io.opentelemetry.api.common.@Nullable Attributes chunkAttributes;

  StreamState(
      ModelCall call,
      Span span,
      long startNanos,
      GenAiChunkExtractor<? super T> extractor,
      AiRecorder recorder) {
    this.call = call;
    this.span = span;
    this.startNanos = startNanos;
    this.extractor = extractor;
    this.recorder = recorder;
    this.info = new ResponseInfo(recorder.captureContent);
  }

  void onElement(T element) {
    if (ended.get()) {
      return;
    }
    boolean chunk;
    try {
      chunk = extractor.extract(element, info);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "ai.chunk-extractor." + extractor.getClass().getName(),
          "a GenAI chunk extractor threw; the element is not counted",
          e);
      return;
    }
    if (chunk) {
      long now = System.nanoTime();
      if (chunks == 0) {
        timeToFirstChunk = (now - startNanos) / 1e9;
      } else if (recorder.instruments.enabled) {
        // gen_ai.client.operation.time_per_output_chunk: each chunk after the first.
        io.opentelemetry.api.common.Attributes attributes = chunkAttributes;
        if (attributes == null) {
          attributes = recorder.chunkAttributes(call);
          chunkAttributes = attributes;
        }
        recorder.instruments.timePerOutputChunk.record((now - lastChunkNanos) / 1e9, attributes);
      }
      lastChunkNanos = now;
      chunks++;
    }
  }

  /** The stream reached its end. */
  void completed() {
    end(null, false);
  }

  /** Reading the stream failed. */
  void failed(Throwable error) {
    ResponseInfo classified = recorder.errorInfo(error);
    if (info.errorType == null) {
      info.errorType(classified.errorType);
    }
    end(error, false);
  }

  /** The stream was closed: abandoned unless it had ended. */
  void closed() {
    end(null, true);
  }

  private void end(@Nullable Throwable error, boolean abandoned) {
    if (ended.compareAndSet(false, true)) {
      recorder.endModelCall(
          call,
          span,
          span.isRecording(),
          info,
          error,
          startNanos,
          System.nanoTime(),
          timeToFirstChunk,
          chunks,
          abandoned);
    }
  }
}
