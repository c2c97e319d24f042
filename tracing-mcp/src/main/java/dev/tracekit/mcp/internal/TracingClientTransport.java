package dev.tracekit.mcp.internal;

import dev.tracekit.api.support.Diagnostics;
import dev.tracekit.mcp.McpAttributes;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCRequest;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * An {@link McpClientTransport} that traces each request and notification the client sends: a
 * CLIENT span from the send until the response arrives, with the trace context written into the
 * request's {@code params._meta}.
 *
 * <p>Internal: not API.
 */
public final class TracingClientTransport implements McpClientTransport {
  /** The key of the OpenTelemetry context in an {@link McpTransportContext}. */
  public static final String CONTEXT_KEY = "dev.tracekit.opentelemetry.context";

  /** The most requests awaiting an answer that are tracked; beyond, spans end at send. */
  static final int MAX_PENDING = 10_000;

  /** From this many requests awaiting an answer on, those older than {@link #STALE_NANOS} end. */
  static final int SWEEP_AT = 256;

  /** A request unanswered this long (the SDK's timeout passed) ends as {@code cancelled}. */
  static final long STALE_NANOS = 10L * 60 * 1_000_000_000L;

  private static final TypeRef<Map<String, Object>> MAP = new TypeRef<Map<String, Object>>() {};

  private final McpClientTransport delegate;
  private final McpInstrumenter instrumenter;
  private final @Nullable String networkTransport;
  private final ConcurrentHashMap<String, McpCall> pending = new ConcurrentHashMap<>();
  private volatile @Nullable String protocolVersion;

  /**
   * Wraps a transport.
   *
   * @param delegate the transport
   * @param instrumenter the instrumenter
   */
  public TracingClientTransport(McpClientTransport delegate, McpInstrumenter instrumenter) {
    this.delegate = delegate;
    this.instrumenter = instrumenter;
    String type = delegate.getClass().getSimpleName();
    this.networkTransport =
        type.startsWith("Stdio") ? "pipe" : type.startsWith("Http") ? "tcp" : null;
  }

