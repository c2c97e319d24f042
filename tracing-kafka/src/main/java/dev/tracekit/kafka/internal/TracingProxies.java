package dev.tracekit.kafka.internal;

import dev.tracekit.api.support.Diagnostics;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Dynamic proxies for {@link Producer} and {@link Consumer}: {@code send} and {@code poll} are
 * traced, every other method goes straight to the delegate. A proxy rather than a class that
 * implements the interfaces, because those interfaces gain methods (with parameter types of their
 * own) in every Kafka minor release: a proxy works with whichever {@code kafka-clients} 4.x (or
 * 3.x) the application brings.
 *
 * <p>Internal: not API.
 */
public final class TracingProxies {
  private TracingProxies() {}

  /**
   * A traced producer.
   *
   * @param delegate the real producer
   * @param core the tracing core
   * @param <K> key type
   * @param <V> value type
   * @return the proxy
   */
  @SuppressWarnings("unchecked")
  public static <K, V> Producer<K, V> producer(Producer<K, V> delegate, KafkaCore core) {
    return (Producer<K, V>)
        Proxy.newProxyInstance(
            Producer.class.getClassLoader(),
            new Class<?>[] {Producer.class},
            new ProducerHandler<>(delegate, core));
  }

  /**
   * A traced consumer.
   *
   * @param delegate the real consumer
   * @param core the tracing core
   * @param <K> key type
   * @param <V> value type
   * @return the proxy
   */
  @SuppressWarnings("unchecked")
  public static <K, V> Consumer<K, V> consumer(Consumer<K, V> delegate, KafkaCore core) {
    return (Consumer<K, V>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            new ConsumerHandler(delegate, core));
  }

  private static @Nullable Object objectMethod(
      Object proxy, Object delegate, Method method, @Nullable Object[] args) {
    switch (method.getName()) {
      case "equals":
        return args != null && args.length == 1 ? proxy == args[0] : null;
      case "hashCode":
        return method.getParameterCount() == 0 ? System.identityHashCode(proxy) : null;
      case "toString":
        return method.getParameterCount() == 0 ? "Tracing" + delegate : null;
      default:
        return null;
    }
  }

  private static @Nullable Object forward(Object delegate, Method method, @Nullable Object[] args)
      throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static final class ProducerHandler<K, V> implements InvocationHandler {
    private final Producer<K, V> delegate;
    private final KafkaCore core;

    ProducerHandler(Producer<K, V> delegate, KafkaCore core) {
      this.delegate = delegate;
      this.core = core;
    }

    @Override
    @SuppressWarnings("unchecked")
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        Object result = objectMethod(proxy, delegate, method, args);
        return result != null ? result : forward(delegate, method, args);
      }
      if ("send".equals(method.getName())
          && args != null
          && (args.length == 1 || args.length == 2)
          && (args[0] == null || args[0] instanceof ProducerRecord)) {
        Callback callback = args.length == 2 ? (Callback) args[1] : null;
        return core.send(delegate, (ProducerRecord<K, V>) args[0], callback);
      }
      return forward(delegate, method, args);
    }
  }

  private static final class ConsumerHandler implements InvocationHandler {
    private final Consumer<?, ?> delegate;
    private final KafkaCore core;
    private volatile @Nullable String group;
    private volatile boolean groupKnown;

    ConsumerHandler(Consumer<?, ?> delegate, KafkaCore core) {
      this.delegate = delegate;
      this.core = core;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      if (method.getDeclaringClass() == Object.class) {
        Object result = objectMethod(proxy, delegate, method, args);
        return result != null ? result : forward(delegate, method, args);
      }
      if ("poll".equals(method.getName())
          && ConsumerRecords.class.isAssignableFrom(method.getReturnType())) {
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        Object result = forward(delegate, method, args);
        if (result instanceof ConsumerRecords) {
          core.afterPoll((ConsumerRecords<?, ?>) result, startMillis, startNanos, group());
        }
        return result;
      }
      return forward(delegate, method, args);
    }

    private @Nullable String group() {
      if (!groupKnown) {
        try {
          group = delegate.groupMetadata().groupId();
        } catch (RuntimeException e) {
          // no group.id configured (manual assignment): the builder's group, if any, is used
          Diagnostics.reportOnce(
              "kafka.consumer.group",
              "the Kafka consumer has no group metadata; messaging.consumer.group.name comes from"
                  + " the builder, if set");
        }
        groupKnown = true;
      }
      return group;
    }
  }
}
