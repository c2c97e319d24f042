package dev.tracekit.ai;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The OpenTelemetry GenAI semantic convention keys used by TraceKit, as published in
 * semantic-conventions v1.41 (the conventions now continue in {@code semantic-conventions-genai}).
 * TraceKit keeps its own constants because the Java constants for these keys are deprecated in
 * {@code opentelemetry-semconv-incubating} 1.42 and later.
 */
public final class GenAiAttributes {
  private GenAiAttributes() {}

  /**
   * {@code gen_ai.operation.name}: The operation: {@code chat}, {@code text_completion}, {@code
   * embeddings}, {@code execute_tool}, {@code invoke_agent}, {@code create_agent}, ...
   */
  public static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("gen_ai.operation.name");

  /**
   * {@code gen_ai.provider.name}: The provider, for example {@code openai}, {@code
   * azure.ai.openai}, {@code aws.bedrock}, {@code anthropic}.
   */
  public static final AttributeKey<String> PROVIDER_NAME =
      AttributeKey.stringKey("gen_ai.provider.name");

  /** {@code gen_ai.request.model}: The model requested. */
  public static final AttributeKey<String> REQUEST_MODEL =
      AttributeKey.stringKey("gen_ai.request.model");

  /** {@code gen_ai.request.max_tokens}: The maximum number of tokens requested. */
  public static final AttributeKey<Long> REQUEST_MAX_TOKENS =
      AttributeKey.longKey("gen_ai.request.max_tokens");

  /** {@code gen_ai.request.temperature}: The temperature setting. */
  public static final AttributeKey<Double> REQUEST_TEMPERATURE =
      AttributeKey.doubleKey("gen_ai.request.temperature");

  /** {@code gen_ai.request.top_p}: The top_p setting. */
  public static final AttributeKey<Double> REQUEST_TOP_P =
      AttributeKey.doubleKey("gen_ai.request.top_p");

  /** {@code gen_ai.request.top_k}: The top_k setting. */
  public static final AttributeKey<Double> REQUEST_TOP_K =
      AttributeKey.doubleKey("gen_ai.request.top_k");

  /** {@code gen_ai.request.frequency_penalty}: The frequency penalty. */
  public static final AttributeKey<Double> REQUEST_FREQUENCY_PENALTY =
      AttributeKey.doubleKey("gen_ai.request.frequency_penalty");

  /** {@code gen_ai.request.presence_penalty}: The presence penalty. */
  public static final AttributeKey<Double> REQUEST_PRESENCE_PENALTY =
      AttributeKey.doubleKey("gen_ai.request.presence_penalty");

  /** {@code gen_ai.request.stop_sequences}: The stop sequences. */
  public static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES =
      AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");

  /** {@code gen_ai.request.seed}: The random seed the model is asked to sample with. */
  public static final AttributeKey<Long> REQUEST_SEED = AttributeKey.longKey("gen_ai.request.seed");

  /** {@code gen_ai.request.choice.count}: The number of choices requested (when not 1). */
  public static final AttributeKey<Long> REQUEST_CHOICE_COUNT =
      AttributeKey.longKey("gen_ai.request.choice.count");

  /** {@code gen_ai.request.stream}: Whether the response was requested as a stream. */
  public static final AttributeKey<Boolean> REQUEST_STREAM =
      AttributeKey.booleanKey("gen_ai.request.stream");

  /** {@code gen_ai.request.encoding_formats}: The encoding formats requested for embeddings. */
  public static final AttributeKey<List<String>> REQUEST_ENCODING_FORMATS =
      AttributeKey.stringArrayKey("gen_ai.request.encoding_formats");

  /** {@code gen_ai.response.id}: The provider's id of the response. */
  public static final AttributeKey<String> RESPONSE_ID =
      AttributeKey.stringKey("gen_ai.response.id");

  /** {@code gen_ai.response.model}: The model that answered. */
  public static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");

  /** {@code gen_ai.response.finish_reasons}: Why the model stopped, one per choice. */
  public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

  /**
   * {@code gen_ai.response.time_to_first_chunk}: Seconds from the request to the first chunk of a
   * streamed response.
   */
  public static final AttributeKey<Double> RESPONSE_TIME_TO_FIRST_CHUNK =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");

  /** {@code gen_ai.usage.input_tokens}: Tokens in the prompt. */
  public static final AttributeKey<Long> USAGE_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");

  /** {@code gen_ai.usage.output_tokens}: Tokens in the response. */
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");

