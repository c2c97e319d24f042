package dev.tracekit.examples;

/**
 * {@code java -jar tracekit-examples.jar [scenario ...] [--otlp URL] [--no-trees] [--help]}: runs
 * the scenarios, prints their trace trees and the per-operation latency table, exits 0 when every
 * scenario produced its expected trace, 1 otherwise, 2 for a usage error.
 */
public final class Main {
  private Main() {}

  /**
   * Entry point.
   *
   * @param args scenario names and options
   */
  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args, System.getenv(), System.out);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(Options.usage());
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.print(Options.usage());
      return;
    }
    System.exit(Examples.run(options).exitCode());
  }
}
