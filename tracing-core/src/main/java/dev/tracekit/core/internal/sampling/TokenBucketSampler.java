package dev.tracekit.core.internal.sampling;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps the sampled decisions of a delegate at a number per second: a lock-free token bucket in the
 * form of the generic cell rate algorithm (one {@link AtomicLong} holding the theoretical arrival
 * time; a burst of up to one second's worth of traces is allowed).
 */
public final class TokenBucketSampler implements Sampler {
  private final Sampler delegate;
  private final double perSecond;
  private final long intervalNanos;
  private final long toleranceNanos;
  private final AtomicLong theoreticalArrival;

  /** Wraps a delegate; {@code perSecond} must be positive and finite. */
  public TokenBucketSampler(Sampler delegate, double perSecond) {
    this.delegate = delegate;
    this.perSecond = perSecond;
    this.intervalNanos = Math.max(1L, (long) (1_000_000_000d / perSecond));
    long burst = Math.max(1L, (long) Math.ceil(perSecond));
    this.toleranceNanos = intervalNanos * burst;
    this.theoreticalArrival = new AtomicLong(System.nanoTime() - toleranceNanos);
  }

  /** Takes one token when available. */
  public boolean tryAcquire() {
    long now = System.nanoTime();
    while (true) {
      long tat = theoreticalArrival.get();
      long base = tat - now > 0 ? tat : now;
      long next = base + intervalNanos;
      if (next - now > toleranceNanos) {
        return false;
      }
      if (theoreticalArrival.compareAndSet(tat, next)) {
        return true;
      }
    }
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    SamplingResult result =
        delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    if (result.getDecision() == SamplingDecision.RECORD_AND_SAMPLE && !tryAcquire()) {
      return SamplingResult.drop();
    }
    return result;
  }

  @Override
  public String getDescription() {
    return "RateLimited{" + perSecond + "/s," + delegate.getDescription() + "}";
  }

  @Override
  public String toString() {
    return getDescription();
  }
}
