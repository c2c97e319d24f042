package dev.tracekit.langchain4j.internal;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelErrorContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.listener.EmbeddingModelRequestContext;
import dev.langchain4j.model.embedding.listener.EmbeddingModelResponseContext;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.tracekit.ai.AiSpan;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.ai.ModelCall;
import dev.tracekit.api.support.Diagnostics;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code embeddings {model}} spans from LangChain4j's embedding listener. Internal. */
public final class TracingEmbeddingModelListener implements EmbeddingModelListener {
  private static final Object SPAN_KEY = new Object();
  private final AiTracing ai;

  /**
   * Creates the listener.
   *
   * @param ai where spans and metrics go
   */
  public TracingEmbeddingModelListener(AiTracing ai) {
    this.ai = ai;
  }

  @Override
  public void onRequest(EmbeddingModelRequestContext context) {
    try {
      EmbeddingRequest request = context.embeddingRequest();
      String model = request == null ? null : request.modelName();
      EmbeddingModel embeddingModel = context.embeddingModel();
      if (model == null && embeddingModel != null) {
        model = embeddingModel.modelName();
      }
      ModelCall call =
          ai.embeddings(Providers.name(context.modelProvider()), model == null ? "unknown" : model);
      List<?> segments = context.textSegments();
      if (segments != null) {
        call.messages(segments.size());
      }
      context.attributes().put(SPAN_KEY, call.begin());
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "langchain4j.embeddings.request", "starting a LangChain4j embeddings span failed", e);
    }
  }

  @Override
  public void onResponse(EmbeddingModelResponseContext context) {
    AiSpan span = span(context.attributes());
    if (span == null) {
      return;
    }
    try {
      EmbeddingResponse response = context.embeddingResponse();
      if (response != null) {
        span.response().responseModel(response.modelName());
        Usage.read(response.tokenUsage(), span);
        List<Embedding> embeddings = response.embeddings();
        if (embeddings != null && !embeddings.isEmpty() && embeddings.get(0) != null) {
          span.response().embeddingDimensions(embeddings.get(0).dimension());
        }
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "langchain4j.embeddings.response", "reading a LangChain4j embeddings response failed", e);
    }
    span.end();
  }

  @Override
  public void onError(EmbeddingModelErrorContext context) {
    AiSpan span = span(context.attributes());
    if (span != null) {
      TracingChatModelListener.Errors.fail(span, context.error());
    }
  }

  private static @Nullable AiSpan span(@Nullable Map<Object, Object> attributes) {
    if (attributes == null) {
      return null;
    }
    Object span = attributes.remove(SPAN_KEY);
    return span instanceof AiSpan s ? s : null;
  }
}