  /**
   * {@code gen_ai.usage.cache_read.input_tokens}: Input tokens served from the provider's prompt
   * cache.
   */
  public static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");

  /**
   * {@code gen_ai.usage.cache_creation.input_tokens}: Input tokens written to the provider's prompt
   * cache.
   */
  public static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");

  /**
   * {@code gen_ai.usage.cache_write.input_tokens}: Input tokens written to the provider's prompt
   * cache, the newer name of {@link #USAGE_CACHE_CREATION_INPUT_TOKENS} (emitted only with {@link
   * GenAiConventionVersion#LATEST_EXPERIMENTAL}).
   */
  public static final AttributeKey<Long> USAGE_CACHE_WRITE_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_write.input_tokens");

  /** {@code gen_ai.usage.reasoning.output_tokens}: Output tokens spent on reasoning. */
  public static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");

  /** {@code gen_ai.conversation.id}: The conversation (session, thread) id. */
  public static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("gen_ai.conversation.id");

  /** {@code gen_ai.output.type}: The requested output type ({@code text}, {@code json}, ...). */
  public static final AttributeKey<String> OUTPUT_TYPE =
      AttributeKey.stringKey("gen_ai.output.type");

  /**
   * {@code gen_ai.embeddings.dimension.count}: The number of dimensions of the returned embeddings.
   */
  public static final AttributeKey<Long> EMBEDDINGS_DIMENSION_COUNT =
      AttributeKey.longKey("gen_ai.embeddings.dimension.count");

  /** {@code gen_ai.input.messages}: The input messages as JSON (only with content capture on). */
  public static final AttributeKey<String> INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");

  /** {@code gen_ai.output.messages}: The output messages as JSON (only with content capture on). */
  public static final AttributeKey<String> OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");

  /**
   * {@code gen_ai.system_instructions}: The system instructions as JSON (only with content capture
   * on).
   */
  public static final AttributeKey<String> SYSTEM_INSTRUCTIONS =
      AttributeKey.stringKey("gen_ai.system_instructions");

  /** {@code gen_ai.tool.name}: The tool's name. */
  public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");

  /** {@code gen_ai.tool.call.id}: The id of the tool call. */
  public static final AttributeKey<String> TOOL_CALL_ID =
      AttributeKey.stringKey("gen_ai.tool.call.id");

  /**
   * {@code gen_ai.tool.type}: The tool's type: {@code function}, {@code extension} or {@code
   * datastore}.
   */
  public static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");

  /** {@code gen_ai.tool.description}: The tool's description. */
  public static final AttributeKey<String> TOOL_DESCRIPTION =
      AttributeKey.stringKey("gen_ai.tool.description");

  /**
   * {@code gen_ai.tool.call.arguments}: The tool call's arguments (only with content capture on).
   */
  public static final AttributeKey<String> TOOL_CALL_ARGUMENTS =
      AttributeKey.stringKey("gen_ai.tool.call.arguments");

  /** {@code gen_ai.tool.call.result}: The tool call's result (only with content capture on). */
  public static final AttributeKey<String> TOOL_CALL_RESULT =
      AttributeKey.stringKey("gen_ai.tool.call.result");

  /** {@code gen_ai.agent.name}: The agent's name. */
  public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");

  /** {@code gen_ai.agent.id}: The agent's id. */
  public static final AttributeKey<String> AGENT_ID = AttributeKey.stringKey("gen_ai.agent.id");

  /** {@code gen_ai.agent.description}: The agent's description. */
  public static final AttributeKey<String> AGENT_DESCRIPTION =
      AttributeKey.stringKey("gen_ai.agent.description");

  /** {@code gen_ai.agent.version}: The agent's version. */
  public static final AttributeKey<String> AGENT_VERSION =
      AttributeKey.stringKey("gen_ai.agent.version");

  /** {@code gen_ai.data_source.id}: The data source id. */
  public static final AttributeKey<String> DATA_SOURCE_ID =
      AttributeKey.stringKey("gen_ai.data_source.id");

  /**
   * {@code gen_ai.token.type}: On {@code gen_ai.client.token.usage}: {@code input} or {@code
   * output}.
   */
  public static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");

  /** {@code gen_ai.client.token.usage}: histogram of tokens per call, unit {@code {token}}. */
  public static final String METRIC_TOKEN_USAGE = "gen_ai.client.token.usage";

  /** {@code gen_ai.client.operation.duration}: histogram of call duration, seconds. */
  public static final String METRIC_OPERATION_DURATION = "gen_ai.client.operation.duration";

