package dev.tracekit.mcp.internal;

import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Captured content as JSON, through the SDK's own JSON mapper (only with content capture on).
 *
 * <p>Internal: not API.
 */
final class JsonText {
  private JsonText() {}

  static @Nullable String of(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    try {
      return McpJsonDefaults.getMapper().writeValueAsString(value);
    } catch (IOException | RuntimeException | LinkageError e) {
      return String.valueOf(value);
    }
  }
}
