package dev.tracekit.examples.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.JedisPooled;

/**
 * A job queue between a producer and a worker thread. Jobs are flat string maps: the payload plus
 * the trace context fields TraceKit writes. In-JVM by default; a Redis list ({@code LPUSH} / {@code
 * BRPOP}, as Node.js job queues do) with {@code TRACEKIT_EXAMPLES_REDIS=host:port}; a RabbitMQ
 * queue with {@code TRACEKIT_EXAMPLES_RABBITMQ=amqp://user:pass@host:port}.
 */
public abstract class JobQueue implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> JOB = new TypeReference<>() {};

  private final String name;

  JobQueue(String name) {
    this.name = name;
  }

  /**
   * Opens a queue of the configured kind.
   *
   * @param name the queue name (messaging.destination.name)
   * @param redis {@code host:port} of Redis, or null
   * @param rabbitmq an AMQP URI, or null
   * @return the queue
   * @throws Exception when the broker cannot be reached
   */
  public static JobQueue open(String name, @Nullable String redis, @Nullable String rabbitmq)
      throws Exception {
    if (rabbitmq != null && !rabbitmq.isBlank()) {
      return new Rabbit(name, rabbitmq);
    }
    if (redis != null && !redis.isBlank()) {
      return new Redis(name, redis);
    }
    return new InJvm(name);
  }

  /**
   * The queue name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * {@code messaging.system}: {@code in_memory}, {@code redis} or {@code rabbitmq}.
   *
   * @return the system
   */
  public abstract String system();

  /**
   * Enqueues a job.
   *
   * @param job the job
   * @return the job
   * @throws Exception when the broker fails
   */
  public abstract Map<String, String> send(Map<String, String> job) throws Exception;

  /**
   * Takes the next job, waiting at most the timeout.
   *
   * @param timeout how long to wait
   * @return the job, or null on timeout
   * @throws Exception when the broker fails
   */
  public abstract @Nullable Map<String, String> receive(Duration timeout) throws Exception;

  /**
   * Jobs waiting (the queue_size gauge).
   *
   * @return the depth, or -1 when unknown
   */
  public abstract long size();

  @Override
  public abstract void close();

  private static String write(Map<String, String> job) throws Exception {
    return JSON.writeValueAsString(job);
  }

  private static Map<String, String> read(String json) throws Exception {
    return JSON.readValue(json, JOB);
  }

  private static final class InJvm extends JobQueue {
    private final BlockingQueue<Map<String, String>> queue = new LinkedBlockingQueue<>();

    InJvm(String name) {
      super(name);
    }

    @Override
    public String system() {
      return "in_memory";
    }

    @Override
    public Map<String, String> send(Map<String, String> job) {
      queue.add(new LinkedHashMap<>(job));
      return job;
    }

    @Override
    public @Nullable Map<String, String> receive(Duration timeout) throws InterruptedException {
      return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public long size() {
      return queue.size();
    }

    @Override
    public void close() {}
  }

  private static final class Redis extends JobQueue {
    private final JedisPooled jedis;
    private final String key;

    Redis(String name, String hostPort) {
      super(name);
      int colon = hostPort.lastIndexOf(':');
      String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      int port = colon < 0 ? 6379 : Integer.parseInt(hostPort.substring(colon + 1));
      this.jedis = new JedisPooled(host, port);
      this.key = "tracekit:examples:" + name + ":" + UUID.randomUUID();
      jedis.ping();
    }

    @Override
    public String system() {
      return "redis";
    }

    @Override
    public Map<String, String> send(Map<String, String> job) throws Exception {
      jedis.lpush(key, write(job));
      return job;
    }

    @Override
    public @Nullable Map<String, String> receive(Duration timeout) throws Exception {
      int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
      java.util.List<String> popped = jedis.brpop(seconds, key);
      return popped == null || popped.size() < 2 ? null : read(popped.get(1));
    }

    @Override
    public long size() {
      return jedis.llen(key);
    }

    @Override
    public void close() {
      try {
        jedis.del(key);
      } finally {
        jedis.close();
      }
    }
  }

  private static final class Rabbit extends JobQueue {
    private final com.rabbitmq.client.Connection connection;
    private final Channel channel;
    private final String queue;

    Rabbit(String name, String uri) throws Exception {
      super(name);
      ConnectionFactory factory = new ConnectionFactory();
      factory.setUri(uri);
      factory.setConnectionTimeout(3000);
      this.connection = factory.newConnection("tracekit-examples");
      this.channel = connection.createChannel();
      this.queue = channel.queueDeclare("", false, true, true, null).getQueue();
    }

    @Override
    public String system() {
      return "rabbitmq";
    }

    @Override
    public synchronized Map<String, String> send(Map<String, String> job) throws Exception {
      channel.basicPublish("", queue, null, write(job).getBytes(StandardCharsets.UTF_8));
      return job;
    }

    @Override
    public @Nullable Map<String, String> receive(Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        GetResponse r;
        synchronized (this) {
          r = channel.basicGet(queue, true);
        }
        if (r != null) {
          return read(new String(r.getBody(), StandardCharsets.UTF_8));
        }
        Thread.sleep(2);
      }
      return null;
    }

    @Override
    public synchronized long size() {
      try {
        return channel.messageCount(queue);
      } catch (Exception e) {
        return -1;
      }
    }

    @Override
    public void close() {
      try {
        connection.close(2000);
      } catch (Exception e) {
        // closing at exit
      }
    }
  }
}
