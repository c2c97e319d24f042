package dev.tracekit.core.sampling;

/**
 * What a {@link SamplingRule} does with a new trace it matches: drop it, keep it, or keep a ratio
 * of such traces (decided on the trace id, so every service sampling at the same ratio agrees).
 */
public final class SamplingAction {
  private static final SamplingAction DROP = new SamplingAction(0.0, "drop");
  private static final SamplingAction KEEP = new SamplingAction(1.0, "keep");

  private final double ratio;
  private final String text;

  private SamplingAction(double ratio, String text) {
    this.ratio = ratio;
    this.text = text;
  }

  /**
   * Drops every matching new trace.
   *
   * @return the drop action
   */
  public static SamplingAction drop() {
    return DROP;
  }

  /**
   * Keeps every matching new trace (still subject to the rate limit, if one is set).
   *
   * @return the keep action
   */
  public static SamplingAction keep() {
    return KEEP;
  }

  /**
   * Keeps this ratio of matching new traces.
   *
   * @param ratio between 0 and 1 inclusive
   * @return the ratio action ({@link #drop()} for 0, {@link #keep()} for 1)
   * @throws IllegalArgumentException when the ratio is NaN or outside [0, 1]
   */
  public static SamplingAction ratio(double ratio) {
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new IllegalArgumentException("sampling ratio must be within [0, 1], got " + ratio);
    }
    if (ratio == 0.0) {
      return DROP;
    }
    if (ratio == 1.0) {
      return KEEP;
    }
    return new SamplingAction(ratio, Double.toString(ratio));
  }

  /**
   * The share of matching new traces kept: 0 for drop, 1 for keep.
   *
   * @return the ratio
   */
  public double ratioValue() {
    return ratio;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SamplingAction other && Double.compare(other.ratio, ratio) == 0;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(ratio);
  }

  @Override
  public String toString() {
    return text;
  }
}
