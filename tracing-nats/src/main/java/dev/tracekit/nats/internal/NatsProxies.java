package dev.tracekit.nats.internal;

import dev.tracekit.api.support.Diagnostics;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Dynamic proxies for {@link Connection} and {@link JetStream}: {@code publish} (and JetStream's
 * {@code publishAsync}) carry the context in the message headers inside a send span; a call without
 * headers is routed to the overload with headers; {@code jetStream(..)} returns a traced JetStream;
 * every other method goes straight to the delegate. Proxies, because both interfaces gain methods
 * in minor releases.
 *
 * <p>Internal: not API.
 */
public final class NatsProxies {
  private NatsProxies() {}

  /**
   * A traced connection.
   *
   * @param delegate the real connection
   * @param core the tracing core
   * @return the proxy
   */
  public static Connection connection(Connection delegate, NatsCore core) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new Handler(delegate, Connection.class, core));
  }

  /**
   * A traced JetStream context.
   *
   * @param delegate the real JetStream context
   * @param core the tracing core
   * @return the proxy
   */
  public static JetStream jetStream(JetStream delegate, NatsCore core) {
    return (JetStream)
        Proxy.newProxyInstance(
            JetStream.class.getClassLoader(),
            new Class<?>[] {JetStream.class},
            new Handler(delegate, JetStream.class, core));
  }

  /**
   * A traced subscription (core sync, JetStream push sync or pull): {@code fetch} and {@code
   * nextMessage} record a receive span ({@link NatsCore#received}); everything else goes to the
   * delegate. Subscriptions bound to a dispatcher are not wrapped (the dispatcher takes them back).
   */
  static Object subscription(Object delegate, Class<?> type, NatsCore core) {
    return Proxy.newProxyInstance(
        type.getClassLoader(), new Class<?>[] {type}, new SubscriptionHandler(delegate, core));
  }

  private static final class SubscriptionHandler implements InvocationHandler {
    private final Object delegate;
    private final NatsCore core;

    SubscriptionHandler(Object delegate, NatsCore core) {
      this.delegate = delegate;
      this.core = core;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      String name = method.getName();
      if (method.getDeclaringClass() == Object.class) {
        switch (name) {
          case "equals":
            return args != null && proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          case "toString":
            return "Tracing" + delegate;
          default:
            return forward(delegate, method, args);
        }
      }
      boolean fetch = "fetch".equals(name) && method.getReturnType() == List.class;
      boolean next = "nextMessage".equals(name) && method.getReturnType() == Message.class;
      if (!fetch && !next) {
        return forward(delegate, method, args);
      }
      long startMillis = System.currentTimeMillis();
      long startNanos = System.nanoTime();
      Object result = forward(delegate, method, args);
      if (fetch && result instanceof List) {
        @SuppressWarnings("unchecked")
        List<? extends Message> messages = (List<? extends Message>) result;
        core.received(messages, startMillis, startNanos);
      } else if (result instanceof Message) {
        core.received(List.of((Message) result), startMillis, startNanos);
      }
      return result;
    }
  }

  private static boolean boundToADispatcher(Method method) {
    for (Class<?> parameter : method.getParameterTypes()) {
      if (parameter == Dispatcher.class || parameter == MessageHandler.class) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable Object forward(Object delegate, Method method, @Nullable Object[] args)
      throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static final class Handler implements InvocationHandler {
    private final Object delegate;
    private final Class<?> type;
    private final NatsCore core;

    Handler(Object delegate, Class<?> type, NatsCore core) {
      this.delegate = delegate;
      this.type = type;
      this.core = core;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      String name = method.getName();
      if (method.getDeclaringClass() == Object.class) {
        switch (name) {
          case "equals":
            return args != null && proxy == args[0];
          case "hashCode":
            return System.identityHashCode(proxy);
          case "toString":
            return "Tracing" + delegate;
          default:
            return forward(method, args);
        }
      }
      if ("jetStream".equals(name) && type == Connection.class) {
        Object result = forward(method, args);
        return result instanceof JetStream ? jetStream((JetStream) result, core) : result;
      }
      if ("subscribe".equals(name)
          && Subscription.class.isAssignableFrom(method.getReturnType())
          && !boundToADispatcher(method)) {
        Object result = forward(method, args);
        return result == null ? null : subscription(result, method.getReturnType(), core);
      }
      boolean publish =
          "publish".equals(name) || ("publishAsync".equals(name) && type == JetStream.class);
      if (publish && args != null && args.length > 0) {
        return publish(method, args);
      }
      return forward(method, args);
    }

    private @Nullable Object publish(Method method, Object[] args) throws Throwable {
      Class<?>[] types = method.getParameterTypes();
      if (args[0] instanceof Message) {
        Message message = (Message) args[0];
        Headers headers = message.hasHeaders() ? new Headers(message.getHeaders()) : new Headers();
        Object[] traced = args.clone();
        return core.publish(
            message.getSubject(),
            headers,
            () -> {
              traced[0] =
                  NatsMessage.builder()
                      .subject(message.getSubject())
                      .replyTo(message.getReplyTo())
                      .headers(headers)
                      .data(message.getData())
                      .build();
              return forward(method, traced);
            });
      }
      if (!(args[0] instanceof String) && args[0] != null) {
        return forward(method, args);
      }
      String subject = (String) args[0];
      int headersAt = indexOf(types, Headers.class);
      if (headersAt >= 0) {
        Headers given = (Headers) args[headersAt];
        Headers headers = given == null ? new Headers() : new Headers(given);
        Object[] traced = args.clone();
        traced[headersAt] = headers;
        return core.publish(subject, headers, () -> forward(method, traced));
      }
      int bodyAt = indexOf(types, byte[].class);
      Method withHeaders = bodyAt < 0 ? null : withHeaders(method, types, bodyAt);
      if (withHeaders == null) {
        Diagnostics.reportOnce(
            "nats.publish.overload " + method,
            "no NATS publish overload with headers for " + method + "; sent untraced");
        return forward(method, args);
      }
      Headers headers = new Headers();
      Object[] traced = new Object[args.length + 1];
      System.arraycopy(args, 0, traced, 0, bodyAt);
      traced[bodyAt] = headers;
      System.arraycopy(args, bodyAt, traced, bodyAt + 1, args.length - bodyAt);
      return core.publish(subject, headers, () -> forward(withHeaders, traced));
    }

    private @Nullable Method withHeaders(Method method, Class<?>[] types, int bodyAt) {
      Class<?>[] wanted = new Class<?>[types.length + 1];
      System.arraycopy(types, 0, wanted, 0, bodyAt);
      wanted[bodyAt] = Headers.class;
      System.arraycopy(types, bodyAt, wanted, bodyAt + 1, types.length - bodyAt);
      try {
        return type.getMethod(method.getName(), wanted);
      } catch (NoSuchMethodException e) {
        return null;
      }
    }

    private static int indexOf(Class<?>[] types, Class<?> wanted) {
      return Arrays.asList(types).indexOf(wanted);
    }

    private @Nullable Object forward(Method method, @Nullable Object[] args) throws Throwable {
      return NatsProxies.forward(delegate, method, args);
    }
  }
}
