package dev.tracekit.ai;

import dev.tracekit.api.ThrowingSupplier;
import dev.tracekit.api.support.Diagnostics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Traces one named semantic cache: {@link #lookup} and {@link #store} run in INTERNAL spans {@code
 * semantic_cache.lookup {name}} / {@code semantic_cache.store {name}} with hit or miss, similarity
 * and threshold, entry count; the key is recorded only as the first 16 hex digits of its SHA-256
 * ({@code tracekit.semantic_cache.key_hash}), since a prompt can be personal data. Metrics:
 * requests by outcome, lookup latency, a size gauge (with {@link #entryCount}), tokens and cost
 * saved by hits. Its methods are run-time methods: they never throw; a null key records no hash, a
 * null callback is skipped and reported once.
 */
public final class TracingSemanticCache {
  /**
   * A lookup that reports what it found.
   *
   * @param <R> the cached value type
   * @param <E> the exception type
   */
  @FunctionalInterface
  public interface LookupFunction<R, E extends Throwable> {
    /**
     * Looks the key up.
     *
     * @param lookup where to tell hit, similarity and savings
     * @return the cached value, or null
     * @throws E when the lookup fails
     */
    R lookup(CacheLookup lookup) throws E;
  }

  private final AiRecorder recorder;
  private final String name;
  private final Attributes hitAttrs;
  private final Attributes missAttrs;
  private final Attributes storedAttrs;
  private final Attributes lookupErrorAttrs;
  private final Attributes storeErrorAttrs;
  private final Attributes nameAttrs;
  private final AtomicBoolean gaugeRegistered = new AtomicBoolean();
  private volatile double threshold = Double.NaN;
  private volatile @Nullable LongSupplier entryCount;

  TracingSemanticCache(AiRecorder recorder, String name) {
    this.recorder = recorder;
    this.name = name;
    this.nameAttrs = Attributes.of(TracekitAiAttributes.CACHE_NAME, name);
    this.hitAttrs = outcome("lookup", "hit");
    this.missAttrs = outcome("lookup", "miss");
    this.lookupErrorAttrs = outcome("lookup", "error");
    this.storedAttrs = outcome("store", "stored");
    this.storeErrorAttrs = outcome("store", "error");
  }

  private Attributes outcome(String operation, String outcome) {
    return Attributes.of(
        TracekitAiAttributes.CACHE_NAME,
        name,
        TracekitAiAttributes.CACHE_OPERATION,
        operation,
        TracekitAiAttributes.CACHE_OUTCOME,
        outcome);
  }

  /**
   * {@code tracekit.semantic_cache.threshold}: the similarity a match needs to be a hit.
   *
   * @param threshold the threshold
   * @return this
   */
  public TracingSemanticCache similarityThreshold(double threshold) {
    this.threshold = threshold;
    return this;
  }

  /**
   * Tells how many entries the cache holds: recorded on spans and as the {@code
   * tracekit.semantic_cache.size} gauge (registered once per cache name).
   *
   * @param entryCount returns the current entry count (called at collection and span end; must be
   *     cheap and must not block); null removes it (the gauge, once registered, then reports
   *     nothing)
   * @return this
   */
  public TracingSemanticCache entryCount(@Nullable LongSupplier entryCount) {
    this.entryCount = entryCount;
    if (entryCount != null && gaugeRegistered.compareAndSet(false, true)) {
      recorder
          .instruments
          .meter
          .gaugeBuilder(TracekitAiAttributes.METRIC_CACHE_SIZE)
          .ofLongs()
          .setUnit("{entry}")
          .setDescription("Entries in the semantic cache.")
          .buildWithCallback(
              m -> {
                long n = count();
                if (n >= 0) {
                  m.record(n, nameAttrs);
                }
              });
    }
    return this;
  }

  /**
   * Looks a key up; a non-null (and non-empty {@link Optional}) result is a hit.
   *
   * @param key the key (recorded only as a hash); null records no hash
   * @param fn the lookup; a null fn is skipped (no span, returns null) and reported once
   * @param <R> the value type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> @Nullable R lookup(
      @Nullable String key, @Nullable ThrowingSupplier<R, E> fn) throws E {
    if (fn == null) {
      AiRecorder.reportNull(
          "TracingSemanticCache.lookup", "fn", "nothing is run, null is returned");
      return null;
    }
    return lookup(key, l -> fn.get());
  }

  /**
   * Looks a key up with a function that reports hit, similarity and savings.
   *
   * @param key the key (recorded only as a hash); null records no hash
   * @param fn the lookup; a null fn is skipped (no span, returns null) and reported once
   * @param <R> the value type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  @SuppressWarnings("try") // the scope only needs closing
  public <R, E extends Throwable> @Nullable R lookup(
      @Nullable String key, @Nullable LookupFunction<R, E> fn) throws E {
    if (fn == null) {
      AiRecorder.reportNull(
          "TracingSemanticCache.lookup", "fn", "nothing is run, null is returned");
      return null;
    }
    long start = System.nanoTime();
    Span span = start("lookup", key);
    CacheLookup lookup = new CacheLookup();
    R result;
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      result = fn.lookup(lookup);
    } catch (Throwable t) {
      try {
        if (span.isRecording()) {
          span.setAttribute(TracekitAiAttributes.CACHE_OUTCOME, "error");
          recorder.fail(span, t, recorder.errorInfo(t).errorType);
        }
        if (recorder.instruments.enabled) {
          recorder.instruments.cacheRequests.add(1, lookupErrorAttrs);
        }
      } finally {
        span.end();
      }
      throw t;
    }
    try {
      boolean hit =
          lookup.hit != null
              ? lookup.hit
              : result != null && !(result instanceof Optional<?> o && o.isEmpty());
      double cost = Double.NaN;
      PriceTable prices = recorder.prices;
      if (hit && prices != null && lookup.savedModel != null) {
        cost = prices.cost(lookup.savedModel, lookup.savedInputTokens, lookup.savedOutputTokens, 0);
      }
      if (span.isRecording()) {
        span.setAttribute(TracekitAiAttributes.CACHE_HIT, hit);
        span.setAttribute(TracekitAiAttributes.CACHE_OUTCOME, hit ? "hit" : "miss");
        if (!Double.isNaN(lookup.similarity)) {
          span.setAttribute(TracekitAiAttributes.CACHE_SIMILARITY, lookup.similarity);
        }
        if (hit && lookup.tokensSaved >= 0) {
          span.setAttribute(TracekitAiAttributes.CACHE_TOKENS_SAVED, lookup.tokensSaved);
        }
        if (!Double.isNaN(cost)) {
          span.setAttribute(TracekitAiAttributes.CACHE_COST_SAVED, cost);
        }
        long n = count();
        if (n >= 0) {
          span.setAttribute(TracekitAiAttributes.CACHE_ENTRY_COUNT, n);
        }
      }
      if (recorder.instruments.enabled) {
        Attributes attrs = hit ? hitAttrs : missAttrs;
        recorder.instruments.cacheRequests.add(1, attrs);
        recorder.instruments.cacheLookupDuration.record((System.nanoTime() - start) / 1e9, attrs);
        if (hit && lookup.tokensSaved > 0) {
          recorder.instruments.cacheTokensSaved.add(lookup.tokensSaved, nameAttrs);
        }
        if (!Double.isNaN(cost) && cost > 0) {
          recorder.instruments.cacheCostSaved.add(cost, nameAttrs);
        }
      }
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("ai.cache.record", "recording a semantic cache lookup failed", e);
    } finally {
      span.end();
    }
    return result;
  }

  /**
   * Stores a value under a key.
   *
   * @param key the key (recorded only as a hash); null records no hash
   * @param fn the store; a null fn is skipped (no span, returns null) and reported once
   * @param <R> the result type
   * @param <E> the exception type
   * @return what {@code fn} returned
   * @throws E what {@code fn} threw, unchanged
   */
  public <R, E extends Throwable> @Nullable R store(
      @Nullable String key, @Nullable ThrowingSupplier<R, E> fn) throws E {
    if (fn == null) {
      AiRecorder.reportNull("TracingSemanticCache.store", "fn", "nothing is run, null is returned");
      return null;
    }
    Span span = start("store", key);
    R result;
    try {
      result =
          recorder.run(
              span,
              fn,
              (s, r) -> {
                s.setAttribute(TracekitAiAttributes.CACHE_OUTCOME, "stored");
                long n = count();
                if (n >= 0) {
                  s.setAttribute(TracekitAiAttributes.CACHE_ENTRY_COUNT, n);
                }
              });
    } catch (Throwable t) {
      if (recorder.instruments.enabled) {
        recorder.instruments.cacheRequests.add(1, storeErrorAttrs);
      }
      throw t;
    }
    if (recorder.instruments.enabled) {
      recorder.instruments.cacheRequests.add(1, storedAttrs);
    }
    return result;
  }

  private Span start(String operation, String key) {
    io.opentelemetry.api.trace.SpanBuilder builder =
        recorder
            .tracer
            .spanBuilder(recorder.spanName("semantic_cache." + operation, name))
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(TracekitAiAttributes.CACHE_NAME, name)
            .setAttribute(TracekitAiAttributes.CACHE_OPERATION, operation);
    Span span = recorder.start(builder, "semantic_cache." + operation, name);
    if (span.isRecording()) {
      if (key != null) {
        span.setAttribute(TracekitAiAttributes.CACHE_KEY_HASH, hash(key));
      }
      double t = threshold;
      if (!Double.isNaN(t)) {
        span.setAttribute(TracekitAiAttributes.CACHE_THRESHOLD, t);
      }
    }
    return span;
  }

  private long count() {
    LongSupplier supplier = entryCount;
    if (supplier == null) {
      return -1;
    }
    try {
      return supplier.getAsLong();
    } catch (RuntimeException e) {
      Diagnostics.reportOnce("ai.cache.count." + name, "a cache entry count supplier threw", e);
      return -1;
    }
  }

  static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      return "unavailable";
    }
  }
}
