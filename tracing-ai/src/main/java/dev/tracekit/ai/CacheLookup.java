package dev.tracekit.ai;

import org.jspecify.annotations.Nullable;

/**
 * What a semantic cache lookup found, told by the lookup function: hit or miss, the similarity
 * score of the best match, and what a hit saved. Without {@link #hit(boolean)} a lookup is a hit
 * when it returns non-null.
 */
public final class CacheLookup {
  @Nullable Boolean hit;
  double similarity = Double.NaN;
  long tokensSaved = -1;
  @Nullable String savedModel;
  long savedInputTokens = -1;
  long savedOutputTokens = -1;

  CacheLookup() {}

  /**
   * Says whether the lookup hit.
   *
   * @param hit true for a hit
   * @return this
   */
  public CacheLookup hit(boolean hit) {
    this.hit = hit;
    return this;
  }

  /**
   * {@code tracekit.semantic_cache.similarity}: the best match's similarity score.
   *
   * @param similarity the score
   * @return this
   */
  public CacheLookup similarity(double similarity) {
    this.similarity = similarity;
    return this;
  }

  /**
   * The tokens a hit saved (counted only for hits).
   *
   * @param tokens the tokens the model call would have used
   * @return this
   */
  public CacheLookup tokensSaved(long tokens) {
    this.tokensSaved = tokens;
    return this;
  }

  /**
   * The model usage a hit saved: tokens, and cost when the model is in the price table.
   *
   * @param model the model the cached answer came from
   * @param inputTokens the input tokens saved
   * @param outputTokens the output tokens saved
   * @return this
   */
  public CacheLookup savedUsage(String model, long inputTokens, long outputTokens) {
    this.savedModel = model;
    this.savedInputTokens = Math.max(0, inputTokens);
    this.savedOutputTokens = Math.max(0, outputTokens);
    this.tokensSaved = savedInputTokens + savedOutputTokens;
    return this;
  }
}
