package dev.tracekit.benchmarks.ai;

import com.anthropic.core.ClientOptions;
import com.anthropic.core.ObjectMappers;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.services.blocking.MessageService;
import com.anthropic.services.blocking.messages.BatchService;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolService;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.anthropic.AnthropicTracing;
import dev.tracekit.benchmarks.BenchSdk;
import dev.tracekit.langchain4j.LangChain4jTracing;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Each framework integration's overhead per call beside the framework's plain call, against models
 * answering in process with a canned response (so the framework's own work is the baseline): a
 * LangChain4j {@code ChatModel} with and without TraceKit's listener, a LangChain4j tool executor
 * plain and traced, a LangChain4j AI service untraced, with its model traced, and also wrapped as
 * an agent, and an anthropic-java {@code MessageService} plain and wrapped. SDK: always-on sampler,
 * batch processor, no-op exporter, GenAI metrics on.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class AiFrameworksBenchmark {
  static final ChatResponse CHAT_RESPONSE =
      ChatResponse.builder()
          .aiMessage(AiMessage.from("The capital of France is Paris."))
          .id("chatcmpl-123")
          .modelName("gpt-4o-mini-2024-07-18")
          .tokenUsage(new TokenUsage(19, 10))
          .finishReason(FinishReason.STOP)
          .build();
  static final ChatRequest CHAT_REQUEST =
      ChatRequest.builder()
          .messages(UserMessage.from("Capital of France?"))
          .modelName("gpt-4o-mini")
          .temperature(0.2)
          .build();
  static final ToolExecutionRequest TOOL_REQUEST =
      ToolExecutionRequest.builder()
          .id("call_1")
          .name("get_weather")
          .arguments("{\"city\":\"Paris\"}")
          .build();
  static final Message MESSAGE = message();

  private static Message message() {
    try {
      return ObjectMappers.jsonMapper()
          .readValue(
              """
              {"id": "msg_01", "type": "message", "role": "assistant",
               "model": "claude-sonnet-4-5-20250929",
               "content": [{"type": "text", "text": "The capital of France is Paris."}],
               "stop_reason": "end_turn", "stop_sequence": null,
               "usage": {"input_tokens": 12, "cache_creation_input_tokens": 100,
                         "cache_read_input_tokens": 2000, "output_tokens": 6}}
              """,
              Message.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static final MessageCreateParams MESSAGE_PARAMS =
      MessageCreateParams.builder()
          .model("claude-sonnet-4-5")
          .maxTokens(1024)
          .addUserMessage("Capital of France?")
          .build();

  /** A chat model answering in process. */
  static final class CannedChatModel implements ChatModel {
    private final List<ChatModelListener> listeners;

    CannedChatModel(List<ChatModelListener> listeners) {
      this.listeners = listeners;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      return CHAT_RESPONSE;
    }

    @Override
    public List<ChatModelListener> listeners() {
      return listeners;
    }

    @Override
    public ModelProvider provider() {
      return ModelProvider.OPEN_AI;
    }
  }

  /** A tool. */
  public static final class WeatherTools {
    /**
     * The weather.
     *
     * @param city the city
     * @return the weather
     */
    @Tool("Current weather in a city")
    public String getWeather(String city) {
      return "sunny";
    }
  }

  /** An AI service. */
  public interface Assistant {
    /**
     * Answers.
     *
     * @param question the question
     * @return the answer
     */
    String chat(String question);
  }

  /** A message service answering in process. */
  static final class CannedMessages implements MessageService {
    @Override
    public Message create(MessageCreateParams params, RequestOptions requestOptions) {
      return MESSAGE;
    }

    @Override
    public StreamResponse<RawMessageStreamEvent> createStreaming(
        MessageCreateParams params, RequestOptions requestOptions) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MessageTokensCount countTokens(
        MessageCountTokensParams params, RequestOptions requestOptions) {
      throw new UnsupportedOperationException();
    }

    @Override
    public WithRawResponse withRawResponse() {
      throw new UnsupportedOperationException();
    }

    @Override
    public MessageService withOptions(Consumer<ClientOptions.Builder> modifier) {
      return this;
    }

    @Override
    public BatchService batches() {
      throw new UnsupportedOperationException();
    }
  }

  private OpenTelemetrySdk sdk;
  private ChatModel plainChat;
  private ChatModel tracedChat;
  private ToolExecutor plainTool;
  private ToolExecutor tracedTool;
  private Assistant untracedAssistant;
  private Assistant plainAssistant;
  private Assistant tracedAssistant;
  private MessageService plainMessages;
  private MessageService tracedMessages;

  @Setup(Level.Trial)
  public void setUp() {
    sdk = BenchSdk.tracesAndMetrics();
    AiTracing ai = AiTracing.builder(sdk).captureContent(false).build();
    LangChain4jTracing lc = LangChain4jTracing.create(ai);
    plainChat = new CannedChatModel(List.of());
    tracedChat = new CannedChatModel(List.of(lc.chatModelListener()));
    plainTool = ToolService.findTools(new WeatherTools()).get(0).toolExecutor();
    tracedTool = lc.tools(new WeatherTools()).get(0).toolExecutor();
    ChatModel model = new CannedChatModel(List.of(lc.chatModelListener()));
    untracedAssistant = AiServices.builder(Assistant.class).chatModel(plainChat).build();
    plainAssistant = AiServices.builder(Assistant.class).chatModel(model).build();
    tracedAssistant =
        lc.agent(
            "assistant",
            Assistant.class,
            AiServices.builder(Assistant.class).chatModel(model).build());
    plainMessages = new CannedMessages();
    tracedMessages = AnthropicTracing.create(ai).wrap(plainMessages);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
  }

  @Benchmark
  public ChatResponse langchain4jChatPlain() {
    return plainChat.chat(CHAT_REQUEST);
  }

  @Benchmark
  public ChatResponse langchain4jChatTraced() {
    return tracedChat.chat(CHAT_REQUEST);
  }

  @Benchmark
  public String langchain4jToolPlain() {
    return plainTool.execute(TOOL_REQUEST, "default");
  }

  @Benchmark
  public String langchain4jToolTraced() {
    return tracedTool.execute(TOOL_REQUEST, "default");
  }

  @Benchmark
  public String langchain4jAiServicePlain() {
    return untracedAssistant.chat("Capital of France?");
  }

  @Benchmark
  public String langchain4jAiServiceModelTraced() {
    return plainAssistant.chat("Capital of France?");
  }

  @Benchmark
  public String langchain4jAiServiceAgentTraced() {
    return tracedAssistant.chat("Capital of France?");
  }

  @Benchmark
  public Message anthropicCreatePlain() {
    return plainMessages.create(MESSAGE_PARAMS);
  }

  @Benchmark
  public Message anthropicCreateTraced() {
    return tracedMessages.create(MESSAGE_PARAMS);
  }
}
