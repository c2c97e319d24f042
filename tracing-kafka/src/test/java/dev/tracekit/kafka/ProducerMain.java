package dev.tracekit.kafka;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer of {@code KafkaTracingTest.producerInAnotherJvm}: run with {@code java -cp <test
 * class path>}, sends one record through a wrapped producer inside a span of its own SDK and prints
 * {@code SENT <traceId> <send span id>}.
 */
public final class ProducerMain {
  private ProducerMain() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build()) {
      Map<String, Object> config =
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
              ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
              ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      Span request =
          sdk.getTracer("producer-main")
              .spanBuilder("POST /orders")
              .setSpanKind(SpanKind.SERVER)
              .startSpan();
      try (Producer<String, String> producer =
              KafkaTracing.create(sdk).wrap(new KafkaProducer<String, String>(config));
          Scope ignored = request.makeCurrent()) {
        producer.send(new ProducerRecord<>(topic, "k", "from another JVM")).get();
      } finally {
        request.end();
      }
      SpanData send =
          exporter.getFinishedSpanItems().stream()
              .filter(s -> s.getName().equals("send " + topic))
              .findFirst()
              .orElseThrow();
      System.out.println("SENT " + send.getTraceId() + " " + send.getSpanId());
    }
  }
}