  @Override
  public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    return delegate.connect(in -> handler.apply(in.doOnNext(this::received)));
  }

  @Override
  public void setExceptionHandler(Consumer<Throwable> handler) {
    delegate.setExceptionHandler(handler);
  }

  @Override
  public void close() {
    delegate.close();
    endPending();
  }

  @Override
  public Mono<Void> closeGracefully() {
    return delegate.closeGracefully().doFinally(s -> endPending());
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return delegate.unmarshalFrom(data, typeRef);
  }

  @Override
  public List<String> protocolVersions() {
    return delegate.protocolVersions();
  }

  @Override
  public Mono<Void> sendMessage(JSONRPCMessage message) {
    if (!(message instanceof JSONRPCRequest) && !(message instanceof JSONRPCNotification)) {
      return delegate.sendMessage(message);
    }
    return Mono.deferContextual(ctx -> send(message, parent(ctx)));
  }

  private Mono<Void> send(JSONRPCMessage message, Context parent) {
    McpCall call;
    JSONRPCMessage traced;
    String id = null;
    try {
      boolean request = message instanceof JSONRPCRequest;
      String method;
      Object params;
      Object rawId = null;
      if (request) {
        JSONRPCRequest r = (JSONRPCRequest) message;
        method = r.method();
        params = r.params();
        rawId = r.id();
        id = rawId == null ? null : String.valueOf(rawId);
      } else {
        JSONRPCNotification n = (JSONRPCNotification) message;
        method = n.method();
        params = n.params();
      }
      call =
          instrumenter.start(
              parent,
              SpanKind.CLIENT,
              method == null ? "_OTHER" : method,
              "tools/call".equals(method) || "prompts/get".equals(method) ? name(params) : null,
              uri(params),
              rawId,
              null,
              protocolVersion,
              networkTransport);
      if (params instanceof McpSchema.CallToolRequest && instrumenter.captureContent) {
        call.arguments(JsonText.of(((McpSchema.CallToolRequest) params).arguments()));
      }
      Object withMeta = withMeta(params, call.context());
      traced =
          request
              ? new JSONRPCRequest(((JSONRPCRequest) message).jsonrpc(), method, rawId, withMeta)
              : new JSONRPCNotification(
                  ((JSONRPCNotification) message).jsonrpc(), method, withMeta);
      if (pending.size() >= SWEEP_AT) {
        sweep();
      }
      if (request && id != null && pending.size() < MAX_PENDING) {
        pending.put(id, call);
      } else {
        id = null;
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("mcp.client.send", "tracing an MCP request failed", e);
      return delegate.sendMessage(message);
    }
    String pendingId = id;
    boolean awaitsAnswer = pendingId != null;
    return delegate
        .sendMessage(traced)
        .doOnSuccess(
            v -> {
              if (!awaitsAnswer) {
                call.success(false, null);
              }
            })
        .doOnError(
            e -> {
              if (pendingId != null) {
                pending.remove(pendingId);
              }
              call.failure(e, code(e));
            });
  }

  private void received(JSONRPCMessage message) {
    if (!(message instanceof JSONRPCResponse)) {
      return;
    }
    try {
      JSONRPCResponse response = (JSONRPCResponse) message;
      McpCall call = response.id() == null ? null : pending.remove(String.valueOf(response.id()));
      if (call == null) {
        return;
      }
      if (response.error() != null) {
        call.rpcError(response.error().code());
        return;
      }
      Object result = response.result();
      Map<?, ?> map = result instanceof Map ? (Map<?, ?>) result : null;
      if ("initialize".equals(call.method) && map != null) {
        Object version = map.get("protocolVersion");
        if (version instanceof String) {
          protocolVersion = (String) version;
          call.span().setAttribute(McpAttributes.PROTOCOL_VERSION, (String) version);
        }
      }
      boolean toolError =
          "tools/call".equals(call.method)
              && map != null
              && Boolean.TRUE.equals(map.get("isError"));
      String text =
          instrumenter.captureContent && call.tool != null && map != null
              ? JsonText.of(map.get("content"))
              : null;
      call.success(toolError, text);
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("mcp.client.receive", "reading an MCP response failed", e);
    }
  }

  private void sweep() {
    long now = System.nanoTime();
    pending
        .entrySet()
        .removeIf(
            e -> {
              if (now - e.getValue().startNanos > STALE_NANOS) {
                e.getValue().cancelled();
                return true;
              }
              return false;
            });
  }

  private void endPending() {
    for (String id : pending.keySet()) {
      McpCall call = pending.remove(id);
      if (call != null) {
        call.cancelled();
      }
    }
  }

  private static Context parent(ContextView ctx) {
    Object transportContext = ctx.getOrDefault(McpTransportContext.KEY, null);
    if (transportContext instanceof McpTransportContext) {
      Object context = ((McpTransportContext) transportContext).get(CONTEXT_KEY);
      if (context instanceof Context) {
        return (Context) context;
      }
    }
    Object context = ctx.getOrDefault(CONTEXT_KEY, null);
    if (context instanceof Context) {
      return (Context) context;
    }
    return Context.current();
  }

  private @Nullable Object withMeta(@Nullable Object params, Context context) {
    Map<String, Object> injected = new LinkedHashMap<>(4);
    instrumenter.inject(context, injected);
    if (injected.isEmpty()) {
      return params; // nothing to carry (no-op OpenTelemetry, invalid span)
    }
    if (params instanceof McpSchema.CallToolRequest) {
      // The hot path: rebuild the record instead of a JSON round trip.
      McpSchema.CallToolRequest call = (McpSchema.CallToolRequest) params;
      return McpSchema.CallToolRequest.builder(call.name())
          .arguments(call.arguments())
          .meta(merged(call.meta(), injected))
          .build();
    }
    Map<String, Object> map;
    if (params == null) {
      map = new LinkedHashMap<>();
    } else if (params instanceof Map) {
      map = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) params).entrySet()) {
        map.put(String.valueOf(e.getKey()), e.getValue());
      }
    } else {
      try {
        map = new LinkedHashMap<>(delegate.unmarshalFrom(params, MAP));
      } catch (RuntimeException e) {
        Diagnostics.reportOnce(
            "mcp.client.meta", "could not add the trace context to MCP request params", e);
        return params;
      }
    }
    Object existing = map.get("_meta");
    map.put("_meta", merged(existing instanceof Map ? (Map<?, ?>) existing : null, injected));
    return map;
  }

  private static Map<String, Object> merged(
      @Nullable Map<?, ?> existing, Map<String, Object> injected) {
    if (existing == null || existing.isEmpty()) {
      return injected;
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : existing.entrySet()) {
      meta.put(String.valueOf(e.getKey()), e.getValue());
    }
    meta.putAll(injected);
    return meta;
  }

  private static @Nullable String name(@Nullable Object params) {
    if (params instanceof McpSchema.CallToolRequest) {
      return ((McpSchema.CallToolRequest) params).name();
    }
    if (params instanceof McpSchema.GetPromptRequest) {
      return ((McpSchema.GetPromptRequest) params).name();
    }
    if (params instanceof Map) {
      Object name = ((Map<?, ?>) params).get("name");
      return name instanceof String ? (String) name : null;
    }
    return null;
  }

  private static @Nullable String uri(@Nullable Object params) {
    if (params instanceof McpSchema.ReadResourceRequest) {
      return ((McpSchema.ReadResourceRequest) params).uri();
    }
    if (params instanceof McpSchema.SubscribeRequest) {
      return ((McpSchema.SubscribeRequest) params).uri();
    }
    return null;
  }

  static @Nullable Integer code(Throwable error) {
    if (error instanceof McpError && ((McpError) error).getJsonRpcError() != null) {
      return ((McpError) error).getJsonRpcError().code();
    }
    return null;
  }
}
