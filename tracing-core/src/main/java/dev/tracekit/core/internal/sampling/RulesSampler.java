package dev.tracekit.core.internal.sampling;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/** First matching rule wins; otherwise the default sampler decides. */
public final class RulesSampler implements Sampler {

  /** What a rule needs to decide whether it applies to a new span. */
  @FunctionalInterface
  public interface Condition {
    /** Whether the rule applies. */
    boolean matches(String name, SpanKind kind, Attributes attributes);
  }

  /** A condition with the sampler used when it matches. */
  public record Entry(Condition condition, Sampler sampler, String text) {}

  private final Entry[] entries;
  private final Sampler fallback;
  private final String description;

  /** Creates the sampler. */
  public RulesSampler(List<Entry> entries, Sampler fallback) {
    this.entries = entries.toArray(new Entry[0]);
    this.fallback = fallback;
    StringBuilder sb = new StringBuilder("TracekitRules{");
    for (Entry e : entries) {
      sb.append(e.text()).append(';');
    }
    this.description =
        sb.append("default:").append(fallback.getDescription()).append('}').toString();
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    for (Entry entry : entries) {
      if (entry.condition().matches(name, spanKind, attributes)) {
        return entry
            .sampler()
            .shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
      }
    }
    return fallback.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
