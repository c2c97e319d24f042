package dev.tracekit.examples;

/**
 * One runnable scenario: a small service doing real work (HTTP requests to embedded servers, queue
 * hand-offs, model calls, database statements) and the trace it should produce.
 *
 * <p>{@link #run} does the work (HTTP requests to embedded servers, queue hand-offs, model calls,
 * database statements) and returns the check of the trace it should have produced; the runner
 * applies that check to the spans the SDK recorded.
 */
public interface Scenario {
  /** Checks the recorded spans; reports problems through the {@link TraceShape}. */
  @FunctionalInterface
  interface Check {
    /**
     * Inspects the scenario's spans.
     *
     * @param shape the spans and the problem list
     */
    void verify(TraceShape shape);
  }

  /**
   * The scenario's name on the command line, for example {@code crm-tasks}.
   *
   * @return the name
   */
  String name();

  /**
   * The service's name ({@code service.name} of the scenario's SDK), for example {@code
   * support-assistant}.
   *
   * @return the service name
   */
  String serviceName();

  /**
   * One line saying what the scenario shows.
   *
   * @return the description
   */
  String description();

  /**
   * Runs the scenario; returns once every span it produces has been started (the runner waits for
   * them to end).
   *
   * @param context the shared SDK, servers, database and queues
   * @return the check of the expected trace
   * @throws Exception when the scenario cannot run
   */
  Check run(ScenarioContext context) throws Exception;
}
