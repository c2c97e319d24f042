package dev.tracekit.examples.scenarios;

import dev.tracekit.api.TraceCarrier;
import dev.tracekit.api.Tracing;
import dev.tracekit.examples.Scenario;
import dev.tracekit.examples.ScenarioContext;
import dev.tracekit.examples.TraceShape;
import dev.tracekit.examples.support.JobQueue;
import dev.tracekit.examples.support.LoopbackServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A collector and an extraction worker: the collector sees a channel message and enqueues an
 * extraction job carrying only the bare trace id (manual propagation, as a Python pipeline might
 * do); the worker continues that trace id and runs the extraction chain down to sending direct
 * messages. Every step logs through SLF4J; the MDC puts the trace id on each log line, so a log
 * line leads to the exported trace.
 */
public final class PipelineLogs implements Scenario {
  /** The prefix of the scenario's logger names. */
  public static final String LOGGERS = "listings";

  private static final Logger COLLECTOR = LoggerFactory.getLogger(LOGGERS + ".collector");
  private static final Logger WORKER = LoggerFactory.getLogger(LOGGERS + ".worker");
  private static final List<String> TUTORS = List.of("t-101", "t-205", "t-377");

  private final List<String> loggedTraceIds = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "pipeline-logs";
  }

  @Override
  public String serviceName() {
    return "listing-extractor";
  }

  @Override
  public String description() {
    return "collector -> queue (bare trace id) -> extraction worker -> DB; trace id in every log line";
  }

  @Override
  public Check run(ScenarioContext ctx) throws Exception {
    loggedTraceIds.clear();
    JobQueue queue = ctx.queue("extraction");
    Extractor extractor = new Extractor(ctx, queue);
    Thread worker = ctx.worker("extract-worker", extractor::extractOneJob);
    extractor.collect("raw-991", 12345L);
    worker.join(15_000);
    extractor.rethrowWorkerFailure();
    List<String> logged = List.copyOf(loggedTraceIds);
    return t -> verify(t, logged);
  }

  /** The service: the collector and the extraction worker. */
  private final class Extractor {
    private final ScenarioContext ctx;
    private final Tracing tracing;
    private final JobQueue queue;
    private final AtomicReference<Exception> workerFailure = new AtomicReference<>();

    Extractor(ScenarioContext ctx, JobQueue queue) {
      this.ctx = ctx;
      this.tracing = ctx.tracing();
      this.queue = queue;
    }

    // ---- the collector: a new trace per channel message

    void collect(String rawId, long messageId) throws Exception {
      tracing
          .span("message_seen")
          .noParent()
          .attribute("channel", "telegram")
          .attribute("message_id", messageId)
          .run(() -> enqueueExtraction(rawId, messageId));
    }

    private void enqueueExtraction(String rawId, long messageId) throws Exception {
      log(COLLECTOR, "message_seen message_id=" + messageId + " channel=telegram");
      tracing.run(
          "enqueue_extraction",
          () -> {
            // Manual propagation: only the trace id travels with the job.
            queue.send(Map.of("raw_id", rawId, "trace_id", tracing.currentTraceId()));
            log(COLLECTOR, "enqueued extraction raw_id=" + rawId);
          });
    }

    // ---- the worker: continue the job's trace id, run the extraction chain

    void extractOneJob() {
      try {
        Map<String, String> job = queue.receive(Duration.ofSeconds(10));
        if (job != null) {
          tracing
              .span("extraction_job")
              .parent(TraceCarrier.create(ctx.openTelemetry()).extract(job))
              .attribute("raw_id", job.get("raw_id"))
              .run(() -> extract(job.get("raw_id")));
        }
      } catch (Exception e) {
        workerFailure.set(e);
      }
    }

    private void extract(String rawId) throws Exception {
      log(WORKER, "extraction_job started raw_id=" + rawId);
      tracing.run("parse_assignment", () -> parse(rawId));
    }

    private void parse(String rawId) throws Exception {
      LoopbackServer.pause(3);
      log(WORKER, "parsed assignment subject=Physics level=JC2");
      tracing.run("persist_assignment", () -> persist(rawId));
    }

    private void persist(String rawId) throws Exception {
      ctx.database()
          .update(
              "INSERT INTO assignments (id, raw_id, subject, level, rate) VALUES (?, ?, ?, ?, ?)",
              "asg-" + System.nanoTime(),
              rawId,
              "Physics",
              "JC2",
              60);
      log(WORKER, "persisted assignment");
      tracing.run("broadcast_assignment", this::broadcast);
    }

    private void broadcast() {
      LoopbackServer.pause(2);
      tracing.setAttribute("tutor_count", (long) TUTORS.size());
      log(WORKER, "broadcast to channel");
      tracing.run("send_dms", this::sendDirectMessages);
    }

    private void sendDirectMessages() {
      for (String tutor : TUTORS) {
        // High-cardinality ids go into events, not attributes.
        tracing.addEvent("dm_sent", Map.of("tutor_id", tutor));
        LoopbackServer.pause(1);
      }
      log(WORKER, "sent " + TUTORS.size() + " direct messages");
    }

    void rethrowWorkerFailure() {
      Exception e = workerFailure.get();
      if (e != null) {
        throw new IllegalStateException("worker failed: " + e, e);
      }
    }
  }

  private void log(Logger logger, String message) {
    logger.info(message);
    if (logger.isInfoEnabled()) {
      // TraceKit puts the ids into the MDC when a line is written (Logback turbo filter).
      String traceId = MDC.get("trace_id");
      loggedTraceIds.add(traceId == null ? "" : traceId);
    }
  }

  static void verify(TraceShape t, List<String> loggedTraceIds) {
    SpanData seen = t.one("message_seen", SpanKind.INTERNAL);
    t.localRoot(seen);
    SpanData enqueue = t.child(seen, "enqueue_extraction", SpanKind.INTERNAL);
    SpanData job = t.one("extraction_job", SpanKind.INTERNAL);
    if (job != null && seen != null) {
      t.expect(
          job.getTraceId().equals(seen.getTraceId()),
          "extraction_job should continue the collector's trace id");
      t.expect(job.getParentSpanContext().isRemote(), "extraction_job's parent should be remote");
    }
    SpanData parse = t.child(job, "parse_assignment", SpanKind.INTERNAL);
    SpanData persist = t.child(parse, "persist_assignment", SpanKind.INTERNAL);
    t.child(persist, "INSERT assignments", SpanKind.CLIENT);
    SpanData broadcast = t.child(persist, "broadcast_assignment", SpanKind.INTERNAL);
    SpanData dms = t.child(broadcast, "send_dms", SpanKind.INTERNAL);
    if (dms != null) {
      t.expect(
          dms.getEvents().stream().filter(e -> e.getName().equals("dm_sent")).count() == 3,
          "send_dms should record one dm_sent event per tutor");
    }
    t.sameTrace(seen, enqueue, job, parse, persist, broadcast, dms);
    t.expect(t.traceIds().size() == 1, "expected one trace, found " + t.traceIds().size());
    String traceId = seen == null ? "?" : seen.getTraceId();
    t.expect(!loggedTraceIds.isEmpty(), "no log lines were written");
    t.expect(
        loggedTraceIds.stream().allMatch(traceId::equals),
        "every log line should carry trace_id "
            + traceId
            + ", got "
            + loggedTraceIds
            + " (is an SLF4J binding with an MDC on the class path?)");
  }
}
