package dev.tracekit.api.queue;

import dev.tracekit.api.Messaging;
import dev.tracekit.api.support.CarrierSupport;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * The worker process of {@link CrossProcessRedisTest}: pops one job from the Redis list named in
 * args[0], processes it with {@link Messaging}, and prints its finished spans to stdout, one per
 * line: {@code SPAN name traceId spanId parentSpanId kind queueWaitMs}.
 */
public final class RedisWorkerMain {
  private RedisWorkerMain() {}

  public static void main(String[] args) throws Exception {
    String key = args[0];
    try (TestTelemetry telemetry = new TestTelemetry();
        Jedis jedis = new Jedis("127.0.0.1", 6379, 5000)) {
      Tracer tracer = telemetry.sdk.getTracer("worker");
      Messaging messaging = Messaging.builder(telemetry.sdk).system("redis").build();
      List<String> popped = jedis.brpop(20, key);
      if (popped == null || popped.size() != 2) {
        System.out.println("ERROR no job on " + key);
        System.exit(2);
      }
      Map<String, String> job = CarrierSupport.parseFlatJson(popped.get(1));
      messaging.process(
          "jobs",
          job,
          () -> {
            tracer.spanBuilder("worker.handle").startSpan().end();
            return null;
          });
      for (SpanData span : telemetry.spans.getFinishedSpanItems()) {
        Long wait = TestTelemetry.waitMillis(span);
        System.out.println(
            "SPAN "
                + span.getName().replace(' ', '_')
                + " "
                + span.getTraceId()
                + " "
                + span.getSpanId()
                + " "
                + span.getParentSpanId()
                + " "
                + span.getKind()
                + " "
                + (wait == null ? -1 : wait));
      }
    }
    System.out.flush();
  }
}
