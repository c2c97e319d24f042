package dev.tracekit.ai;

/**
 * The GenAI semantic conventions' span names, {@code {operation} {target}}; a workflow node is
 * named {@code {bot}.{node}}, a handoff {@code handoff {source} -> {target}}. Adds no attributes.
 */
public class DefaultGenAiConvention implements GenAiConvention {
  /** Use {@link GenAiConvention#DEFAULT}; subclasses may extend it. */
  protected DefaultGenAiConvention() {}

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
