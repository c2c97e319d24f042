package dev.tracekit.benchmarks.ai.springai;

import dev.tracekit.benchmarks.BenchSdk;
import dev.tracekit.springai.SpringAiTracing;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.observation.ChatModelObservationDocumentation;
import org.springframework.ai.chat.observation.DefaultChatModelObservationConvention;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * Spring AI's {@code ChatClient} call through a chat model that answers in process and records the
 * same observation Spring AI's provider models record ({@code chat {model}}), plain (no observation
 * handler) and with TraceKit's handler ({@link SpringAiTracing}) on an SDK (always-on sampler,
 * batch processor, no-op exporter, metrics into a discarding reader): the overhead per call of
 * Spring AI tracing, without a network.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SpringAiChatBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SpringAiChatBenchmark {
  private OpenTelemetrySdk sdk;
  private ChatClient plain;
  private ChatClient observed;
  private ChatClient traced;

  /** Builds both clients. */
  @Setup(Level.Trial)
  public void setUp() {
    sdk = BenchSdk.tracesAndMetrics();
    plain = client(ObservationRegistry.NOOP, null);
    ObservationRegistry withEmptyHandler = ObservationRegistry.create();
    withEmptyHandler.observationConfig().observationHandler(context -> true);
    observed = client(withEmptyHandler, null);
    SpringAiTracing tracing = SpringAiTracing.create(sdk);
    ObservationRegistry registry = tracing.register(ObservationRegistry.create());
    traced = client(registry, tracing);
  }

  /** Closes the SDK. */
  @TearDown(Level.Trial)
  public void tearDown() {
    sdk.close();
  }

  /**
   * The plain call.
   *
   * @return the answer
   */
  @Benchmark
  public String plain() {
    return plain.prompt("How many in stock?").call().content();
  }

  /**
   * Observed by a handler that does nothing: what Spring AI's and Micrometer's observations cost by
   * themselves once any handler (TraceKit's, or Micrometer tracing's) is registered.
   *
   * @return the answer
   */
  @Benchmark
  public String observed() {
    return observed.prompt("How many in stock?").call().content();
  }

  /**
   * The traced call: {@code chat_client} and {@code chat gpt-4o-mini} spans, GenAI metrics.
   *
   * @return the answer
   */
  @Benchmark
  public String traced() {
    return traced.prompt("How many in stock?").call().content();
  }

  private static ChatClient client(ObservationRegistry registry, SpringAiTracing tracing) {
    ChatClient.Builder builder =
        ChatClient.builder(new CannedModel(registry), registry, null, null);
    if (tracing != null) {
      builder.defaultAdvisors(tracing.streamAdvisor());
    }
    return builder.build();
  }

  /** Answers at once, observed as Spring AI's provider models observe a call. */
  static final class CannedModel implements ChatModel {
    private static final DefaultChatModelObservationConvention CONVENTION =
        new DefaultChatModelObservationConvention();
    private final ObservationRegistry registry;

    CannedModel(ObservationRegistry registry) {
      this.registry = registry;
    }

    @Override
    public ChatResponse call(Prompt prompt) {
      ChatModelObservationContext context =
          ChatModelObservationContext.builder()
              .prompt(
                  new Prompt(
                      prompt.getInstructions(), ChatOptions.builder().model("gpt-4o-mini").build()))
              .provider("openai")
              .build();
      return ChatModelObservationDocumentation.CHAT_MODEL_OPERATION
          .observation(null, CONVENTION, () -> context, registry)
          .observe(
              () -> {
                ChatResponse response =
                    new ChatResponse(
                        List.of(
                            new Generation(
                                new AssistantMessage("42 in stock"),
                                ChatGenerationMetadata.builder().finishReason("stop").build())),
                        ChatResponseMetadata.builder()
                            .id("chatcmpl-1")
                            .model("gpt-4o-mini-2024-07-18")
                            .usage(new DefaultUsage(12, 4))
                            .build());
                context.setResponse(response);
                return response;
              });
    }
  }
}
