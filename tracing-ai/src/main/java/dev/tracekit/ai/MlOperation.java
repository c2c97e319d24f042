package dev.tracekit.ai;

import dev.tracekit.api.ThrowingSupplier;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An ML operation ({@code train}, {@code predict}, {@code evaluate}, ...) being described and then
 * run in an INTERNAL span {@code {operation} {model}} with {@code tracekit.ml.*}. Result metrics
 * given with {@link #resultMetric} (from inside the work, or before {@link #call}) are added as one
 * span event {@code tracekit.ml.result}, one attribute per metric. Its methods are run-time
 * methods: they never throw; a null callback is skipped and reported once.
 */
public final class MlOperation {
  private final AiRecorder recorder;
  private final String operation;
  private final String model;
  private long datasetSize = -1;
  private long features = -1;
  private long epochs = -1;
  private long batchSize = -1;
  private final Map<String, Double> metrics = new LinkedHashMap<>();

  MlOperation(AiRecorder recorder, String operation, String model) {
    this.recorder = recorder;
    this.operation = operation;
    this.model = model;
  }

  /**
   * {@code tracekit.ml.dataset.size}.
   *
   * @param records the records in the data set
   * @return this
   */
  public MlOperation datasetSize(long records) {
    this.datasetSize = records;
    return this;
  }

  /**
   * {@code tracekit.ml.feature.count}.
   *
   * @param features the number of features
   * @return this
   */
  public MlOperation features(long features) {
    this.features = features;
    return this;
  }

  /**
   * {@code tracekit.ml.epochs}.
   *
   * @param epochs the training epochs
   * @return this
   */
  public MlOperation epochs(long epochs) {
    this.epochs = epochs;
    return this;
  }

  /**
   * {@code tracekit.ml.batch_size}.
   *
   * @param batchSize the batch size
   * @return this
   */
  public MlOperation batchSize(long batchSize) {
    this.batchSize = batchSize;
    return this;
  }

  /**
   * Adds a result metric (accuracy, loss, ...) to the {@code tracekit.ml.result} event.
   *
   * @param name the metric's name (the event attribute key); null or empty is ignored
   * @param value the value
   * @return this
   */
  public MlOperation resultMetric(@Nullable String name, double value) {
    if (name != null && !name.isEmpty()) {
      synchronized (metrics) {
        if (metrics.size() < 64) {
          metrics.put(name, value);
        }
      }
    }
    return this;
  }

  /**
   * Runs the operation.
   *
   * @param fn the work; a null fn is skipped (no span, returns null) and reported once
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> @Nullable R call(@Nullable ThrowingSupplier<R, E> fn) throws E {
    if (fn == null) {
      AiRecorder.reportNull("MlOperation.call", "fn", "nothing is run, null is returned");
      return null;
    }
    SpanBuilder b =
        recorder
            .tracer
            .spanBuilder(recorder.spanName(operation, model))
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(TracekitAiAttributes.ML_OPERATION, operation)
            .setAttribute(TracekitAiAttributes.ML_MODEL, model);
    if (datasetSize >= 0) {
      b.setAttribute(TracekitAiAttributes.ML_DATASET_SIZE, datasetSize);
    }
    if (features >= 0) {
      b.setAttribute(TracekitAiAttributes.ML_FEATURE_COUNT, features);
    }
    if (epochs >= 0) {
      b.setAttribute(TracekitAiAttributes.ML_EPOCHS, epochs);
    }
    if (batchSize >= 0) {
      b.setAttribute(TracekitAiAttributes.ML_BATCH_SIZE, batchSize);
    }
    Span span = recorder.start(b, operation, model);
    return recorder.run(span, fn, (s, r) -> addResultEvent(s));
  }

  private void addResultEvent(Span span) {
    synchronized (metrics) {
      if (metrics.isEmpty()) {
        return;
      }
      AttributesBuilder a = Attributes.builder();
      for (Map.Entry<String, Double> e : metrics.entrySet()) {
        a.put(AttributeKey.doubleKey(e.getKey()), e.getValue());
      }
      span.addEvent(TracekitAiAttributes.EVENT_ML_RESULT, a.build());
    }
  }
}
