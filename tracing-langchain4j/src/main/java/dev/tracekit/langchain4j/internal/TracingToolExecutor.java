package dev.tracekit.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.tracekit.ai.AiSpan;
import dev.tracekit.ai.AiTracing;
import dev.tracekit.ai.ToolCall;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * Runs a LangChain4j tool in an {@code execute_tool {name}} span that is current while the tool
 * runs (so its own calls become children). Internal.
 */
public final class TracingToolExecutor implements ToolExecutor {
  private final AiTracing ai;
  private final ToolExecutor delegate;
  private final @Nullable String name;
  private final @Nullable String description;

  /**
   * Wraps an executor.
   *
   * @param ai where spans go
   * @param delegate the executor
   * @param specification the tool's specification, or null (the name is then the request's)
   */
  public TracingToolExecutor(
      AiTracing ai, ToolExecutor delegate, @Nullable ToolSpecification specification) {
    this.ai = ai;
    this.delegate = delegate;
    this.name = specification == null ? null : specification.name();
    this.description = specification == null ? null : specification.description();
  }

  private ToolCall call(@Nullable ToolExecutionRequest request) {
    String tool = name;
    if (tool == null && request != null) {
      tool = request.name();
    }
    ToolCall call = ai.tool(tool == null ? "unknown" : tool).description(description);
    if (request != null) {
      call.callId(request.id()).arguments(request.arguments());
    }
    return call;
  }

  @Override
  @SuppressWarnings("try") // the scope only needs closing
  public String execute(ToolExecutionRequest request, Object memoryId) {
    AiSpan span = call(request).begin();
    String result;
    try (Scope ignored = span.makeCurrent()) {
      result = delegate.execute(request, memoryId);
    } catch (Throwable t) {
      span.fail(t);
      throw t;
    }
    span.result(result).end();
    return result;
  }

  @Override
  @SuppressWarnings("try") // the scope only needs closing
  public ToolExecutionResult executeWithContext(
      ToolExecutionRequest request, InvocationContext context) {
    AiSpan span = call(request).begin();
    ToolExecutionResult result;
    try (Scope ignored = span.makeCurrent()) {
      result = delegate.executeWithContext(request, context);
    } catch (Throwable t) {
      span.fail(t);
      throw t;
    }
    if (result != null && result.isError()) {
      // The tool's error handler turned a failure into a message for the model: the span still
      // says the tool failed.
      span.response().errorType("tool_error");
    } else if (result != null) {
      span.result(result.resultText());
    }
    span.end();
    return result;
  }
}
