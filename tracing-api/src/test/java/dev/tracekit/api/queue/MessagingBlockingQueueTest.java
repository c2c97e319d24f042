package dev.tracekit.api.queue;

import static dev.tracekit.api.queue.TestTelemetry.BATCH_COUNT;
import static dev.tracekit.api.queue.TestTelemetry.DESTINATION;
import static dev.tracekit.api.queue.TestTelemetry.ERROR_TYPE;
import static dev.tracekit.api.queue.TestTelemetry.MESSAGE_ID;
import static dev.tracekit.api.queue.TestTelemetry.OPERATION_NAME;
import static dev.tracekit.api.queue.TestTelemetry.OPERATION_TYPE;
import static dev.tracekit.api.queue.TestTelemetry.SYSTEM;
import static dev.tracekit.api.queue.TestTelemetry.TRACE_ID_ONLY;
import static dev.tracekit.api.queue.TestTelemetry.e2eMillis;
import static dev.tracekit.api.queue.TestTelemetry.waitMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracekit.api.Messaging;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Producer and consumer on two threads of this JVM, through a BlockingQueue: no server needed. */
@SuppressWarnings("try") // scopes are closed by try-with-resources on purpose
class MessagingBlockingQueueTest {
  private static final long HOLD_MS = 80;

  private final TestTelemetry telemetry = new TestTelemetry();
  private final Tracer tracer = telemetry.sdk.getTracer("test");
  private final Messaging messaging =
      Messaging.builder(telemetry.sdk)
          .system("in-memory")
          .requestStartField(TestTelemetry.REQUEST_START)
          .build();
  private final BlockingQueue<Map<String, Object>> queue = new ArrayBlockingQueue<>(16);
  private final ExecutorService worker = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() {
    worker.shutdownNow();
    telemetry.close();
  }

