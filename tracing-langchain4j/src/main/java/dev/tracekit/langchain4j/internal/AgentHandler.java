package dev.tracekit.langchain4j.internal;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.tracekit.ai.AgentCall;
import dev.tracekit.ai.AiSpan;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.context.Scope;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs each method of an AI service in an {@code invoke_agent {name}} span that is current while
 * the service works, so its model calls and tool calls become children. A method returning a {@link
 * TokenStream} keeps the span open until the stream completes or fails. Internal.
 */
public final class AgentHandler implements InvocationHandler {
  private final AiTracing ai;
  private final String name;
  private final Object delegate;

  /**
   * Creates the handler.
   *
   * @param ai where spans go
   * @param name the agent name
   * @param delegate the AI service
   */
  public AgentHandler(AiTracing ai, String name, Object delegate) {
    this.ai = ai;
    this.name = name;
    this.delegate = delegate;
  }

  /**
   * A proxy of {@code type} running {@code delegate} in agent spans.
   *
   * @param ai where spans go
   * @param name the agent name
   * @param type the AI service interface
   * @param delegate the AI service
   * @param <T> the interface
   * @return the proxy
   */
  public static <T> T proxy(AiTracing ai, String name, Class<T> type, T delegate) {
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(), new Class<?>[] {type}, new AgentHandler(ai, name, delegate));
    return type.cast(proxy);
  }

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
      throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      if ("equals".equals(method.getName()) && args != null && args.length == 1) {
        return proxy == args[0];
      }
      return invokeDelegate(method, args);
    }
    AgentCall call = ai.agent(name);
    String conversation = memoryId(method, args);
    if (conversation != null) {
      call.conversationId(conversation);
    }
    AiSpan span = call.begin();
    Object result;
    try (Scope ignored = span.makeCurrent()) {
      result = invokeDelegate(method, args);
    } catch (Throwable t) {
      span.fail(t);
      throw t;
    }
    if (result instanceof TokenStream stream && method.getReturnType() == TokenStream.class) {
      return TracedTokenStream.wrap(stream, span);
    }
    span.end();
    return result;
  }

  private @Nullable Object invokeDelegate(Method method, @Nullable Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() == null ? e : e.getCause();
    } catch (IllegalAccessException e) {
      // a package-private AI service interface: the Method is the proxy's, made accessible once
      if (!method.trySetAccessible()) {
        throw e;
      }
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException t) {
        throw t.getCause() == null ? t : t.getCause();
      }
    }
  }

  private static @Nullable String memoryId(Method method, @Nullable Object[] args) {
    if (args == null || args.length == 0) {
      return null;
    }
    try {
      Annotation[][] annotations = method.getParameterAnnotations();
      for (int i = 0; i < annotations.length && i < args.length; i++) {
        for (Annotation a : annotations[i]) {
          if (a instanceof MemoryId && args[i] != null) {
            return String.valueOf(args[i]);
          }
        }
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce(
          "langchain4j.memory-id", "reading an AI service's @MemoryId failed", e);
    }
    return null;
  }

  /** A token stream whose completion or failure ends the agent's span. */
  static final class TracedTokenStream implements InvocationHandler {
    private final TokenStream delegate;
    private final AiSpan span;
    private boolean completeSet;

    private TracedTokenStream(TokenStream delegate, AiSpan span) {
      this.delegate = delegate;
      this.span = span;
    }

    static TokenStream wrap(TokenStream delegate, AiSpan span) {
      return (TokenStream)
          Proxy.newProxyInstance(
              TokenStream.class.getClassLoader(),
              new Class<?>[] {TokenStream.class},
              new TracedTokenStream(delegate, span));
    }

    @Override
    @SuppressWarnings({"unchecked", "try"})
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      String m = method.getName();
      Object[] a = args;
      if ("onCompleteResponse".equals(m) && a != null && a.length == 1) {
        Consumer<ChatResponse> user = (Consumer<ChatResponse>) a[0];
        completeSet = true;
        a = new Object[] {(Consumer<ChatResponse>) r -> complete(user, r)};
      } else if ("onError".equals(m) && a != null && a.length == 1) {
        Consumer<Throwable> user = (Consumer<Throwable>) a[0];
        a = new Object[] {(Consumer<Throwable>) t -> failed(user, t)};
      } else if ("ignoreErrors".equals(m) && (a == null || a.length == 0)) {
        method = TokenStream.class.getMethod("onError", Consumer.class);
        a = new Object[] {(Consumer<Throwable>) t -> failed(null, t)};
      } else if ("start".equals(m)) {
        if (!completeSet) {
          delegate.onCompleteResponse(r -> complete(null, r));
        }
        try (Scope ignored = span.makeCurrent()) {
          return call(method, a);
        } catch (Throwable t) {
          span.fail(t);
          throw t;
        }
      } else if (method.getDeclaringClass() == Object.class) {
        if ("equals".equals(m) && a != null && a.length == 1) {
          return proxy == a[0];
        }
        return call(method, a);
      }
      Object result = call(method, a);
      return result == delegate ? proxy : result;
    }

    private @Nullable Object call(Method method, @Nullable Object[] args) throws Throwable {
      try {
        return method.invoke(delegate, args);
      } catch (InvocationTargetException e) {
        throw e.getCause() == null ? e : e.getCause();
      }
    }

    private void complete(@Nullable Consumer<ChatResponse> user, ChatResponse response) {
      span.end();
      if (user != null) {
        user.accept(response);
      }
    }

    private void failed(@Nullable Consumer<Throwable> user, Throwable error) {
      span.fail(error);
      if (user != null) {
        user.accept(error);
      }
    }
  }
}
