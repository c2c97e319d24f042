package dev.tracekit.springai.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jspecify.annotations.Nullable;

/**
 * Getters that exist only on newer Spring AI lines (2.0: cache tokens, streaming flag, tool call
 * id), resolved once; on older lines they read as absent.
 *
 * <p>Internal: not API.
 */
final class Compat {
  private static final @Nullable MethodHandle CACHE_READ =
      find("org.springframework.ai.chat.metadata.Usage", "getCacheReadInputTokens", Long.class);
  private static final @Nullable MethodHandle CACHE_WRITE =
      find("org.springframework.ai.chat.metadata.Usage", "getCacheWriteInputTokens", Long.class);
  private static final @Nullable MethodHandle STREAMING =
      find(
          "org.springframework.ai.chat.observation.ChatModelObservationContext",
          "isStreaming",
          boolean.class);
  private static final @Nullable MethodHandle TOOL_CALL_ID =
      find(
          "org.springframework.ai.tool.observation.ToolCallingObservationContext",
          "getToolCallId",
          String.class);

  private Compat() {}

  static @Nullable Long cacheReadTokens(Object usage) {
    return (Long) invoke(CACHE_READ, usage);
  }

  static @Nullable Long cacheWriteTokens(Object usage) {
    return (Long) invoke(CACHE_WRITE, usage);
  }

  static boolean streaming(Object context) {
    return Boolean.TRUE.equals(invoke(STREAMING, context));
  }

  static @Nullable String toolCallId(Object context) {
    Object id = invoke(TOOL_CALL_ID, context);
    return id instanceof String && !((String) id).isEmpty() ? (String) id : null;
  }

  private static @Nullable Object invoke(@Nullable MethodHandle handle, Object target) {
    if (handle == null) {
      return null;
    }
    try {
      return handle.invoke(target);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      return null;
    }
  }

  private static @Nullable MethodHandle find(String type, String name, Class<?> returns) {
    try {
      Class<?> owner = Class.forName(type, false, Compat.class.getClassLoader());
      return MethodHandles.publicLookup()
          .findVirtual(owner, name, MethodType.methodType(returns))
          .asType(MethodType.methodType(Object.class, Object.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
