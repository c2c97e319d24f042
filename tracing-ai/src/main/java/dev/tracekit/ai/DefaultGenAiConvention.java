package dev.tracekit.ai;

/**
 * The GenAI semantic conventions' span names, {@code {operation} {target}}; a workflow node is
 * named {@code {bot}.{node}}, a handoff {@code handoff {source} -> {target}}. Adds no attributes.
 * Keys and metric names follow {@link #version()}.
 */
public class DefaultGenAiConvention implements GenAiConvention {
  private final GenAiConventionVersion version;

  /** Use {@link GenAiConvention#DEFAULT}; subclasses may extend it. */
  protected DefaultGenAiConvention() {
    this(GenAiConventionVersion.V1_41);
  }

  /**
   * Use {@link GenAiConvention#DEFAULT} or {@link GenAiConvention#LATEST_EXPERIMENTAL}; subclasses
   * may extend them.
   *
   * @param version the version of the conventions' names
   * @throws NullPointerException if {@code version} is null
   */
  protected DefaultGenAiConvention(GenAiConventionVersion version) {
    this.version = java.util.Objects.requireNonNull(version, "version");
  }

  @Override
  public GenAiConventionVersion version() {
    return version;
  }

  @Override
  public String spanName(String operation, String target) {
    if (WORKFLOW_NODE.equals(operation)) {
      return target;
    }
    if (HANDOFF.equals(operation)) {
      return "handoff " + target;
    }
    return operation + " " + target;
  }
}
