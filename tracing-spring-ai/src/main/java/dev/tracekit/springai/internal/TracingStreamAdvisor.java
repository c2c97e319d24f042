package dev.tracekit.springai.internal;

import io.micrometer.observation.Observation;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

/**
 * A ChatClient advisor that reports each streamed response to the chat span below it, so the span
 * gets {@code gen_ai.response.time_to_first_chunk} and the per-chunk metric. Passes calls through
 * unchanged.
 *
 * <p>Internal: not API.
 */
public final class TracingStreamAdvisor implements CallAdvisor, StreamAdvisor {
  /**
   * The Reactor context key of the current observation ({@code ObservationThreadLocalAccessor}).
   */
  private static final String OBSERVATION_KEY = "micrometer.observation";

  /** The advisor's name; its own observation gets no span. */
  static final String NAME = "tracekit_stream_chunks";

  /** Creates the advisor. */
  public TracingStreamAdvisor() {}

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public int getOrder() {
    // Innermost but before Spring AI's own model advisor.
    return Ordered.LOWEST_PRECEDENCE - 100;
  }

  @Override
  public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
    return chain.nextCall(request);
  }

  @Override
  public Flux<ChatClientResponse> adviseStream(
      ChatClientRequest request, StreamAdvisorChain chain) {
    return Flux.deferContextual(
        context -> {
          ChunkSink sink = new ChunkSink();
          Object observation = context.getOrDefault(OBSERVATION_KEY, null);
          if (observation instanceof Observation) {
            ((Observation) observation).getContext().put(ChunkSink.class, sink);
          }
          return chain
              .nextStream(request)
              .doOnNext(response -> sink.chunk())
              .doFinally(s -> sink.done());
        });
  }
}
