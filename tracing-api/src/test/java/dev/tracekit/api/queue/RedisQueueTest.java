package dev.tracekit.api.queue;

import static dev.tracekit.api.queue.TestTelemetry.TRACE_ID_ONLY;
import static dev.tracekit.api.queue.TestTelemetry.e2eMillis;
import static dev.tracekit.api.queue.TestTelemetry.waitMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.Messaging;
import dev.tracekit.api.TraceCarrier;
import dev.tracekit.api.support.CarrierSupport;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** A list-based job queue in a real Redis on loopback (LPUSH / BRPOP), JSON job payloads. */
@SuppressWarnings("try") // scopes are closed by try-with-resources on purpose
class RedisQueueTest {
  private static final long HOLD_MS = 100;

  private final TestTelemetry telemetry = new TestTelemetry();
  private final Tracer tracer = telemetry.sdk.getTracer("test");
  private final Messaging messaging =
      Messaging.builder(telemetry.sdk)
          .system("redis")
          .requestStartField(TestTelemetry.REQUEST_START)
          .build();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final String key = "tracekit:test:jobs:" + UUID.randomUUID();
  private Jedis producer;

  @BeforeEach
  void connect() {
    LoopbackServices.require("Redis", 6379);
    producer = new Jedis("127.0.0.1", 6379, 5000);
  }

  @AfterEach
  void close() {
    worker.shutdownNow();
    if (producer != null) {
      producer.del(key);
      producer.close();
    }
    telemetry.close();
  }

  /** Worker: BRPOP one job on another thread and process it. */
  private String consumeOne() throws Exception {
    return worker
        .submit(
            () -> {
              try (Jedis consumer = new Jedis("127.0.0.1", 6379, 5000)) {
                List<String> popped = consumer.brpop(5, key);
                assertThat(popped).as("job popped from " + key).hasSize(2);
                Map<String, String> job = CarrierSupport.parseFlatJson(popped.get(1));
                assertThat(job).isNotNull();
                return messaging.process(
                    "jobs",
                    job,
                    () -> {
                      tracer.spanBuilder("worker.process").startSpan().end();
                      return job.get("text");
                    });
              }
            })
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void workerJoinsTheProducersTrace() throws Exception {
    Span webhook = tracer.spanBuilder("webhook").startSpan();
    try (Scope ignored = webhook.makeCurrent()) {
      Map<String, String> job = new LinkedHashMap<>();
      job.put("text", "hola");
      messaging.send("jobs", job, () -> producer.lpush(key, CarrierSupport.toJson(job)));
    } finally {
      webhook.end();
    }
    Thread.sleep(HOLD_MS);
    assertThat(consumeOne()).isEqualTo("hola");

    SpanData send = telemetry.span("send jobs");
    SpanData process = telemetry.span("process jobs");
    assertThat(process.getTraceId()).isEqualTo(webhook.getSpanContext().getTraceId());
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(telemetry.span("worker.process").getParentSpanId()).isEqualTo(process.getSpanId());
    assertThat(waitMillis(process)).isBetween(HOLD_MS, 10_000L);
  }

  @Test
  void jobWithSerializedTraceContextAndRequestStart() throws Exception {
    // what a webhook handler writes: {...data, _traceContext, its request start}
    long webhookStart = System.currentTimeMillis() - 250;
    Span webhook = tracer.spanBuilder("webhook.process").startSpan();
    try (Scope ignored = webhook.makeCurrent()) {
      Map<String, String> job = new LinkedHashMap<>();
      job.put("text", "job-000");
      job.put(TraceCarrier.TRACE_CONTEXT_FIELD, TraceCarrier.create(telemetry.sdk).serialize());
      job.put(TestTelemetry.REQUEST_START, Long.toString(webhookStart));
      job.put(Messaging.ENQUEUED_AT_FIELD, Long.toString(System.currentTimeMillis()));
      producer.lpush(key, CarrierSupport.toJson(job));
    } finally {
      webhook.end();
    }
    Thread.sleep(HOLD_MS);
    assertThat(consumeOne()).isEqualTo("job-000");

    SpanData process = telemetry.span("process jobs");
    assertThat(process.getTraceId()).isEqualTo(webhook.getSpanContext().getTraceId());
    assertThat(process.getParentSpanId()).isEqualTo(webhook.getSpanContext().getSpanId());
    assertThat(waitMillis(process)).isBetween(HOLD_MS, 10_000L);
    assertThat(e2eMillis(process)).isBetween(250 + HOLD_MS, 20_000L);
  }

  @Test
  void seed004JobWithABareTraceId() throws Exception {
    Span collector = tracer.spanBuilder("telegram_message_seen").startSpan();
    String traceId = collector.getSpanContext().getTraceId();
    collector.end();
    producer.lpush(key, "{\"raw_id\": 12345, \"trace_id\": \"" + traceId + "\"}");
    consumeOne();

    SpanData process = telemetry.span("process jobs");
    assertThat(process.getTraceId()).isEqualTo(traceId);
    assertThat(process.getParentSpanId()).isNotEqualTo(collector.getSpanContext().getSpanId());
    assertThat(process.getAttributes().get(TRACE_ID_ONLY)).isTrue();
    assertThat(waitMillis(process)).isNull();
  }

  @Test
  void corruptJobStartsANewTrace() throws Exception {
    producer.lpush(
        key, "{\"text\": \"x\", \"traceparent\": \"00-garbage\", \"_traceContext\": \"{\"}");
    assertThat(consumeOne()).isEqualTo("x");
    assertThat(telemetry.span("process jobs").getParentSpanContext().isValid()).isFalse();
  }
}
