package dev.tracekit.mcp;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attribute keys of OpenTelemetry's MCP semantic conventions (status: development) that MCP
 * spans and metrics carry. Declared here because their constants in {@code
 * opentelemetry-semconv-incubating} are deprecated (the conventions moved to the GenAI conventions
 * repository).
 */
public final class McpAttributes {
  private McpAttributes() {}

  /** {@code mcp.method.name}: the JSON-RPC method, for example {@code tools/call}. */
  public static final AttributeKey<String> METHOD_NAME = AttributeKey.stringKey("mcp.method.name");

  /** {@code mcp.session.id}: the MCP session. */
  public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("mcp.session.id");

  /** {@code mcp.protocol.version}: the negotiated protocol revision, for example 2025-11-25. */
  public static final AttributeKey<String> PROTOCOL_VERSION =
      AttributeKey.stringKey("mcp.protocol.version");

  /** {@code mcp.resource.uri}: the resource a {@code resources/*} request names. */
  public static final AttributeKey<String> RESOURCE_URI =
      AttributeKey.stringKey("mcp.resource.uri");

  /** {@code jsonrpc.request.id}: the JSON-RPC request id, as a string. */
  public static final AttributeKey<String> JSONRPC_REQUEST_ID =
      AttributeKey.stringKey("jsonrpc.request.id");

  /**
   * {@code rpc.response.status_code}: the JSON-RPC error code of a failed request, as a string (the
   * key that replaced {@code rpc.jsonrpc.error_code}).
   */
  public static final AttributeKey<String> RPC_RESPONSE_STATUS_CODE =
      AttributeKey.stringKey("rpc.response.status_code");

  /** {@code gen_ai.tool.name}: the tool of a {@code tools/call}. */
  public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");

  /** {@code gen_ai.prompt.name}: the prompt of a {@code prompts/get}. */
  public static final AttributeKey<String> PROMPT_NAME =
      AttributeKey.stringKey("gen_ai.prompt.name");

  /** {@code gen_ai.operation.name}: {@code execute_tool} on {@code tools/call} spans. */
  public static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("gen_ai.operation.name");

  /** {@code gen_ai.tool.call.arguments}: only with content capture on, redacted. */
  public static final AttributeKey<String> TOOL_CALL_ARGUMENTS =
      AttributeKey.stringKey("gen_ai.tool.call.arguments");

  /** {@code gen_ai.tool.call.result}: only with content capture on, redacted. */
  public static final AttributeKey<String> TOOL_CALL_RESULT =
      AttributeKey.stringKey("gen_ai.tool.call.result");

  /** The {@code error.type} of a {@code tools/call} whose result says {@code isError: true}. */
  public static final String TOOL_ERROR = "tool_error";

  /** The name of the client's duration histogram, in seconds. */
  public static final String CLIENT_OPERATION_DURATION = "mcp.client.operation.duration";

  /** The name of the server's duration histogram, in seconds. */
  public static final String SERVER_OPERATION_DURATION = "mcp.server.operation.duration";
}
