package dev.tracekit.examples.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.tracekit.api.Messaging;
import dev.tracekit.api.ThrowingFunction;
import dev.tracekit.kafka.KafkaTracing;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.JedisPooled;

/**
 * A job queue between a producer and a worker thread. Jobs are flat string maps: the payload plus
 * the trace context fields TraceKit writes. In-JVM by default; a Redis list ({@code LPUSH} / {@code
 * BRPOP}, as Node.js job queues do) with {@code TRACEKIT_EXAMPLES_REDIS=host:port}; a RabbitMQ
 * queue with {@code TRACEKIT_EXAMPLES_RABBITMQ=amqp://user:pass@host:port}; a Kafka topic with
 * {@code TRACEKIT_EXAMPLES_KAFKA=host:port}, traced by {@link KafkaTracing} instead of the generic
 * {@link Messaging} helpers.
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
    return open(name, redis, rabbitmq, null, OpenTelemetry.noop());
  }

  /**
   * Opens a queue of the configured kind, Kafka included.
   *
   * @param name the queue name (messaging.destination.name)
   * @param redis {@code host:port} of Redis, or null
   * @param rabbitmq an AMQP URI, or null
   * @param kafka {@code host:port} of a Kafka broker, or null
   * @param openTelemetry the instance a Kafka queue is traced with
   * @return the queue
   * @throws Exception when the broker cannot be reached
   */
  public static JobQueue open(
      String name,
      @Nullable String redis,
      @Nullable String rabbitmq,
      @Nullable String kafka,
      OpenTelemetry openTelemetry)
      throws Exception {
    if (kafka != null && !kafka.isBlank()) {
      return new Kafka(name, kafka.strip(), openTelemetry);
    }
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
   * Enqueues a job in a {@code send {queue}} PRODUCER span: through the generic messaging helpers
   * (the context goes into the job), or, for a queue that traces itself (Kafka), its own client.
   *
   * @param messaging the generic helpers
   * @param job the job
   * @throws Exception when the broker fails
   */
  public void send(Messaging messaging, Map<String, String> job) throws Exception {
    messaging.send(name, job, () -> send(job));
  }

  /**
   * Takes the next job, waiting at most the timeout, and runs the handler on it in a {@code process
   * {queue}} CONSUMER span.
   *
   * @param timeout how long to wait
   * @param messaging the generic helpers
   * @param handler the worker's code
   * @return false on timeout
   * @throws Exception the handler's or the broker's
   */
  public boolean process(
      Duration timeout,
      Messaging messaging,
      ThrowingFunction<Map<String, String>, ?, Exception> handler)
      throws Exception {
    Map<String, String> job = receive(timeout);
    if (job == null) {
      return false;
    }
    messaging.process(name, job, () -> handler.apply(job));
    return true;
  }

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

  /**
   * A Kafka topic of one partition: send through a wrapped producer, one process span per record.
   */
  private static final class Kafka extends JobQueue {
    private final KafkaTracing tracing;
    private final Producer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final java.util.ArrayDeque<ConsumerRecord<String, String>> pending =
        new java.util.ArrayDeque<>();

    Kafka(String name, String bootstrap, OpenTelemetry openTelemetry) throws Exception {
      super(name);
      this.tracing = KafkaTracing.create(openTelemetry);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin
            .createTopics(List.of(new NewTopic(name, 1, (short) 1)))
            .all()
            .get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      this.producer =
          tracing.wrap(
              new KafkaProducer<>(
                  Map.of("bootstrap.servers", bootstrap, "linger.ms", "0"),
                  new StringSerializer(),
                  new StringSerializer()));
      this.consumer =
          new KafkaConsumer<>(
              Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", "false"),
              new StringDeserializer(),
              new StringDeserializer());
      TopicPartition partition = new TopicPartition(name, 0);
      consumer.assign(List.of(partition));
      consumer.seekToEnd(List.of(partition));
      consumer.position(partition); // only records sent from now on
    }

    @Override
    public String system() {
      return "kafka";
    }

    @Override
    public Map<String, String> send(Map<String, String> job) throws Exception {
      producer.send(new ProducerRecord<>(name(), write(job))).get(10, TimeUnit.SECONDS);
      return job;
    }

    @Override
    public void send(Messaging messaging, Map<String, String> job) throws Exception {
      send(job); // the wrapped producer makes the send span and writes the context into headers
    }

    @Override
    public @Nullable Map<String, String> receive(Duration timeout) throws Exception {
      ConsumerRecord<String, String> record = next(timeout);
      return record == null ? null : read(record.value());
    }

    @Override
    public boolean process(
        Duration timeout,
        Messaging messaging,
        ThrowingFunction<Map<String, String>, ?, Exception> handler)
        throws Exception {
      ConsumerRecord<String, String> record = next(timeout);
      if (record == null) {
        return false;
      }
      tracing.process(record, r -> handler.apply(read(r.value())));
      return true;
    }

    private @Nullable ConsumerRecord<String, String> next(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (pending.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(pending::add);
      }
      return pending.poll();
    }

    @Override
    public long size() {
      return -1;
    }

    @Override
    public void close() {
      producer.close(Duration.ofSeconds(2));
      consumer.close();
    }
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
