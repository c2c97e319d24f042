package dev.tracekit.examples.firstapp;

import dev.tracekit.api.Traces;
import dev.tracekit.core.TracingSdk;

public final class Main {
  public static void main(String[] args) {
    TracingSdk.fromEnvironment(); // OTLP to $OTEL_EXPORTER_OTLP_ENDPOINT, flushed at exit
    String receipt =
        Traces.trace(
            "orders.place",
            span -> {
              span.setAttribute("order.items", 3L);
              return "receipt-1";
            });
    System.out.println(receipt);
  }
}
