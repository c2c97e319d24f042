package dev.tracekit.examples;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every ended span in memory, for the checks and the per-scenario trees. */
final class SpanCollector implements SpanProcessor {
  private final List<SpanData> spans = new CopyOnWriteArrayList<>();

  int size() {
    return spans.size();
  }

  List<SpanData> since(int mark) {
    List<SpanData> all = List.copyOf(spans);
    return all.subList(Math.min(mark, all.size()), all.size());
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    spans.add(span.toSpanData());
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
