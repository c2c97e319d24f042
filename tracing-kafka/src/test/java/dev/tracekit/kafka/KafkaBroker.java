package dev.tracekit.kafka;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One in-JVM KRaft Kafka broker (combined broker + controller) started on first use and shared by
 * every Kafka test in this JVM; stopped by a shutdown hook. No Docker, nothing downloaded.
 */
final class KafkaBroker {
  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static volatile KafkaClusterTestKit cluster;
  static volatile long startMillis;

  private KafkaBroker() {}

  static synchronized String bootstrap() {
    if (cluster == null) {
      long start = System.nanoTime();
      // A fatal path inside the broker (for example while it closes during JVM shut-down) must
      // not exit or halt the test JVM: surefire reports a non-zero exit as a failed fork.
      org.apache.kafka.common.utils.Exit.setExitProcedure(
          (code, message) ->
              System.err.println("KafkaBroker: the broker asked to exit " + code + ": " + message));
      org.apache.kafka.common.utils.Exit.setHaltProcedure(
          (code, message) ->
              System.err.println("KafkaBroker: the broker asked to halt " + code + ": " + message));
      try {
        KafkaClusterTestKit kit =
            new KafkaClusterTestKit.Builder(
                    new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("num.partitions", "1")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        cluster = kit;
        // Closed at JVM exit, but for at most 10 s: surefire halts a test JVM whose exit takes
        // longer than 30 s and reports the fork as failed, and a broker's orderly shut-down on a
        // loaded machine can take that long. The close goes on in a daemon thread; the JVM does
        // not wait for it beyond the bound.
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      Thread closer =
                          new Thread(
                              () -> {
                                try {
                                  kit.close();
                                } catch (Exception e) {
                                  // the JVM is going away
                                }
                              },
                              "kafka-test-broker-close");
                      closer.setDaemon(true);
                      closer.start();
                      try {
                        closer.join(10_000);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }));
      } catch (Exception e) {
        throw new IllegalStateException("could not start the in-JVM Kafka broker", e);
      }
      startMillis = (System.nanoTime() - start) / 1_000_000;
      System.out.println("KafkaBroker: in-JVM KRaft broker started in " + startMillis + " ms");
    }
    return cluster.bootstrapServers();
  }

  /** A new topic with one partition. */
  static String topic(String prefix) throws Exception {
    String name = prefix + "-" + TOPICS.incrementAndGet();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap()))) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
    }
    return name;
  }

  static KafkaProducer<String, String> producer(Map<String, Object> extra) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.putAll(extra);
    return new KafkaProducer<>(p);
  }

  static KafkaProducer<String, String> producer() {
    return producer(Map.of());
  }

  static KafkaConsumer<String, String> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "group-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    return new KafkaConsumer<>(p);
  }
}
