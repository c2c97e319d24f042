package dev.tracekit.springai.internal;

import org.jspecify.annotations.Nullable;

/**
 * Spring AI's provider names ({@code AiProvider}) as OpenTelemetry's {@code gen_ai.provider.name}
 * values.
 *
 * <p>Internal: not API.
 */
final class Providers {
  private Providers() {}

  static String genAiName(@Nullable String springAi) {
    if (springAi == null || springAi.isEmpty()) {
      return "_OTHER";
    }
    switch (springAi) {
      case "bedrock_converse":
      case "bedrock":
        return "aws.bedrock";
      case "vertex_ai":
        return "gcp.vertex_ai";
      case "google_genai":
        return "gcp.gen_ai";
      case "azure-openai":
      case "azure_openai":
        return "azure.ai.openai";
      case "spring_ai":
        return "_OTHER";
      default:
        return springAi;
    }
  }
}
