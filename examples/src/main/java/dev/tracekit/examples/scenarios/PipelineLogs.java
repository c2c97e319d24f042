package dev.tracekit.examples.scenarios;

import dev.tracekit.api.TraceCarrier;
import dev.tracekit.api.Tracing;
import dev.tracekit.examples.Scenario;
import dev.tracekit.examples.ScenarioContext;
import dev.tracekit.examples.TraceShape;
import dev.tracekit.examples.support.JobQueue;
import dev.tracekit.examples.support.LoopbackServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
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
 * Seed 004: a Telegram collector sees a message and enqueues an extraction job carrying only the
 * bare trace id (the seed's manual propagation); the worker continues that trace id and runs the
 * extraction chain down to sending DMs. Every step logs through SLF4J; the MDC puts the trace id on
 * each log line, so a log line leads to the exported trace.
 */
public final class PipelineLogs implements Scenario {
  private static final Logger COLLECTOR = LoggerFactory.getLogger("tutordex.collector");
  private static final Logger WORKER = LoggerFactory.getLogger("tutordex.worker");

  private final List<String> loggedTraceIds = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "pipeline-logs";
  }

  @Override
  public String seed() {
    return "004";
  }

  @Override
  public String serviceName() {
    return "tutordex-aggregator-worker";
  }

  @Override
  public String description() {
    return "collector -> queue (bare trace_id) -> extraction worker -> DB -> DMs; trace id in logs";
  }

  @Override
  public Check run(ScenarioContext ctx) throws Exception {
    loggedTraceIds.clear();
    Tracing tracing = ctx.tracing();
    JobQueue queue = ctx.queue("extraction");
    AtomicReference<Throwable> workerError = new AtomicReference<>();
    Thread worker =
        ctx.worker(
            "extract-worker",
            () -> {
              try {
                Map<String, String> job = queue.receive(Duration.ofSeconds(10));
                if (job != null) {
                  extract(ctx, job);
                }
              } catch (Exception e) {
                workerError.set(e);
              }
            });

    // The collector: a new trace per Telegram message.
    tracing
        .span("telegram_message_seen")
        .noParent()
        .attribute("channel", "t.me/tuition_assignments")
        .attribute("message_id", 12345L)
        .run(
            () -> {
              log(COLLECTOR, "telegram_message_seen message_id=12345 channel=tuition_assignments");
              tracing.run(
                  "enqueue_extraction",
                  () -> {
                    // Manual propagation as in the seed: only the trace id travels.
                    queue.send(Map.of("raw_id", "raw-991", "trace_id", tracing.currentTraceId()));
                    log(COLLECTOR, "enqueued extraction raw_id=raw-991");
                  });
            });
    worker.join(15_000);
    if (workerError.get() != null) {
      throw new IllegalStateException("worker failed: " + workerError.get(), workerError.get());
    }
    List<String> logged = List.copyOf(loggedTraceIds);
    return t -> verify(t, logged);
  }

  private void extract(ScenarioContext ctx, Map<String, String> job) throws Exception {
    Tracing tracing = ctx.tracing();
    Context parent = TraceCarrier.create(ctx.openTelemetry()).extract(job);
    tracing
        .span("extraction_job")
        .parent(parent)
        .attribute("raw_id", job.get("raw_id"))
        .run(
            () -> {
              log(WORKER, "extraction_job started raw_id=" + job.get("raw_id"));
              tracing.run(
                  "parse_assignment",
                  () -> {
                    LoopbackServer.pause(3);
                    log(WORKER, "parsed assignment subject=Physics level=JC2");
                    tracing.run(
                        "persist_to_supabase",
                        () -> {
                          ctx.database()
                              .update(
                                  "INSERT INTO assignments (id, raw_id, subject, level, rate)"
                                      + " VALUES (?, ?, ?, ?, ?)",
                                  "asg-" + System.nanoTime(),
                                  job.get("raw_id"),
                                  "Physics",
                                  "JC2",
                                  60);
                          log(WORKER, "persisted assignment");
                          tracing.run(
                              "broadcast_assignment",
                              () -> {
                                LoopbackServer.pause(2);
                                tracing.setAttribute("tutor_count", 3L);
                                log(WORKER, "broadcast to channel");
                                tracing.run(
                                    "send_dms",
                                    () -> {
                                      for (String tutor : List.of("t-101", "t-205", "t-377")) {
                                        // high-cardinality ids go into events, not attributes
                                        tracing.addEvent("dm_sent", Map.of("tutor_id", tutor));
                                        LoopbackServer.pause(1);
                                      }
                                      log(WORKER, "sent 3 DMs");
                                    });
                              });
                        });
                  });
            });
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
    SpanData seen = t.one("telegram_message_seen", SpanKind.INTERNAL);
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
    SpanData persist = t.child(parse, "persist_to_supabase", SpanKind.INTERNAL);
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