  private void produce(String messageId, Map<String, Object> job) throws InterruptedException {
    Span webhook = tracer.spanBuilder("webhook").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = webhook.makeCurrent()) {
      messaging.send(
          "jobs",
          messageId,
          job,
          (c, k, v) -> c.put(k, v),
          () -> {
            queue.put(job);
            return null;
          });
    } finally {
      webhook.end();
    }
  }

  @Test
  void consumerOnAnotherThreadJoinsTheProducersTrace() throws Exception {
    Map<String, Object> job = new HashMap<>();
    job.put("text", "hola");
    job.put(TestTelemetry.REQUEST_START, System.currentTimeMillis() - 300);
    produce("m-1", job);

    Future<String> result =
        worker.submit(
            () -> {
              Thread.sleep(HOLD_MS); // the job waits in the queue
              Map<String, Object> taken = queue.take();
              return messaging.process(
                  "jobs",
                  "m-1",
                  taken,
                  () -> {
                    tracer.spanBuilder("handle").startSpan().end();
                    return "done";
                  });
            });
    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("done");

    SpanData webhook = telemetry.span("webhook");
    SpanData send = telemetry.span("send jobs");
    SpanData process = telemetry.span("process jobs");
    SpanData handle = telemetry.span("handle");
    assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(send.getParentSpanId()).isEqualTo(webhook.getSpanId());
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(handle.getParentSpanId()).isEqualTo(process.getSpanId());
    assertThat(List.of(send, process, handle))
        .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(webhook.getTraceId()));

    assertThat(send.getAttributes().get(SYSTEM)).isEqualTo("in-memory");
    assertThat(send.getAttributes().get(DESTINATION)).isEqualTo("jobs");
    assertThat(send.getAttributes().get(OPERATION_TYPE)).isEqualTo("send");
    assertThat(send.getAttributes().get(OPERATION_NAME)).isEqualTo("send");
    assertThat(send.getAttributes().get(MESSAGE_ID)).isEqualTo("m-1");
    assertThat(process.getAttributes().get(OPERATION_TYPE)).isEqualTo("process");
    assertThat(process.getAttributes().get(MESSAGE_ID)).isEqualTo("m-1");
    assertThat(waitMillis(process)).isBetween(HOLD_MS, 10_000L);
    assertThat(e2eMillis(process)).isBetween(300 + HOLD_MS, 20_000L);
    assertThat(process.getAttributes().get(TRACE_ID_ONLY)).isNull();
    assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    // the carrier got the context and the enqueue time
    assertThat(job).containsKeys("traceparent", Messaging.ENQUEUED_AT_FIELD);
    assertThat(job.get("traceparent").toString()).contains(send.getSpanId());

    HistogramPointData wait = telemetry.histogram("tracekit.messaging.queue.wait").get(0);
    assertThat(wait.getCount()).isEqualTo(1);
    assertThat(wait.getSum()).isBetween(HOLD_MS / 1000.0, 10.0);
    assertThat(wait.getAttributes().get(DESTINATION)).isEqualTo("jobs");
    assertThat(wait.getAttributes().get(SYSTEM)).isEqualTo("in-memory");
    HistogramPointData e2e = telemetry.histogram("tracekit.messaging.e2e.duration").get(0);
    assertThat(e2e.getCount()).isEqualTo(1);
    assertThat(e2e.getSum()).isBetween((300 + HOLD_MS) / 1000.0, 20.0);
  }

  @Test
  void linkModeStartsANewTraceLinkedToTheProducer() throws Exception {
    Messaging fanOut =
        Messaging.builder(telemetry.sdk).system("in-memory").linkToProducer(true).build();
    Map<String, Object> job = new HashMap<>();
    produce("m-2", job);
    worker.submit(() -> fanOut.process("jobs", queue.take(), () -> "ok")).get(10, TimeUnit.SECONDS);

    SpanData send = telemetry.span("send jobs");
    SpanData process = telemetry.span("process jobs");
    assertThat(process.getTraceId()).isNotEqualTo(send.getTraceId());
    assertThat(process.getParentSpanContext().isValid()).isFalse();
    assertThat(process.getLinks()).hasSize(1);
    LinkData link = process.getLinks().get(0);
    assertThat(link.getSpanContext().getSpanId()).isEqualTo(send.getSpanId());
    assertThat(link.getSpanContext().getTraceId()).isEqualTo(send.getTraceId());
  }

  @Test
  void batchIsOneSpanWithALinkToEachJob() throws Exception {
    for (int i = 0; i < 3; i++) {
      produce("b-" + i, new HashMap<>());
    }
    List<Map<String, Object>> batch = new ArrayList<>();
    batch.add(null); // a missing carrier in the batch is tolerated
    worker
        .submit(
            () -> {
              Thread.sleep(HOLD_MS);
              queue.drainTo(batch);
              return messaging.processBatch(
                  "jobs",
                  batch,
                  () -> {
                    tracer.spanBuilder("bulk-insert").startSpan().end();
                    return batch.size();
                  });
            })
        .get(10, TimeUnit.SECONDS);

    List<SpanData> sends = telemetry.spans("send jobs");
    SpanData process = telemetry.span("process jobs");
    assertThat(sends).hasSize(3);
    assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.getParentSpanContext().isValid()).isFalse();
    assertThat(process.getAttributes().get(BATCH_COUNT)).isEqualTo(4);
    assertThat(waitMillis(process)).isBetween(HOLD_MS, 10_000L);
    assertThat(process.getLinks())
        .extracting(l -> l.getSpanContext().getSpanId())
        .containsExactlyInAnyOrderElementsOf(
            sends.stream().map(SpanData::getSpanId).collect(java.util.stream.Collectors.toList()));
    assertThat(telemetry.span("bulk-insert").getParentSpanId()).isEqualTo(process.getSpanId());
    assertThat(telemetry.histogram("tracekit.messaging.queue.wait").get(0).getCount()).isEqualTo(3);
  }

  @Test
  void userExceptionIsRecordedAndRethrownUnchanged() throws Exception {
    Map<String, Object> job = new HashMap<>();
    produce("m-3", job);
    IOException failure = new IOException("downstream unavailable");
    assertThatThrownBy(
            () ->
                messaging.process(
                    "jobs",
                    queue.take(),
                    () -> {
                      throw failure;
                    }))
        .isSameAs(failure);
    SpanData process = telemetry.span("process jobs");
    assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(process.getAttributes().get(ERROR_TYPE)).isEqualTo("java.io.IOException");
    assertThat(process.getEvents()).extracting(e -> e.getName()).contains("exception");
    HistogramPointData e2e = telemetry.histogram("tracekit.messaging.e2e.duration").get(0);
    assertThat(e2e.getAttributes().get(ERROR_TYPE)).isEqualTo("java.io.IOException");

    // producer side: the enqueue call's exception too
    IllegalStateException full = new IllegalStateException("queue full");
    assertThatThrownBy(
            () ->
                messaging.send(
                    "jobs",
                    new HashMap<String, Object>(),
                    () -> {
                      throw full;
                    }))
        .isSameAs(full);
    assertThat(telemetry.spans("send jobs"))
        .anySatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
  }

  @Test
  void endToEndStartsAtTheConfiguredRequestStartFieldOrElseAtTheEnqueue() throws Exception {
    Messaging plain = Messaging.builder(telemetry.sdk).system("in-memory").build();
    Map<String, Object> job = new HashMap<>();
    job.put(TestTelemetry.REQUEST_START, Long.toString(System.currentTimeMillis() - 9_000));
    job.put(Messaging.ENQUEUED_AT_FIELD, Long.toString(System.currentTimeMillis() - 5_000));
    messaging.process("jobs", job, () -> null);
    plain.process("jobs", job, () -> null);

    List<SpanData> processed = telemetry.spans("process jobs");
    assertThat(e2eMillis(processed.get(0))).isBetween(9_000L, 10_000L);
    assertThat(e2eMillis(processed.get(1))).isBetween(5_000L, 6_000L);
    assertThat(processed.get(0).getAttributes().get(TestTelemetry.E2E_LATENCY))
        .isBetween(9.0, 10.0);
  }

  @Test
  void nullArgumentsAtRunTimeAreSkippedNeverThrown() throws Exception {
    Map<String, Object> carrier = new HashMap<>();
    assertThat(messaging.<Object, RuntimeException>send("jobs", carrier, null)).isNull();
    assertThat(messaging.<Object, RuntimeException>process("jobs", carrier, null)).isNull();
    assertThat(messaging.<Object, RuntimeException>processBatch("jobs", List.of(), null)).isNull();
    assertThat(messaging.send(null, carrier, () -> "sent")).isEqualTo("sent");
    assertThat(messaging.process(null, carrier, () -> "done")).isEqualTo("done");
    assertThat(messaging.processBatch("jobs", null, () -> "batch")).isEqualTo("batch");
    assertThat(messaging.send("jobs", null, carrier, null, () -> "no setter"))
        .isEqualTo("no setter");
    assertThat(messaging.process("jobs", null, carrier, null, () -> "no getter"))
        .isEqualTo("no getter");
    assertThat(telemetry.spans("send unknown")).hasSize(1);
    assertThat(telemetry.spans("process unknown")).hasSize(1);
    assertThat(dev.tracekit.api.support.Diagnostics.wasReported("messaging.send.null-callback"))
        .isTrue();
    assertThat(dev.tracekit.api.support.Diagnostics.wasReported("messaging.process.null-callback"))
        .isTrue();
    assertThat(dev.tracekit.api.support.Diagnostics.wasReported("messaging.null-destination"))
        .isTrue();
  }

  @Test
  void buildersFailFastWithNamedNullPointerExceptions() {
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> Messaging.builder(null))
        .withMessage("openTelemetry");
    Messaging.Builder builder = Messaging.builder(telemetry.sdk);
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> builder.system(null))
        .withMessage("system");
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> builder.requestStartField(null))
        .withMessage("field");
    org.assertj.core.api.Assertions.assertThatNullPointerException()
        .isThrownBy(() -> builder.convention(null))
        .withMessage("convention");
  }

  @Test
  void missingOrCorruptCarrierStartsANewTraceAndNeverThrows() throws Exception {
    Span unrelated = tracer.spanBuilder("unrelated").startSpan();
    unrelated.end();
    Map<String, Object> corrupt = new HashMap<>();
    corrupt.put("traceparent", "00-zz-yy-01");
    corrupt.put("_traceContext", "{\"traceparent\":");
    corrupt.put("trace_id", "not-hex");
    corrupt.put(Messaging.ENQUEUED_AT_FIELD, "yesterday");
    corrupt.put(TestTelemetry.REQUEST_START, Double.NaN);
    assertThat(messaging.process("jobs", corrupt, () -> "a")).isEqualTo("a");
    assertThat(messaging.process("jobs", (Map<String, ?>) null, () -> "b")).isEqualTo("b");

    List<SpanData> processed = telemetry.spans("process jobs");
    assertThat(processed).hasSize(2);
    assertThat(processed)
        .allSatisfy(
            s -> {
              assertThat(s.getParentSpanContext().isValid()).isFalse();
              assertThat(s.getTraceId()).isNotEqualTo(unrelated.getSpanContext().getTraceId());
              assertThat(waitMillis(s)).isNull();
            });
    assertThat(processed.get(0).getTraceId()).isNotEqualTo(processed.get(1).getTraceId());

    // an immutable carrier on the producer side: the message is still sent
    List<String> sent = new ArrayList<>();
    messaging.send("jobs", Map.of(), () -> sent.add("x"));
    assertThat(sent).containsExactly("x");
    assertThat(telemetry.span("send jobs").hasEnded()).isTrue();
  }

  @Test
  void seed004BareTraceIdMarksTheSpan() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    Map<String, Object> job = Map.of("raw_id", 7, "trace_id", traceId);
    messaging.process("extraction", job, () -> null);
    SpanData process = telemetry.span("process extraction");
    assertThat(process.getTraceId()).isEqualTo(traceId);
    assertThat(process.getParentSpanContext().isRemote()).isTrue();
    assertThat(process.getAttributes().get(TRACE_ID_ONLY)).isTrue();
  }

  @Test
  void waitsAreNotNegativeUnderClockSkew() throws Exception {
    Map<String, Object> job = new HashMap<>();
    job.put(Messaging.ENQUEUED_AT_FIELD, System.currentTimeMillis() + 60_000);
    messaging.process("jobs", job, () -> null);
    assertThat(waitMillis(telemetry.span("process jobs"))).isZero();
    // epoch seconds (as Python's time.time() writes) are understood
    Map<String, Object> seconds = new HashMap<>();
    seconds.put(Messaging.ENQUEUED_AT_FIELD, System.currentTimeMillis() / 1000.0 - 2);
    telemetry.spans.reset();
    messaging.process("jobs", seconds, () -> null);
    assertThat(waitMillis(telemetry.span("process jobs"))).isBetween(1_000L, 10_000L);
  }
}
