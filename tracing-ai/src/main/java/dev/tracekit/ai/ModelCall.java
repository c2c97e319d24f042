package dev.tracekit.ai;

import dev.tracekit.ai.internal.OpenAiWire;
import dev.tracekit.api.ThrowingSupplier;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.ServerAttributes;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One model call (chat, text completion or embeddings) being described and then run: request
 * settings are set first (they go on the span at start, so samplers see them), then {@link #call}
 * or {@link #stream} runs the work in a CLIENT span named {@code {operation} {model}}.
 *
 * <pre>{@code
 * ChatCompletion reply = ai.chat("openai", "gpt-4o")
 *     .maxTokens(1000).temperature(0.7).userId("user-123").organizationId("org-456")
 *     .message("user", prompt)           // content recorded only with capture on
 *     .call(() -> client.chat().completions().create(params));
 * }</pre>
 *
 * <p>A {@code ModelCall} is used once, by one thread. Its methods are run-time methods: they never
 * throw; setters ignore nulls and out-of-range values, a null callback is skipped and reported
 * once.
 */
public final class ModelCall {
  private static final io.opentelemetry.api.common.AttributeKey<Long> TOP_K_INT =
      io.opentelemetry.api.common.AttributeKey.longKey("gen_ai.request.top_k");
  private final AiRecorder recorder;
  final String operation;
  final String provider;
  final String model;
  private long maxTokens = -1;
  private double temperature = Double.NaN;
  private double topP = Double.NaN;
  private double topK = Double.NaN;
  private double frequencyPenalty = Double.NaN;
  private double presencePenalty = Double.NaN;
  private @Nullable List<String> stopSequences;
  private long seed;
  private boolean seedSet;
  private long choiceCount = -1;
  private boolean stream;
  private @Nullable String userId;
  private @Nullable String organizationId;
  private @Nullable String conversationId;
  private @Nullable String outputType;
  private @Nullable List<String> encodingFormats;
  private @Nullable String serverAddress;
  private int serverPort = -1;
  private long messageCount = -1;
  private int addedMessages;
  private @Nullable List<String> roles;
  private @Nullable List<String> texts;

  ModelCall(AiRecorder recorder, String operation, String provider, String model) {
    this.recorder = recorder;
    this.operation = operation;
    this.provider = provider;
    this.model = model;
    this.serverAddress = recorder.serverAddress;
    this.serverPort = recorder.serverPort;
  }

  /**
   * {@code gen_ai.request.max_tokens}.
   *
   * @param maxTokens the maximum tokens requested
   * @return this
   */
  public ModelCall maxTokens(long maxTokens) {
    this.maxTokens = maxTokens;
    return this;
  }

  /**
   * {@code gen_ai.request.temperature}.
   *
   * @param temperature the temperature
   * @return this
   */
  public ModelCall temperature(double temperature) {
    this.temperature = temperature;
    return this;
  }

  /**
   * {@code gen_ai.request.top_p}.
   *
   * @param topP the top_p value
   * @return this
   */
  public ModelCall topP(double topP) {
    this.topP = topP;
    return this;
  }

  /**
   * {@code gen_ai.request.top_k}.
   *
   * @param topK the top_k value
   * @return this
   */
  public ModelCall topK(double topK) {
    this.topK = topK;
    return this;
  }

  /**
   * {@code gen_ai.request.frequency_penalty}.
   *
   * @param penalty the penalty
   * @return this
   */
  public ModelCall frequencyPenalty(double penalty) {
    this.frequencyPenalty = penalty;
    return this;
  }

  /**
   * {@code gen_ai.request.presence_penalty}.
   *
   * @param penalty the penalty
   * @return this
   */
  public ModelCall presencePenalty(double penalty) {
    this.presencePenalty = penalty;
    return this;
  }

  /**
   * {@code gen_ai.request.stop_sequences}.
   *
   * @param stopSequences the stop sequences
   * @return this
   */
  public ModelCall stopSequences(@Nullable List<String> stopSequences) {
    this.stopSequences = stopSequences == null ? null : List.copyOf(stopSequences);
    return this;
  }

  /**
   * {@code gen_ai.request.seed}: the random seed the model is asked to sample with (OpenTelemetry's
   * GenAI convention), for reproducible outputs.
   *
   * @param seed the sampling seed
   * @return this
   */
  public ModelCall seed(long seed) {
    this.seed = seed;
    this.seedSet = true;
    return this;
  }

  /**
   * {@code gen_ai.request.choice.count} (recorded when not 1).
   *
   * @param count the number of choices requested
   * @return this
   */
  public ModelCall choiceCount(long count) {
    this.choiceCount = count;
    return this;
  }

  /**
   * {@code gen_ai.request.stream}; set automatically by {@link #stream}.
   *
   * @param stream whether the response is streamed
   * @return this
   */
  public ModelCall streamRequested(boolean stream) {
    this.stream = stream;
    return this;
  }

  /**
   * {@code tracekit.gen_ai.user.id}: an opaque user id (never an e-mail or a name).
   *
   * @param userId the id
   * @return this
   */
  public ModelCall userId(@Nullable String userId) {
    this.userId = userId;
    return this;
  }

  /**
   * {@code tracekit.gen_ai.organization.id}.
   *
   * @param organizationId the id
   * @return this
   */
  public ModelCall organizationId(@Nullable String organizationId) {
    this.organizationId = organizationId;
    return this;
  }

  /**
   * {@code gen_ai.conversation.id}.
   *
   * @param conversationId the conversation (session, thread) id
   * @return this
   */
  public ModelCall conversationId(@Nullable String conversationId) {
    this.conversationId = conversationId;
    return this;
  }

  /**
   * {@code gen_ai.output.type}: {@code text}, {@code json}, {@code image}, {@code speech}.
   *
   * @param outputType the requested output type
   * @return this
   */
  public ModelCall outputType(@Nullable String outputType) {
    this.outputType = outputType;
    return this;
  }

  /**
   * {@code gen_ai.request.encoding_formats} of an embeddings call ({@code float}, {@code base64}).
   *
   * @param formats the requested formats
   * @return this
   */
  public ModelCall encodingFormats(@Nullable List<String> formats) {
    this.encodingFormats = formats == null ? null : List.copyOf(formats);
    return this;
  }

  /**
   * {@code server.address} and {@code server.port} (overrides the builder's default).
   *
   * @param address the host
   * @param port the port, or -1
   * @return this
   */
  public ModelCall server(@Nullable String address, int port) {
    this.serverAddress = address;
    this.serverPort = port;
    return this;
  }

  /**
   * {@code server.address} and {@code server.port} from an endpoint URI (scheme default ports
   * applied).
   *
   * @param endpoint the endpoint, for example {@code https://api.openai.com/v1}
   * @return this
   */
  public ModelCall server(@Nullable URI endpoint) {
    if (endpoint != null && endpoint.getHost() != null) {
      int port = endpoint.getPort();
      if (port < 0) {
        port = "http".equalsIgnoreCase(endpoint.getScheme()) ? 80 : 443;
      }
      server(endpoint.getHost(), port);
    }
    return this;
  }

  /**
   * {@code tracekit.gen_ai.request.message_count} (how many messages the request carries).
   *
   * @param count the number of input messages
   * @return this
   */
  public ModelCall messages(long count) {
    this.messageCount = count;
    return this;
  }

  /**
   * Adds one input message. Counted always; its text is recorded (redacted and capped) in {@code
   * gen_ai.input.messages} only with content capture on. Messages with role {@code system} go to
   * {@code gen_ai.system_instructions}.
   *
   * @param role the role: {@code system}, {@code user}, {@code assistant}, {@code tool}; a message
   *     with a null role is counted, not recorded
   * @param content the text
   * @return this
   */
  public ModelCall message(@Nullable String role, @Nullable String content) {
    addedMessages++;
    if (recorder.captureContent && role != null && content != null) {
      if (roles == null) {
        roles = new ArrayList<>(4);
        texts = new ArrayList<>(4);
      }
      if (roles.size() < 256) {
        roles.add(role);
        texts.add(content);
      }
    }
    return this;
  }

  @Nullable String serverAddress() {
    return serverAddress;
  }

  int serverPort() {
    return serverPort;
  }

  /**
   * Starts the call now, for a framework that reports its end through a callback (a listener, an
   * observation handler); end it with {@link AiSpan#end()} or {@link AiSpan#fail(Throwable)}. The
   * span's parent is the current context.
   *
   * @return the started call
   */
  public AiSpan begin() {
    long start = System.nanoTime();
    Context parent = Context.current();
    return new AiSpan(recorder, this, start(), parent, start, false);
  }

  /**
   * Runs the call; the result is read by the automatic extractor (an OpenAI-compatible {@link
   * HttpResponse} or JSON {@code String}, or an openai-java result when that client is on the class
   * path).
   *
   * @param fn the call; a null fn is skipped (no span, returns null) and reported once
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> @Nullable R call(@Nullable ThrowingSupplier<R, E> fn) throws E {
    return call(fn, AiRecorder.AUTO);
  }

  /**
   * Runs the call and reads its result with {@code extractor}.
   *
   * @param fn the call; a null fn is skipped (no span, returns null) and reported once
   * @param extractor reads the result; null reads nothing (the span keeps the request data)
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  @SuppressWarnings("try") // the scope only needs closing
  public <R, E extends Throwable> @Nullable R call(
      @Nullable ThrowingSupplier<R, E> fn, @Nullable GenAiResponseExtractor<? super R> extractor)
      throws E {
    if (fn == null) {
      AiRecorder.reportNull("ModelCall.call", "fn", "no call is made, null is returned");
      return null;
    }
    boolean metrics = recorder.instruments.enabled;
    long start = metrics ? System.nanoTime() : 0L;
    Span span = start();
    R result;
    try (Scope ignored = span.makeCurrent()) {
      result = fn.get();
    } catch (Throwable t) {
      failed(span, t, start);
      throw t;
    }
    boolean recording = span.isRecording();
    ResponseInfo info = null;
    if (recording || metrics) {
      info = new ResponseInfo(recorder.captureContent);
      if (extractor != null) {
        recorder.extract(extractor, result, info);
      }
    }
    recorder.endModelCall(
        this,
        span,
        recording,
        info,
        null,
        start,
        metrics ? System.nanoTime() : 0L,
        Double.NaN,
        -1,
        false);
    return result;
  }

  /**
   * Runs a streaming call and returns its elements as a stream that keeps the span open until the
   * stream is fully consumed, fails, or is closed. Closing it before its end marks the span {@code
   * tracekit.gen_ai.stream.abandoned=true}. Use it in try-with-resources: a stream neither consumed
   * to its end nor closed leaves the span unended.
   *
   * @param fn the call, returning the stream of elements (SSE lines, chunk objects); a null fn is
   *     skipped (no span, an empty stream) and reported once
   * @param extractor reads each element; null reads nothing, reported once
   * @param <T> the element type
   * @param <E> the exception type
   * @return the traced stream
   * @throws E what {@code fn} threw, unchanged
   */
  @SuppressWarnings("try") // the scope only needs closing
  public <T, E extends Throwable> Stream<T> stream(
      @Nullable ThrowingSupplier<? extends Stream<T>, E> fn,
      @Nullable GenAiChunkExtractor<? super T> extractor)
      throws E {
    if (fn == null) {
      AiRecorder.reportNull(
          "ModelCall.stream", "fn", "no call is made, an empty stream is returned");
      return Stream.empty();
    }
    GenAiChunkExtractor<? super T> chunks = extractor;
    if (chunks == null) {
      AiRecorder.reportNull(
          "ModelCall.stream", "extractor", "each element counts as a chunk, none is read");
      chunks = (element, info) -> element != null;
    }
    this.stream = true;
    long start = System.nanoTime();
    Span span = start();
    Stream<T> source;
    try (Scope ignored = span.makeCurrent()) {
      source = fn.get();
    } catch (Throwable t) {
      failed(span, t, start);
      throw t;
    }
    if (source == null) {
      recorder.endModelCall(
          this,
          span,
          span.isRecording(),
          null,
          null,
          start,
          System.nanoTime(),
          Double.NaN,
          0,
          false);
      return Stream.empty();
    }
    return TracedStream.wrap(source, new StreamState<>(this, span, start, chunks, recorder));
  }

  /**
   * Runs a streaming call made with {@code java.net.http} ({@code BodyHandlers.ofLines()}) against
   * an OpenAI-compatible server and returns its SSE lines, traced as in {@link #stream}. An error
   * status (4xx/5xx) ends the span at once as failed, with the error body read; the lines are still
   * returned.
   *
   * @param fn the call; a null fn is skipped (no span, an empty stream) and reported once
   * @param <E> the exception type
   * @return the traced lines
   * @throws E what {@code fn} threw, unchanged
   */
  @SuppressWarnings("try") // the scope only needs closing
  public <E extends Throwable> Stream<String> streamHttp(
      @Nullable ThrowingSupplier<HttpResponse<Stream<String>>, E> fn) throws E {
    if (fn == null) {
      AiRecorder.reportNull(
          "ModelCall.streamHttp", "fn", "no call is made, an empty stream is returned");
      return Stream.empty();
    }
    this.stream = true;
    long start = System.nanoTime();
    Span span = start();
    HttpResponse<Stream<String>> response;
    try (Scope ignored = span.makeCurrent()) {
      response = fn.get();
    } catch (Throwable t) {
      failed(span, t, start);
      throw t;
    }
    if (response == null || response.body() == null) {
      recorder.endModelCall(
          this,
          span,
          span.isRecording(),
          null,
          null,
          start,
          System.nanoTime(),
          Double.NaN,
          0,
          false);
      return Stream.empty();
    }
    if (response.statusCode() >= 400) {
      List<String> lines;
      try (Stream<String> body = response.body()) {
        lines = body.limit(10_000).toList();
      } catch (RuntimeException e) {
        // The error body could not be read (the connection dropped): end the span, then let the
        // caller see the body's own failure, as if it had read the body itself.
        failed(span, e, start);
        throw e;
      }
      ResponseInfo info = new ResponseInfo(false);
      OpenAiWire.status(response.statusCode(), response.headers(), info);
      OpenAiWire.body(String.join("\n", lines), info);
      for (String line : lines) {
        OpenAiWire.sseLine(line, info);
      }
      recorder.endModelCall(
          this,
          span,
          span.isRecording(),
          info,
          null,
          start,
          System.nanoTime(),
          Double.NaN,
          0,
          false);
      return lines.stream();
    }
    return TracedStream.wrap(
        response.body(),
        new StreamState<>(this, span, start, OpenAiCompatible.sseLines(), recorder));
  }

  private void failed(Span span, Throwable t, long start) {
    ResponseInfo info = recorder.errorInfo(t);
    recorder.endModelCall(
        this, span, span.isRecording(), info, t, start, System.nanoTime(), Double.NaN, -1, false);
  }

  Span start() {
    SpanBuilder b =
        recorder
            .tracer
            .spanBuilder(recorder.spanName(operation, model))
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(GenAiAttributes.OPERATION_NAME, operation)
            .setAttribute(GenAiAttributes.PROVIDER_NAME, provider)
            .setAttribute(GenAiAttributes.REQUEST_MODEL, model);
    if (serverAddress != null) {
      b.setAttribute(ServerAttributes.SERVER_ADDRESS, serverAddress);
      if (serverPort > 0) {
        b.setAttribute(ServerAttributes.SERVER_PORT, (long) serverPort);
      }
    }
    if (maxTokens >= 0) {
      b.setAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, maxTokens);
    }
    if (!Double.isNaN(temperature)) {
      b.setAttribute(GenAiAttributes.REQUEST_TEMPERATURE, temperature);
    }
    if (!Double.isNaN(topP)) {
      b.setAttribute(GenAiAttributes.REQUEST_TOP_P, topP);
    }
    if (!Double.isNaN(topK)) {
      if (recorder.latest) {
        // The newer GenAI conventions make gen_ai.request.top_k an integer.
        b.setAttribute(TOP_K_INT, Math.round(topK));
      } else {
        b.setAttribute(GenAiAttributes.REQUEST_TOP_K, topK);
      }
    }
    if (!Double.isNaN(frequencyPenalty)) {
      b.setAttribute(GenAiAttributes.REQUEST_FREQUENCY_PENALTY, frequencyPenalty);
    }
    if (!Double.isNaN(presencePenalty)) {
      b.setAttribute(GenAiAttributes.REQUEST_PRESENCE_PENALTY, presencePenalty);
    }
    if (stopSequences != null) {
      b.setAttribute(GenAiAttributes.REQUEST_STOP_SEQUENCES, stopSequences);
    }
    if (seedSet) {
      b.setAttribute(GenAiAttributes.REQUEST_SEED, seed);
    }
    if (choiceCount >= 0 && choiceCount != 1) {
      b.setAttribute(GenAiAttributes.REQUEST_CHOICE_COUNT, choiceCount);
    }
    if (stream) {
      b.setAttribute(GenAiAttributes.REQUEST_STREAM, true);
    }
    if (conversationId != null) {
      b.setAttribute(GenAiAttributes.CONVERSATION_ID, conversationId);
    }
    if (outputType != null) {
      b.setAttribute(GenAiAttributes.OUTPUT_TYPE, outputType);
    }
    if (encodingFormats != null) {
      b.setAttribute(GenAiAttributes.REQUEST_ENCODING_FORMATS, encodingFormats);
    }
    if (userId != null) {
      b.setAttribute(TracekitAiAttributes.USER_ID, userId);
    }
    if (organizationId != null) {
      b.setAttribute(TracekitAiAttributes.ORGANIZATION_ID, organizationId);
    }
    long count = Math.max(messageCount, addedMessages);
    if (count >= 0 && (messageCount >= 0 || addedMessages > 0)) {
      b.setAttribute(TracekitAiAttributes.REQUEST_MESSAGE_COUNT, count);
    }
    Span span = recorder.start(b, operation, model);
    if (roles != null && texts != null && span.isRecording()) {
      writeInput(span, roles, texts);
    }
    return span;
  }

  private void writeInput(Span span, List<String> roles, List<String> texts) {
    List<String> inRoles = new ArrayList<>();
    List<String> inTexts = new ArrayList<>();
    List<String> sysTexts = new ArrayList<>();
    for (int i = 0; i < roles.size(); i++) {
      if ("system".equals(roles.get(i))) {
        sysTexts.add(texts.get(i));
      } else {
        inRoles.add(roles.get(i));
        inTexts.add(texts.get(i));
      }
    }
    if (!inTexts.isEmpty()) {
      span.setAttribute(
          GenAiAttributes.INPUT_MESSAGES, recorder.messagesJson(inRoles, inTexts, null));
    }
    if (!sysTexts.isEmpty()) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < sysTexts.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append("{\"type\":\"text\",\"content\":");
        dev.tracekit.ai.internal.Json.quote(sb, recorder.redact(sysTexts.get(i)));
        sb.append('}');
      }
      span.setAttribute(GenAiAttributes.SYSTEM_INSTRUCTIONS, sb.append(']').toString());
    }
  }
}
