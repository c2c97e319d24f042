package dev.tracekit.api.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracekit.api.Messaging;
import dev.tracekit.api.support.CarrierSupport;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The producer is this JVM, the worker another JVM process; the job goes through Redis. */
@SuppressWarnings("try") // scopes are closed by try-with-resources on purpose
class CrossProcessRedisTest {

  @Test
  void workerInAnotherProcessJoinsTheTrace() throws Exception {
    LoopbackServices.require("Redis", 6379);
    String key = "tracekit:test:xproc:" + UUID.randomUUID();
    try (TestTelemetry telemetry = new TestTelemetry();
        Jedis jedis = new Jedis("127.0.0.1", 6379, 5000)) {
      Tracer tracer = telemetry.sdk.getTracer("producer");
      Messaging messaging = Messaging.builder(telemetry.sdk).system("redis").build();
      Span webhook = tracer.spanBuilder("webhook").startSpan();
      try (Scope ignored = webhook.makeCurrent()) {
        Map<String, String> job = new LinkedHashMap<>();
        job.put("text", "cross-process");
        messaging.send("jobs", job, () -> jedis.lpush(key, CarrierSupport.toJson(job)));
      } finally {
        webhook.end();
      }
      SpanData send = telemetry.span("send jobs");

      String classpath = System.getProperty("surefire.test.class.path");
      if (classpath == null || classpath.isEmpty()) {
        classpath = System.getProperty("java.class.path");
      }
      String java =
          System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
      Process worker =
          new ProcessBuilder(java, "-cp", classpath, RedisWorkerMain.class.getName(), key)
              .redirectErrorStream(true)
              .start();
      List<String> output = new ArrayList<>();
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null && output.size() < 1000) {
          output.add(line);
        }
      }
      assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker exited").isTrue();
      assertThat(worker.exitValue()).as("worker exit code; output %s", output).isZero();
      jedis.del(key);

      Map<String, String[]> spans = new HashMap<>();
      for (String line : output) {
        if (line.startsWith("SPAN ")) {
          String[] f = line.split(" ");
          spans.put(f[1], f);
        }
      }
      assertThat(spans)
          .as("worker output %s", output)
          .containsKeys("process_jobs", "worker.handle");
      String[] process = spans.get("process_jobs");
      String[] handle = spans.get("worker.handle");
      assertThat(process[2]).isEqualTo(webhook.getSpanContext().getTraceId());
      assertThat(process[4]).isEqualTo(send.getSpanId());
      assertThat(process[5]).isEqualTo("CONSUMER");
      assertThat(Long.parseLong(process[6])).isBetween(1L, 60_000L);
      assertThat(handle[2]).isEqualTo(webhook.getSpanContext().getTraceId());
      assertThat(handle[4]).isEqualTo(process[3]);
    }
  }
}
