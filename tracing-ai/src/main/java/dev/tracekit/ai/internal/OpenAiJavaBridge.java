package dev.tracekit.ai.internal;

import dev.tracekit.ai.ResponseInfo;
import dev.tracekit.api.support.Diagnostics;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jspecify.annotations.Nullable;

/**
 * Reaches {@code dev.tracekit.ai.openai.OpenAiJavaExtractors} only when openai-java is on the class
 * path, so tracing-ai works without it.
 *
 * <p>Internal: not API.
 */
public final class OpenAiJavaBridge {
  private static final @Nullable MethodHandle EXTRACT;
  private static final @Nullable MethodHandle CLASSIFY;

  static {
    MethodHandle extract = null;
    MethodHandle classify = null;
    try {
      Class.forName(
          "com.openai.models.chat.completions.ChatCompletion",
          false,
          OpenAiJavaBridge.class.getClassLoader());
      Class<?> c = Class.forName("dev.tracekit.ai.openai.OpenAiJavaExtractors");
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      extract =
          lookup.findStatic(
              c,
              "extractAny",
              MethodType.methodType(boolean.class, Object.class, ResponseInfo.class));
      classify =
          lookup.findStatic(
              c,
              "classifyError",
              MethodType.methodType(boolean.class, Throwable.class, ResponseInfo.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      extract = null;
      classify = null;
    }
    EXTRACT = extract;
    CLASSIFY = classify;
  }

  private OpenAiJavaBridge() {}

  /**
   * Whether openai-java support is available.
   *
   * @return true with openai-java on the class path
   */
  public static boolean available() {
    return EXTRACT != null;
  }

  /**
   * Reads an openai-java result.
   *
   * @param result the result
   * @param info where to put it
   * @return true when handled
   */
  public static boolean extract(@Nullable Object result, ResponseInfo info) {
    MethodHandle h = EXTRACT;
    if (h == null || result == null || !result.getClass().getName().startsWith("com.openai.")) {
      return false;
    }
    try {
      return (boolean) h.invokeExact(result, info);
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      Diagnostics.reportOnce("ai.openai-java.extract", "reading an openai-java result failed", t);
      return false;
    }
  }

  /**
   * Classifies an openai-java exception.
   *
   * @param error the exception
   * @param info where to put it
   * @return true when handled
   */
  public static boolean classify(Throwable error, ResponseInfo info) {
    MethodHandle h = CLASSIFY;
    if (h == null || !error.getClass().getName().startsWith("com.openai.")) {
      return false;
    }
    try {
      return (boolean) h.invokeExact(error, info);
    } catch (Throwable t) {
      Diagnostics.propagateIfFatal(t);
      Diagnostics.reportOnce("ai.openai-java.classify", "reading an openai-java error failed", t);
      return false;
    }
  }
}