  /** {@code gen_ai.client.operation.time_to_first_chunk}: histogram for streams, seconds. */
  public static final String METRIC_TIME_TO_FIRST_CHUNK =
      "gen_ai.client.operation.time_to_first_chunk";

  /**
   * {@code gen_ai.provider.name} of an agent that names no provider (the attribute is required;
   * {@code _OTHER} marks a value outside the known set).
   */
  public static final String PROVIDER_OTHER = "_OTHER";

  /** {@code gen_ai.client.operation.time_per_output_chunk}: histogram for streams, seconds. */
  public static final String METRIC_TIME_PER_OUTPUT_CHUNK =
      "gen_ai.client.operation.time_per_output_chunk";

  /** {@code openai.api.type}: {@code chat_completions} or {@code responses}. */
  public static final AttributeKey<String> OPENAI_API_TYPE =
      AttributeKey.stringKey("openai.api.type");

  /** {@code openai.response.service_tier}. */
  public static final AttributeKey<String> OPENAI_RESPONSE_SERVICE_TIER =
      AttributeKey.stringKey("openai.response.service_tier");

  /** {@code openai.response.system_fingerprint}. */
  public static final AttributeKey<String> OPENAI_RESPONSE_SYSTEM_FINGERPRINT =
      AttributeKey.stringKey("openai.response.system_fingerprint");

  /** {@code gen_ai.provider.name} value for OpenAI. */
  public static final String PROVIDER_OPENAI = "openai";

  /** {@code gen_ai.provider.name} value for Azure OpenAI. */
  public static final String PROVIDER_AZURE_AI_OPENAI = "azure.ai.openai";

  /** {@code gen_ai.provider.name} value for Azure AI Inference. */
  public static final String PROVIDER_AZURE_AI_INFERENCE = "azure.ai.inference";

  /** {@code gen_ai.provider.name} value for AWS Bedrock. */
  public static final String PROVIDER_AWS_BEDROCK = "aws.bedrock";

  /** {@code gen_ai.provider.name} value for Anthropic. */
  public static final String PROVIDER_ANTHROPIC = "anthropic";

  /** {@code gen_ai.provider.name} value for Google Vertex AI. */
  public static final String PROVIDER_GCP_VERTEX_AI = "gcp.vertex_ai";

  /** {@code gen_ai.provider.name} value for Google Gemini (AI Studio). */
  public static final String PROVIDER_GCP_GEMINI = "gcp.gemini";

  /** {@code gen_ai.provider.name} value for Cohere. */
  public static final String PROVIDER_COHERE = "cohere";

  /** {@code gen_ai.provider.name} value for Mistral AI. */
  public static final String PROVIDER_MISTRAL_AI = "mistral_ai";

  /** {@code gen_ai.provider.name} value for Groq. */
  public static final String PROVIDER_GROQ = "groq";

  /** {@code gen_ai.provider.name} value for DeepSeek. */
  public static final String PROVIDER_DEEPSEEK = "deepseek";

  /** {@code gen_ai.provider.name} value for Perplexity. */
  public static final String PROVIDER_PERPLEXITY = "perplexity";

  /** {@code gen_ai.provider.name} value for xAI. */
  public static final String PROVIDER_X_AI = "x_ai";

  /** {@code gen_ai.provider.name} value for IBM watsonx.ai. */
  public static final String PROVIDER_IBM_WATSONX_AI = "ibm.watsonx.ai";

  /** {@code gen_ai.operation.name} value. Operation: chat completion. */
  public static final String OPERATION_CHAT = "chat";

  /** {@code gen_ai.operation.name} value. Operation: legacy text completion. */
  public static final String OPERATION_TEXT_COMPLETION = "text_completion";

  /** {@code gen_ai.operation.name} value. Operation: multimodal content generation. */
  public static final String OPERATION_GENERATE_CONTENT = "generate_content";

  /** {@code gen_ai.operation.name} value. Operation: embeddings. */
  public static final String OPERATION_EMBEDDINGS = "embeddings";

  /** {@code gen_ai.operation.name} value. Operation: tool execution. */
  public static final String OPERATION_EXECUTE_TOOL = "execute_tool";

  /** {@code gen_ai.operation.name} value. Operation: agent invocation. */
  public static final String OPERATION_INVOKE_AGENT = "invoke_agent";

  /** {@code gen_ai.operation.name} value. Operation: agent creation. */
  public static final String OPERATION_CREATE_AGENT = "create_agent";
}
