package dev.tracekit.examples;

import dev.tracekit.ai.AiTracing;
import dev.tracekit.ai.PriceTable;
import dev.tracekit.api.Messaging;
import dev.tracekit.api.Tracing;
import dev.tracekit.api.Workflows;
import dev.tracekit.examples.support.Database;
import dev.tracekit.examples.support.ExternalApis;
import dev.tracekit.examples.support.JobQueue;
import dev.tracekit.examples.support.LoopbackServer;
import dev.tracekit.examples.support.ModelServer;
import dev.tracekit.examples.support.PipelineMetrics;
import dev.tracekit.http.HttpTracing;
import dev.tracekit.metrics.MetricsTracing;
import io.opentelemetry.api.OpenTelemetry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the scenarios share: the SDK's OpenTelemetry and TraceKit's helpers on it, a traced and an
 * untraced HTTP client, the embedded model server and external APIs, the database, and factories
 * for queues and service endpoints (closed with the context).
 */
public final class ScenarioContext implements AutoCloseable {
  /** Environment variable: PostgreSQL JDBC URL instead of H2. */
  public static final String POSTGRES_ENV = "TRACEKIT_EXAMPLES_POSTGRES_URL";

  /** Environment variable: {@code host:port} of Redis, for the job queues. */
  public static final String REDIS_ENV = "TRACEKIT_EXAMPLES_REDIS";

  /** Environment variable: AMQP URI of RabbitMQ, for the job queues. */
  public static final String RABBITMQ_ENV = "TRACEKIT_EXAMPLES_RABBITMQ";

  /** {@code host:port} of a Kafka broker: the job queues run on a Kafka topic. */
  public static final String KAFKA_ENV = "TRACEKIT_EXAMPLES_KAFKA";

  /**
   * The job field in which the examples' webhooks write when the request started (epoch
   * milliseconds): the application's own field, named to the consumer's {@code Messaging} with
   * {@code requestStartField} so that end-to-end latency starts there.
   */
  public static final String REQUEST_START_FIELD = "_webhookStartTime";

  private final OpenTelemetry openTelemetry;
  private final Map<String, String> env;
  private final Tracing tracing;
  private final HttpTracing http;
  private final HttpClient plainClient;
  private final HttpClient client;
  private final AiTracing ai;
  private final MetricsTracing metrics;
  private final PipelineMetrics pipeline;
  private final ModelServer model;
  private final ExternalApis apis;
  private final Database database;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  ScenarioContext(OpenTelemetry openTelemetry, Map<String, String> env) throws Exception {
    this.openTelemetry = openTelemetry;
    this.env = Map.copyOf(env);
    this.tracing = Tracing.create(openTelemetry);
    this.http = HttpTracing.create(openTelemetry);
    this.plainClient =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.client = http.wrap(plainClient);
    this.model = ModelServer.start(plainClient);
    this.ai =
        AiTracing.builder(openTelemetry)
            .priceTable(
                PriceTable.builder()
                    .price("gpt-4o", 2.50, 10.00, 1.25)
                    .price("gpt-4o-mini", 0.15, 0.60, 0.075)
                    .build())
            .serverAddress("127.0.0.1", model.baseUri().getPort())
            .build();
    this.metrics = MetricsTracing.create(openTelemetry);
    this.pipeline = PipelineMetrics.create(metrics);
    this.apis = ExternalApis.start(http);
    this.database = Database.open(openTelemetry, env.get(POSTGRES_ENV));
  }

  /**
   * The OpenTelemetry of the run.
   *
   * @return the OpenTelemetry
   */
  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  /**
   * TraceKit's span helpers.
   *
   * @return the helpers
   */
  public Tracing tracing() {
    return tracing;
  }

  /**
   * HTTP tracing (server handlers, the traced client, API-client calls).
   *
   * @return the HTTP tracing
   */
  public HttpTracing http() {
    return http;
  }

  /**
   * The traced client: CLIENT spans and W3C trace context, baggage and correlation id headers.
   *
   * @return the client
   */
  public HttpClient client() {
    return client;
  }

  /**
   * An untraced client, for the outside world calling the services (a messaging channel, an inbox,
   * a browser).
   *
   * @return the client
   */
  public HttpClient outsideClient() {
    return plainClient;
  }

  /**
   * GenAI tracing, with a price table for gpt-4o and gpt-4o-mini.
   *
   * @return the AI tracing
   */
  public AiTracing ai() {
    return ai;
  }

  /**
   * Metrics helpers.
   *
   * @return the metrics helpers
   */
  public MetricsTracing metrics() {
    return metrics;
  }

  /**
   * The application's metrics catalog (message pipeline counters, stage latencies, gauges).
   *
   * @return the catalog
   */
  public PipelineMetrics pipeline() {
    return pipeline;
  }

  /**
   * The local OpenAI-compatible model server.
   *
   * @return the model server
   */
  public ModelServer model() {
    return model;
  }

  /**
   * The external APIs.
   *
   * @return the APIs
   */
  public ExternalApis apis() {
    return apis;
  }

  /**
   * The database.
   *
   * @return the database
   */
  public Database database() {
    return database;
  }

  /**
   * Task and workflow-step helpers.
   *
   * @return the helpers
   */
  public Workflows workflows() {
    return Workflows.create(openTelemetry);
  }

  /**
   * Opens a job queue of the configured kind (closed with the context).
   *
   * @param name the queue name
   * @return the queue
   * @throws Exception when the broker cannot be reached
   */
  public JobQueue queue(String name) throws Exception {
    JobQueue q = JobQueue.open(name, env.get(REDIS_ENV), env.get(RABBITMQ_ENV));
    closeables.add(q);
    return q;
  }

  /**
   * Opens a job queue that runs on a Kafka topic when {@value #KAFKA_ENV} is set (traced by {@code
   * KafkaTracing}: use {@link JobQueue#send(Messaging, Map)} and {@link JobQueue#process}), else as
   * {@link #queue(String)} (closed with the context).
   *
   * @param name the queue name
   * @return the queue
   * @throws Exception when the broker cannot be reached
   */
  public JobQueue kafkaCapableQueue(String name) throws Exception {
    JobQueue q =
        JobQueue.open(
            name, env.get(REDIS_ENV), env.get(RABBITMQ_ENV), env.get(KAFKA_ENV), openTelemetry);
    closeables.add(q);
    return q;
  }

  /**
   * Messaging helpers for a queue.
   *
   * @param queue the queue
   * @return the helpers, with {@code messaging.system} set
   */
  public Messaging messaging(JobQueue queue) {
    return Messaging.builder(openTelemetry)
        .system(queue.system())
        .requestStartField(REQUEST_START_FIELD)
        .build();
  }

  /**
   * Starts a service's HTTP server on loopback (closed with the context).
   *
   * @param name the thread name
   * @return the server; add handlers wrapped with {@link #http()}
   */
  public LoopbackServer server(String name) {
    LoopbackServer server = LoopbackServer.start(name);
    closeables.add(server);
    return server;
  }

  /**
   * Starts a worker thread (joined by the scenario).
   *
   * @param name the thread name
   * @param body the work
   * @return the started thread
   */
  public Thread worker(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public void close() {
    for (AutoCloseable c : closeables) {
      try {
        c.close();
      } catch (Exception e) {
        // closing at exit
      }
    }
    apis.close();
    model.close();
    database.close();
  }
}
