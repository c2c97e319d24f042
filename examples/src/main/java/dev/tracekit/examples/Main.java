package dev.tracekit.examples;

/** Runs the TraceKit demonstration scenarios. */
public final class Main {
  private Main() {}

  /**
   * Entry point.
   *
   * @param args scenario names; none runs every scenario
   */
  public static void main(String[] args) {
    System.out.println("TraceKit examples");
  }
}
