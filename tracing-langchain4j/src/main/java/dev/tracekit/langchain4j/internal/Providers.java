package dev.tracekit.langchain4j.internal;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.output.FinishReason;
import dev.tracekit.ai.GenAiAttributes;
import org.jspecify.annotations.Nullable;

/** LangChain4j's provider and finish-reason enums as GenAI convention values. Internal. */
public final class Providers {
  private Providers() {}

  /**
   * {@code gen_ai.provider.name} for a LangChain4j provider.
   *
   * @param provider the provider, may be null
   * @return the convention value; {@code _OTHER} when unknown
   */
  public static String name(@Nullable ModelProvider provider) {
    if (provider == null) {
      return GenAiAttributes.PROVIDER_OTHER;
    }
    switch (provider) {
      case OPEN_AI:
        return GenAiAttributes.PROVIDER_OPENAI;
      case AZURE_OPEN_AI:
        return GenAiAttributes.PROVIDER_AZURE_AI_OPENAI;
      case ANTHROPIC:
        return GenAiAttributes.PROVIDER_ANTHROPIC;
      case AMAZON_BEDROCK:
        return GenAiAttributes.PROVIDER_AWS_BEDROCK;
      case GOOGLE_AI_GEMINI:
        return GenAiAttributes.PROVIDER_GCP_GEMINI;
      case GOOGLE_GENAI:
        return "gcp.gen_ai";
      case GOOGLE_VERTEX_AI_GEMINI:
      case GOOGLE_VERTEX_AI_ANTHROPIC:
        return GenAiAttributes.PROVIDER_GCP_VERTEX_AI;
      case MICROSOFT_FOUNDRY:
      case GITHUB_MODELS:
        return GenAiAttributes.PROVIDER_AZURE_AI_INFERENCE;
      case MISTRAL_AI:
        return GenAiAttributes.PROVIDER_MISTRAL_AI;
      case WATSONX:
        return GenAiAttributes.PROVIDER_IBM_WATSONX_AI;
      case COHERE:
        return GenAiAttributes.PROVIDER_COHERE;
      case OLLAMA:
        return "ollama";
      case VOYAGE_AI:
        return "voyage_ai";
      case JINA:
        return "jina";
      default:
        return GenAiAttributes.PROVIDER_OTHER;
    }
  }

  /**
   * {@code gen_ai.response.finish_reasons} value for LangChain4j's finish reason (the OpenAI
   * spelling the conventions use).
   *
   * @param reason the reason, may be null
   * @return the value, or null
   */
  public static @Nullable String finishReason(@Nullable FinishReason reason) {
    if (reason == null) {
      return null;
    }
    switch (reason) {
      case STOP:
        return "stop";
      case LENGTH:
        return "length";
      case TOOL_EXECUTION:
        return "tool_calls";
      case CONTENT_FILTER:
        return "content_filter";
      default:
        return "other";
    }
  }
}
